"""Batches staged on disk (crawler/stage/spill.py) by whoever extracts them: a retried batch
overwrites its own file, and the run's extraction reads the batches back in order."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from crawler.items import Outcome
from crawler.stage.extract import FetchRecord, PageResult
from crawler.stage.spill import batch_name, spill_batch, spilled_extraction


def pages(*statuses: int) -> list[PageResult]:
    at = datetime(2026, 1, 2, tzinfo=UTC)
    return [
        PageResult(FetchRecord(f"https://example.org/{n}/", status, at), Outcome.FAILED)
        for n, status in enumerate(statuses)
    ]


def test_a_retried_batch_overwrites_its_own_file_and_the_extraction_reads_the_batches_in_order(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "pages"
    first = spill_batch(folder, batch_name(0), pages(500, 500, 500))
    second = spill_batch(folder, batch_name(1), pages(404))
    retried = spill_batch(folder, batch_name(0), pages(503, 502))  # the same batch, run again

    assert sorted(path.name for path in folder.iterdir()) == [batch_name(0), batch_name(1)]  # no temp file
    assert (first.count, retried.count) == (3, 2)
    extraction = spilled_extraction(folder, [retried, second])
    assert [page.record.status for page in extraction.pages] == [503, 502, 404]
    assert extraction.outcomes == {"failed": 3}
