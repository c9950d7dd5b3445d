"""SIGKILL a writing (and compacting) process at random points; every dataset must stay readable."""

from __future__ import annotations

import importlib.util
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import duckdb
import pandas as pd
import pyarrow.parquet as pq

from storage import read
from storage.compact import compact
from storage.schemas import SCHEMAS

REPO = Path(__file__).resolve().parents[2]
WRITER = Path(__file__).with_name("crash_writer.py")
TRIALS = 20


def _writer_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("crash_writer", WRITER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _dataset_files(root: Path, name: str) -> list[Path]:
    return sorted((root / name).glob("**/*.parquet"))


def _check_outside_readers(root: Path, verified: set[Path]) -> dict[str, int]:
    counts = {}
    for name in SCHEMAS:
        files = _dataset_files(root, name)
        for path in set(files) - verified:  # no partial file: every one reads whole (names are never reused)
            rows = pq.read_table(path).num_rows
            # the writer writes no articles and no failures: those datasets hold one empty file each
            assert rows > 0 or name in ("articles", "failures"), path
            verified.add(path)
        if not files:
            continue
        counts[name] = len(pd.read_parquet(root / name))
        glob = f"{root}/{name}/**/*.parquet"
        [(n,)] = duckdb.sql(f"SELECT count(*) FROM read_parquet('{glob}', hive_partitioning=true)").fetchall()
        assert n == counts[name]
    return counts


def _check_package_readers(root: Path, writer: ModuleType) -> int:
    runs = read.read_table(root, "runs")["run_id"].to_pylist()
    committed = {p.stem for p in (root / "_runs").glob("*.json")}
    assert sorted(runs) == sorted(committed)  # one runs row per committed run, none for the others
    ratings = read.read_table(root, "ratings", columns=["run_id", "article_id"])
    keys = list(zip(ratings["run_id"].to_pylist(), ratings["article_id"].to_pylist(), strict=True))
    assert len(keys) == len(set(keys)), "duplicate rating rows"
    assert len(keys) == writer.RATINGS_PER_RUN * len(committed)
    assert set(ratings["run_id"].to_pylist()) <= committed
    assert read.count_rows(root, "fetches") == writer.FETCHES_PER_RUN * len(committed)
    assert read.count_rows(root, "polls") == 2 * len(committed)
    return len(committed)


def test_sigkill_at_random_points_leaves_every_dataset_readable(tmp_path: Path) -> None:
    writer = _writer_module()
    rng = random.Random(20261128)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    killed_mid_run = 0
    verified: set[Path] = set()

    def spawn(trial: int) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, str(WRITER), str(tmp_path), f"t{trial}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=REPO,
        )

    following: subprocess.Popen[str] | None = spawn(0)
    try:
        for trial in range(TRIALS):
            proc, following = following, (spawn(trial + 1) if trial + 1 < TRIALS else None)
            assert proc is not None and proc.stdin is not None and proc.stdout is not None
            assert proc.stdout.readline().strip() == "ready"
            proc.stdin.write("go\n")
            proc.stdin.flush()
            time.sleep(rng.uniform(0.0, 0.4))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            started = [line.split() for line in proc.stdout.read().splitlines() if line.startswith("start")]
            proc.stdout.close()
            proc.stdin.close()

            _check_outside_readers(tmp_path, verified)
            _check_package_readers(tmp_path, writer)

            if started:  # the retry of the interrupted run (Prefect would retry it)
                _, run_id, index = started[-1]
                if not (tmp_path / "_runs" / f"{run_id}.json").exists():
                    killed_mid_run += 1
                    writer.one_run(str(tmp_path), run_id, int(index))
            _check_package_readers(tmp_path, writer)
    finally:
        if following is not None:
            following.kill()
            following.wait()

    # recovery: a compaction finishes what killed compactions left; then outside readers agree too
    compact(tmp_path)
    committed = _check_package_readers(tmp_path, writer)
    outside = _check_outside_readers(tmp_path, verified)
    assert outside["ratings"] == writer.RATINGS_PER_RUN * committed
    assert outside["runs"] == committed
    assert committed >= TRIALS and killed_mid_run >= 5
