"""Re-extraction's plain pieces: batches cut by WARC file and size, the same outcomes in this
process and in a local process pool, staged rows dropped by a report-only run."""

from __future__ import annotations

from pathlib import Path

from crawler.replica.process import ReplicaProcess
from storage.reextraction import finish_reextraction, plan_reextraction, run_batches
from tests.flows.test_reextract import SEED, _archive


def test_batches_in_a_pool_give_what_one_process_gives(tmp_path: Path, replica: ReplicaProcess) -> None:
    _archive(tmp_path, replica, "run-1", edit=True)
    job = plan_reextraction(tmp_path, str(tmp_path), "reextract-a", batch_records=3)
    sizes = [len(batch.refs) for batch in job.batches]
    assert sizes == [3, 3, 2]  # 8 stored articles in one WARC file
    offsets = [ref.record.warc_offset or 0 for batch in job.batches for ref in batch.refs]
    assert offsets == sorted(offsets)  # each file read front to back

    here = run_batches(job.batches, workers=1)
    pooled = run_batches(job.batches, workers=2, pool_min_records=0)
    assert [(o.number, o.same, o.differing, o.unreadable) for o in pooled] == [
        (o.number, o.same, o.differing, o.unreadable) for o in here
    ]
    assert len({o.worker for o in pooled}) >= 1 and {o.worker for o in pooled}.isdisjoint(
        {o.worker for o in here}
    )
    report = finish_reextraction(job, pooled, write=False)
    assert [d.article_id for d in report.differing] == [SEED.strip("/")] and report.written == 0
    assert report.differing[0].fields == ("body",) and "An older body." in report.differing[0].detail
    assert not list((tmp_path / "_staging").rglob("*.parquet"))  # a report-only run publishes nothing
