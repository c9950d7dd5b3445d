"""A writer SIGKILLed while publishing (between its pending list and its completion marker): the next
run's recovery finishes the commit when every file is still there, or removes what it published.

The archive runs publish in milliseconds, so random kills of whole runs (test_kill.py) rarely land
there; this writer publishes 1,500 partition files, which takes long enough to kill it mid-way.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from crawler.run import PROJECT_ROOT
from storage import read
from storage.recover import recover
from tests.reliability import datasets

PARTITIONS = 1500
WRITER = textwrap.dedent(
    f"""
    import sys
    from datetime import UTC, datetime, timedelta
    from crawler.items import Rating
    from storage.rows import rating_row, run_row
    from storage.write import RunWriter

    root, run_id = sys.argv[1], sys.argv[2]
    t0 = datetime(2020, 1, 1, tzinfo=UTC)
    writer = RunWriter(root, run_id)
    rows = [
        rating_row(f"en/news/a{{i}}", Rating(i, 4.0), observed_at=t0 + timedelta(days=i), run_id=run_id)
        for i in range({PARTITIONS})
    ]
    writer.write("ratings", rows)  # one file per observed_date partition
    print("committing", flush=True)
    writer.commit(run_row(run_id, flow="test", started_at=t0, finished_at=t0, status="completed"))
    """
)


def _killed_while_publishing(root: Path, run_id: str) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(root), run_id],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline() == "committing\n"
    pending = root / "_pending" / f"{run_id}.json"
    deadline = time.monotonic() + 60
    while not pending.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.001)
    time.sleep(0.01)  # some files published, not all
    process.send_signal(signal.SIGKILL)
    process.wait()
    published = len(datasets.parquet_files(root, "ratings"))
    if process.returncode != -signal.SIGKILL or not 0 < published < PARTITIONS:
        pytest.skip(f"the kill missed the publishing window ({published} files published)")
    assert not (root / "_runs" / f"{run_id}.json").exists()


def test_a_run_killed_while_publishing_is_completed(tmp_path: Path) -> None:
    _killed_while_publishing(tmp_path, "killed")
    assert read.count_rows(tmp_path, "ratings") == 0  # uncommitted: invisible to this package
    assert datasets.only_committed_files(tmp_path)  # ... but plain one-liners see part of it

    result = recover(tmp_path)
    assert result.completed == ["killed"] and not result.discarded
    assert read.count_rows(tmp_path, "ratings") == PARTITIONS
    assert len(datasets.rows(tmp_path, "ratings")) == PARTITIONS
    assert not datasets.only_committed_files(tmp_path)
    assert [r["run_id"] for r in datasets.rows(tmp_path, "runs")] == ["killed"]
    assert not any((tmp_path / "_pending").iterdir()) and not any((tmp_path / "_staging").iterdir())


def test_a_run_killed_while_publishing_with_a_file_gone_is_removed(tmp_path: Path) -> None:
    _killed_while_publishing(tmp_path, "killed")
    next(p for p in (tmp_path / "_staging" / "killed").glob("**/*.parquet")).unlink()

    result = recover(tmp_path)
    assert result.discarded == ["killed"] and not result.completed
    assert datasets.parquet_files(tmp_path, "ratings") == []
    assert datasets.parquet_files(tmp_path, "runs") == []
    assert not (tmp_path / "_staging" / "killed").exists()
