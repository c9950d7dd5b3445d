"""The ``archive`` flow: crawl → extract → store, tasks over ``flows.pipeline``.

Tasks cover a whole stage, never one article: prepare, crawl-extract (the crawl, with extraction
batched across worker processes while it fetches), extract (only after a transient extraction
failure: again from the finished crawl's manifest, so a retry never crawls again), store. Retries
only for transient errors (network, busy file system); a layout drift or a bug fails at once. The
run is renamed at the end to say what it did.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, TypeVar, cast

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from crawler.stage.crawl import CrawlOutput
from crawler.stage.extract import Extraction
from flows import pipeline
from flows.options import ArchiveOptions
from flows.prefect_support import deliver, forward_logs, publish_outputs, publish_report, rename_run, run_id
from flows.retry import only_transient
from flows.runlock import exclusive_run
from flows.site_limit import site_slot
from storage.run_report import LayoutDriftError, RunReport

if TYPE_CHECKING:
    from storage.outputs.after_run import RunOutputs

T = TypeVar("T")


@task(
    name="prepare", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5, retry_condition_fn=only_transient
)
def prepare_task(options: ArchiveOptions, rid: str, flow_name: str) -> pipeline.Prepared:
    with forward_logs():
        return pipeline.prepare(options, rid, flow_name)


@task(
    name="crawl-extract",
    cache_policy=NO_CACHE,
    retries=1,
    retry_delay_seconds=60,
    retry_condition_fn=only_transient,
)
def crawl_extract_task(
    options: ArchiveOptions, prepared: pipeline.Prepared
) -> tuple[CrawlOutput, Extraction | None]:
    """The crawl, with extraction running in worker processes while it fetches (they overlap). A
    transient extraction failure after the crawl finished leaves the extraction to ``extract``."""
    with forward_logs():
        return pipeline.crawl_then_extraction(options, prepared)


@task(
    name="extract", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5, retry_condition_fn=only_transient
)
def extract_task(options: ArchiveOptions, prepared: pipeline.Prepared, crawled: CrawlOutput) -> Extraction:
    """Extraction again from the finished crawl's manifest and WARC files: retried on its own."""
    with forward_logs():
        return pipeline.extract(options, prepared, crawled)


@task(
    name="store", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5, retry_condition_fn=only_transient
)
def store_task(
    options: ArchiveOptions,
    prepared: pipeline.Prepared,
    extraction: Extraction,
    crawled: CrawlOutput | None,
) -> RunReport:
    report = pipeline.new_report(options, prepared)
    with forward_logs():
        pipeline.store(options, prepared, extraction, crawled, report)
    return report


@task(name="report-and-card", cache_policy=NO_CACHE)
def outputs_task(options: ArchiveOptions) -> RunOutputs:
    """The research report rebuilt under ``<data>/report/`` and the dataset card refreshed."""
    from storage.outputs.after_run import refresh_outputs  # matplotlib: only when a run draws

    with forward_logs():
        return refresh_outputs(options.datasets_root, options.data)


@task(name="wacz", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5, retry_condition_fn=only_transient)
def wacz_task(options: ArchiveOptions, rid: str) -> str:
    """The stored run packaged as one WACZ file (``options.wacz``)."""
    with forward_logs():
        return str(pipeline.package_wacz(options, rid))


def _q(value: T) -> T:
    """Prefect's ``quote``, typed as the value it wraps (the task receives the value itself)."""
    return cast(T, quote(value))


def run_stages(options: ArchiveOptions, flow_name: str) -> RunReport:
    """The body every crawl-based flow shares (``archive`` and ``refresh``)."""
    t0 = time.monotonic()
    rid = run_id()
    # one run of the site across workers (first: recovery must not undo another worker's commit),
    # one run per data directory; killed runs recovered
    with site_slot(options.site), exclusive_run(options.data, rid, datasets=options.datasets_root):
        prepared = prepare_task(options, rid, flow_name)
        idle = pipeline.idle_report(options, prepared)
        if idle is not None:  # nothing to do is not an error: one line, a run named for it
            rename_run(f"{flow_name} {idle.day_label}: {idle.idle}")
            deliver(idle)
            return idle
        # quote(): large values pass through without Prefect walking them for futures
        extraction: Extraction | None
        if options.dask_address is not None:  # crawl here, then extract on the Dask cluster
            from flows.dask_extract import crawl_task, extract_on_dask

            crawled = crawl_task(options, _q(prepared))
            extraction = extract_on_dask(options, prepared, crawled)
        else:
            crawled, extraction = crawl_extract_task(options, _q(prepared))
        if extraction is None:  # the crawl is done and archived: only the extraction runs again
            extraction = extract_task(options, _q(prepared), _q(crawled))
        report = store_task(options, _q(prepared), _q(extraction), crawled)
        if options.wacz is not None:
            wacz_task(options, rid)
    report.duration_s = time.monotonic() - t0
    publish_report(report)
    try:  # the run's rows are committed: a report or card that cannot be drawn must not fail it
        publish_outputs(outputs_task(options))
    except Exception as exc:
        get_run_logger().warning("report and dataset card not refreshed: %s", exc)
    rename_run(f"{flow_name} {report.day_label}: {report.summary_line()}")
    deliver(report)
    return report


def outcome(options: ArchiveOptions, report: RunReport) -> Any:
    """The flow's return value: its counts, or a Failed state saying why the run failed (its rows are
    stored and its report is attached; the caller of the flow gets ``prefect.exceptions.FailedRun``).
    A state rather than an exception: the run's log ends with the reason, not an engine traceback."""
    from prefect.states import Failed

    counts = pipeline.counts_of(report)
    message = pipeline.failure_of(options, report)
    return counts if message is None else Failed(message=message)


@flow(name="archive", flow_run_name="archive {options.site}", log_prints=True)
def archive(options: ArchiveOptions = ArchiveOptions()) -> dict[str, Any]:  # noqa: B008 (frozen)
    """Fetch new articles and due rating snapshots, archive every response, store new versions.

    ``options.datasets``: root of the Parquet datasets (``s3://bucket/prefix``) when not ``data``,
    which then keeps the WARC files (also copied there), the work folder and the run lock.
    ``options.wacz``: also package the run as this FILE.wacz (a folder: ``<run id>.wacz`` in it).
    ``options.dask_address``: extract the crawled pages on this Dask scheduler's workers
    (``tcp://host:port``), which must see the data directory."""
    return outcome(options, run_stages(options, "archive"))


__all__ = ["LayoutDriftError", "archive", "outcome", "run_stages"]
