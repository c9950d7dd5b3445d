"""kill -9 of the archive run (the whole process group) at random moments of fetching, extraction
and writing: every dataset stays readable with no partial file, WARC files read up to their last
complete record, and once the next run completes the datasets hold exactly what a clean run stores.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from crawler.replica.process import ReplicaProcess
from tests.reliability import datasets
from tests.reliability.cli import group_commands, kill_group, run_crawl, start_crawl

ARTICLES, SEED = 40, 9
KILLS = 21
# Per fresh data directory: kills chained on it (a killed run's next run is the next trial), then
# one run to completion. Extraction first: once a kill lands after the commit, later runs are quiet
# days whose extraction takes milliseconds.
ORDER = ("extraction", "fetching", "writing", "extraction", "fetching", "writing", "extraction")
GROUPS = 3
POLL = 0.01


def test_kill_9_at_random_moments_loses_and_duplicates_nothing(
    replica_factory: Callable[..., ReplicaProcess], tmp_path: Path, env: dict[str, str]
) -> None:
    site = replica_factory(articles=ARTICLES, seed=SEED)
    reference = tmp_path / "reference"
    clean = run_crawl(site.base_url, reference, env)
    assert clean.returncode == 0, clean.stderr[-3000:]

    rng = random.Random(20261128)
    phases: Counter[str] = Counter()
    trials = []
    for group in range(GROUPS):
        data = tmp_path / f"data-{group}"
        for trial, target in enumerate(ORDER):
            t0 = time.monotonic()
            phase = _kill_once(site, data, env, tmp_path / f"run-{group}-{trial}.err", target, rng)
            trials.append(f"{target}->{phase} {time.monotonic() - t0:.1f}s")
            phases[phase] += 1
            datasets.check_readable(data)  # every file whole, pyarrow and DuckDB agree
            datasets.check_warcs(data)
        done = run_crawl(site.base_url, data, env)
        assert done.returncode == 0, done.stderr[-3000:]
        _assert_same_as_reference(data, reference)

    kills = sum(n for phase, n in phases.items() if phase != "finished")
    print(f"\nkill -9: {kills} kills, phases hit {dict(phases)}\n  " + "; ".join(trials))
    assert kills >= 20, phases
    assert phases["fetching"] and phases["extraction"] and phases["writing"], phases


def _kill_once(
    site: ReplicaProcess, data: Path, env: dict[str, str], err: Path, target: str, rng: random.Random
) -> str:
    """Start a run, wait for a random moment of the ``target`` phase, SIGKILL its process group;
    return the phase it was in (from its progress lines and its processes)."""
    process = start_crawl(site.base_url, data, env, err)
    crawl_dirs = _new_dirs(data / "warc")
    fetched = rng.randint(1, 20)  # fetching: after this many fetches
    delay = {"fetching": 0.0, "extraction": rng.uniform(0, 0.05), "writing": rng.uniform(0, 0.5)}[target]
    crawl_seen = False
    moment: float | None = None
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        crawling = any(" scrapy crawl " in c for c in group_commands(process.pid))
        crawl_seen = crawl_seen or crawling
        if moment is None:
            if target == "fetching":
                hit = crawling and _manifest_lines(crawl_dirs()) >= fetched
            elif target == "extraction":
                hit = crawl_seen and not crawling
            else:
                hit = "storing" in err.read_text(errors="replace")
            if hit:
                moment = time.monotonic() + delay
        if moment is not None and time.monotonic() >= moment:
            break
        time.sleep(POLL)
    if process.poll() is not None:
        return "finished"
    phase = _phase(process.pid, err.read_text(errors="replace"), crawl_seen)
    kill_group(process)
    return phase


def _new_dirs(root: Path) -> Callable[[], list[Path]]:
    before = set(root.glob("*")) if root.exists() else set()
    return lambda: [p for p in root.glob("*") if p not in before] if root.exists() else []


def _manifest_lines(crawl_dirs: list[Path]) -> int:
    total = 0
    for directory in crawl_dirs:
        manifest = directory / "manifest.jsonl"
        if manifest.exists():
            total += manifest.read_bytes().count(b"\n")
    return total


def _phase(pgid: int, stderr: str, crawl_seen: bool) -> str:
    if "storing" in stderr:
        return "writing"
    if any(" scrapy crawl " in command for command in group_commands(pgid)):
        return "fetching"
    return "extraction" if crawl_seen else "starting"


def _assert_same_as_reference(data: Path, reference: Path) -> None:
    assert datasets.duplicates(data) == {dataset: [] for dataset in datasets.KEYS}
    assert not datasets.only_committed_files(data), "files of an uncommitted run are visible"
    assert not list((data / "_staging").glob("*")) and not list((data / "_pending").glob("*"))
    for dataset, columns in (
        ("articles", "article_id, content_digest, title, body"),
        ("ratings", "article_id, votes, average"),
        ("polls", "poll_id, question_index, option_index, votes, percent"),
        ("failures", "url, stage, error_type"),
    ):
        got = Counter(tuple(r.values()) for r in datasets.rows(data, dataset, columns))
        want = Counter(tuple(r.values()) for r in datasets.rows(reference, dataset, columns))
        assert got == want, f"{dataset}: lost {want - got}, extra {got - want}"
    runs = {r["run_id"] for r in datasets.rows(data, "runs", "run_id")}
    assert runs == {p.stem for p in (data / "_runs").glob("*.json")}
    datasets.check_warcs(data)
