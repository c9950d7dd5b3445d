"""Compaction: fewer files, same rows, and a reader looping meanwhile never sees a row twice or misses one."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from storage import read
from storage.compact import CompactionBusy, _lock, compact
from storage.store import open_store
from storage.write import CommitResult, RunAlreadyCompacted

WriteRun = Callable[..., CommitResult]


def _files(root: Path, name: str) -> list[Path]:
    return sorted((root / name).glob("**/*.parquet"))


def test_compaction_merges_per_partition_and_keeps_rows(tmp_path: Path, run_writer: WriteRun) -> None:
    base = read.rating_history(tmp_path)
    for i in range(6):
        run_writer(tmp_path, f"r{i}", articles=3, at=_day(i % 2, i))
    before = read.rating_history(tmp_path)
    polls_before = read.poll_history(tmp_path)
    assert len(_files(tmp_path, "ratings")) == 6
    report = compact(tmp_path)
    assert len(_files(tmp_path, "ratings")) == 2  # one per observed_date partition
    assert len(_files(tmp_path, "runs")) == 1
    assert report.merged["ratings/observed_date=2026-03-01"] == 3
    assert read.rating_history(tmp_path).equals(before)
    assert read.poll_history(tmp_path).equals(polls_before)
    assert base.num_rows == 0 and before.num_rows == 18
    assert compact(tmp_path).merged == {}  # nothing left to merge


def test_a_compacted_run_cannot_be_replaced_by_a_retry(tmp_path: Path, run_writer: WriteRun) -> None:
    run_writer(tmp_path, "a", articles=2)
    run_writer(tmp_path, "b", articles=2)
    compact(tmp_path, "ratings")
    with pytest.raises(RunAlreadyCompacted):
        run_writer(tmp_path, "a", articles=2)


def test_one_compaction_at_a_time(tmp_path: Path) -> None:
    with _lock(open_store(tmp_path)), pytest.raises(CompactionBusy):
        compact(tmp_path)


def test_reader_looping_during_compactions_sees_every_row_once(tmp_path: Path, run_writer: WriteRun) -> None:
    for i in range(12):
        run_writer(tmp_path, f"r{i:02d}", articles=4, at=_day(i % 3, i))
    expected = read.rating_history(tmp_path).num_rows
    stop = threading.Event()
    seen: list[int] = []
    errors: list[BaseException] = []

    def reader() -> None:
        try:
            while not stop.is_set():
                table = read.read_table(tmp_path, "ratings", columns=["run_id", "article_id"])
                keys = set(zip(table["run_id"].to_pylist(), table["article_id"].to_pylist(), strict=True))
                assert len(keys) == table.num_rows, "a row seen twice"
                seen.append(table.num_rows)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for round_ in range(4):  # new runs arrive, compaction merges them with earlier merged files
            run_writer(tmp_path, f"late{round_}", articles=4, at=_day(round_ % 3, 20 + round_))
            compact(tmp_path, "ratings")
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not errors, errors
    assert len(seen) >= 3
    final = expected + 4 * 4
    assert all(expected <= n <= final for n in seen)
    assert seen == sorted(seen)  # never a row missed after it was seen
    assert read.rating_history(tmp_path).num_rows == final


def _day(day: int, hour: int) -> object:
    from datetime import UTC, datetime

    return datetime(2026, 3, 1, tzinfo=UTC) + timedelta(days=day, minutes=hour)


def test_reader_at_every_step_of_a_compaction(
    tmp_path: Path, run_writer: WriteRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deterministic companion of the looping test: read after every file operation compaction makes."""
    from storage.store import LocalStore

    for i in range(5):
        run_writer(tmp_path, f"r{i}", articles=3, at=_day(0, i))
    expected = read.rating_history(tmp_path).num_rows
    checks: list[str] = []

    def checked(method: Callable[..., None]) -> Callable[..., None]:
        def wrapper(self: LocalStore, *args: str) -> None:
            method(self, *args)
            table = read.read_table(tmp_path, "ratings", columns=["run_id", "article_id"])
            keys = set(zip(table["run_id"].to_pylist(), table["article_id"].to_pylist(), strict=True))
            assert table.num_rows == len(keys) == expected, (method.__name__, args)
            checks.append(method.__name__)

        return wrapper

    for name in ("write_bytes", "move", "delete"):
        monkeypatch.setattr(LocalStore, name, checked(getattr(LocalStore, name)))
    compact(tmp_path, "ratings")
    assert checks.count("move") == 1 and checks.count("delete") == 5 and checks.count("write_bytes") == 2


def test_compaction_leaves_no_staging_that_looks_like_an_interrupted_run(
    tmp_path: Path, run_writer: WriteRun
) -> None:
    from storage.recover import recover

    for i in range(3):
        run_writer(tmp_path, f"r{i}", articles=2)
    assert compact(tmp_path).merged
    assert not (tmp_path / "_staging" / "_compact").exists()
    assert not recover(tmp_path)  # the next crawl reports no recovery
    (tmp_path / "_staging" / "_compact").mkdir(parents=True)  # a compaction running meanwhile
    (tmp_path / "_staging" / "_compact" / "x.parquet").write_bytes(b"partial")
    assert not recover(tmp_path) and (tmp_path / "_staging" / "_compact" / "x.parquet").exists()
    compact(tmp_path)  # the next compaction clears what a killed one staged
    assert not (tmp_path / "_staging" / "_compact").exists()
