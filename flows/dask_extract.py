"""A big run's extraction on a Dask cluster: the crawl here, then its pages in batches on Dask workers.

With ``ArchiveOptions.dask_address`` set, the archive flow crawls first (``pipeline.crawl``), then
sends the fetch manifest's records to the scheduler in batches of ``BATCH_RECORDS`` through Prefect's
``DaskTaskRunner``, one ``extract-batch`` task each (``crawler.stage.extract.extract_batch``). The
workers read the WARC records themselves from the data directory and write each batch's pages to the
run's work folder (``<data>/_work/<run id>/pages/``, as a local big run spills them:
``crawler/stage/spill.py``), so they must see its path (this machine, or a shared file system). Only
each batch's small summary comes back through Dask; the flow's extraction is a ``SpilledPages`` over
the batch files in manifest order, read once by the store stage and removed after the commit. The
stored rows are those of the local extraction (``tests/flows/test_dask_crawl.py``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import unmapped

from crawler.stage.crawl import CrawlOutput
from crawler.stage.extract import (
    MIN_BATCH,
    Extraction,
    FetchRecord,
    extract_batch,
    read_manifest,
)
from crawler.stage.spill import BatchInfo, batch_name, spill_batch, spilled_extraction
from flows import pipeline
from flows.options import ArchiveOptions
from flows.prefect_support import forward_logs
from flows.retry import only_transient

log = logging.getLogger("flows.stages")
BATCH_RECORDS = MIN_BATCH  # manifest records per extract-batch task


@task(
    name="crawl", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=60, retry_condition_fn=only_transient
)
def crawl_task(options: ArchiveOptions, prepared: pipeline.Prepared) -> CrawlOutput:
    """The crawl alone (its extraction goes to Dask afterwards)."""
    with forward_logs():
        return pipeline.crawl(options, prepared)


@task(name="extract-batch", cache_policy=NO_CACHE, retries=2, retry_condition_fn=only_transient)
def extract_batch_task(
    records: list[FetchRecord], known_ids: frozenset[str], warc_root: Path, spill: Path, name: str
) -> BatchInfo:
    """On a Dask worker: extract one batch and write its pages to ``spill / name`` (a retry
    overwrites the same file); only the batch's summary goes back to the flow."""
    return spill_batch(spill, name, extract_batch(records, known_ids, warc_root))


def extract_on_dask(
    options: ArchiveOptions, prepared: pipeline.Prepared, crawled: CrawlOutput, batch_size: int | None = None
) -> Extraction:
    """Every page of the finished crawl, extracted on the Dask cluster at ``options.dask_address``
    and staged by its workers in the run's work folder (the result's ``pages`` reads them back)."""
    from flows.reextract import dask_runner

    records = read_manifest(crawled.manifest, prepared.shift)
    size = batch_size or BATCH_RECORDS
    parts = [records[start : start + size] for start in range(0, len(records), size)]
    known = frozenset(prepared.known.articles)
    spill = pipeline.work_dir(options, prepared.run_id).resolve() / "pages"  # seen by the workers
    with dask_runner(options.dask_address) as runner:
        futures = runner.map(
            extract_batch_task,
            {
                "records": parts,
                "known_ids": unmapped(known),
                "warc_root": unmapped(crawled.warc_root),
                "spill": unmapped(spill),
                "name": [batch_name(number) for number in range(len(parts))],
            },
        )
        done = [future.result() for future in futures]
    extraction = spilled_extraction(spill, done)
    outcomes = ", ".join(f"{k} {v}" for k, v in sorted(extraction.outcomes.items()))
    with forward_logs():
        log.info("extracted %d pages on Dask in %d batches: %s", len(extraction.pages), len(done), outcomes)
    return extraction
