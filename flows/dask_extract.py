"""A big run's extraction on a Dask cluster: the crawl here, then its pages in batches on Dask workers.

With ``ArchiveOptions.dask_address`` set, the archive flow crawls first (``pipeline.crawl``), then
sends the fetch manifest's records to the scheduler in batches of ``MIN_BATCH`` through Prefect's
``DaskTaskRunner``, one ``extract-batch`` task each (``crawler.stage.extract.extract_batch``). The
workers read the WARC records themselves from the data directory, so they must see its path (this
machine, or a shared file system). The pages come back in manifest order and are summarised exactly
as the local extraction does, so the stored rows are the same (``tests/flows/test_dask_crawl.py``).
"""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import unmapped

from crawler.stage.crawl import CrawlOutput
from crawler.stage.extract import (
    MIN_BATCH,
    Extraction,
    FetchRecord,
    PageResult,
    extract_batch,
    read_manifest,
    summarise,
)
from flows import pipeline
from flows.options import ArchiveOptions
from flows.prefect_support import forward_logs
from flows.retry import only_transient


@task(
    name="crawl", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=60, retry_condition_fn=only_transient
)
def crawl_task(options: ArchiveOptions, prepared: pipeline.Prepared) -> CrawlOutput:
    """The crawl alone (its extraction goes to Dask afterwards)."""
    with forward_logs():
        return pipeline.crawl(options, prepared)


@task(name="extract-batch", cache_policy=NO_CACHE, retries=2, retry_condition_fn=only_transient)
def extract_batch_task(
    records: list[FetchRecord], known_ids: frozenset[str], warc_root: Path
) -> list[PageResult]:
    return extract_batch(records, known_ids, warc_root)


def extract_on_dask(
    options: ArchiveOptions, prepared: pipeline.Prepared, crawled: CrawlOutput, batch_size: int = MIN_BATCH
) -> Extraction:
    """Every page of the finished crawl, extracted on the Dask cluster at ``options.dask_address``."""
    from flows.reextract import dask_runner

    records = read_manifest(crawled.manifest, prepared.shift)
    parts = [records[start : start + batch_size] for start in range(0, len(records), batch_size)]
    known = frozenset(prepared.known.articles)
    with dask_runner(options.dask_address) as runner:
        futures = runner.map(
            extract_batch_task,
            {"records": parts, "known_ids": unmapped(known), "warc_root": unmapped(crawled.warc_root)},
        )
        pages = [page for future in futures for page in future.result()]
    return summarise(pages)
