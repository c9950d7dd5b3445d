"""The archive run as plain functions, one per stage: prepare → crawl → extract → store → finish.

The Prefect flows wrap each stage in a task; the CLI without a Prefect server calls
:func:`run_archive`, which chains the same functions. Nothing here imports Prefect.

Simulated time: with ``options.as_of`` set (demo, tests against the replica), every time the run
records (fetch times, rating and poll observations) is shifted by ``as_of - now`` so the refresh
policy sees the replica's calendar. Real runs have no shift.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from crawler.items import Poll
from crawler.spiders.known import write_known_file
from crawler.stage.crawl import CrawlOutput, crawl_id, manifest_path, run_crawl_stage
from crawler.stage.extract import Extraction, extract_all, read_manifest
from crawler.stage.spill import release
from crawler.urls import language_of
from flows.options import ArchiveOptions
from flows.runlock import exclusive_run
from flows.site_rate import request_budget_settings
from storage.known_state import KnownState, last_poll, load_known_state
from storage.plan import commit, plan_rows, publish_warc
from storage.refresh_policy import plan, retry_entries
from storage.run_report import LayoutDriftError, RunFailed, RunReport, check_drift, check_outcome
from storage.write import RunWriter

log = logging.getLogger("flows.stages")
Progress = Callable[[str], None]


@dataclass(slots=True)
class Prepared:
    run_id: str
    flow: str
    started_at: datetime  # wall clock
    shift: timedelta  # run clock = wall clock + shift
    known: KnownState
    known_file: Path
    last_poll: tuple[Poll, ...]
    due: int = 0

    @property
    def now(self) -> datetime:
        return datetime.now(UTC) + self.shift

    @property
    def day_label(self) -> str:
        return (self.started_at + self.shift).date().isoformat()


def work_dir(options: ArchiveOptions, run_id: str) -> Path:
    return options.data / "_work" / run_id


def prepare(options: ArchiveOptions, run_id: str, flow: str = "archive") -> Prepared:
    """Read what the archive knows and write the known/due file the spider reads."""
    started = datetime.now(UTC)
    shift = (options.as_of - started) if options.as_of is not None else timedelta(0)
    options.data.mkdir(parents=True, exist_ok=True)
    known = load_known_state(options.datasets_root)
    entries = plan(known.articles.values(), options.policy, started + shift)
    if not options.refresh_only:  # articles no run could fetch yet are asked for by name
        entries += retry_entries(known.retry)
    entries = [e for e in entries if language_of(e.url) in options.langs]
    known_file = write_known_file(work_dir(options, run_id) / "known.jsonl", entries)
    write_previous_captures(options.datasets_root, options.data, work_dir(options, run_id))
    prepared = Prepared(
        run_id=run_id,
        flow=flow,
        started_at=started,
        shift=shift,
        known=known,
        known_file=known_file,
        last_poll=last_poll(options.datasets_root),
        due=sum(e.due for e in entries),
    )
    log.info(
        "known articles: %d (%d withdrawn), rating snapshots due: %d",
        len(known.articles),
        len(known.withdrawn),
        prepared.due,
    )
    return prepared


def write_previous_captures(datasets: Path | str, data: Path, work: Path) -> Path:
    """The archive's latest capture of every URL, for the crawl's revisit records; only captures
    whose WARC file is in the local data directory (the extraction reads the original from there)."""
    from crawler.revisits import CAPTURES_NAME, write_captures_file
    from storage.read import latest_captures

    present: dict[str, bool] = {}

    def here(rel: str) -> bool:
        if rel not in present:
            present[rel] = (Path(data) / rel).is_file()
        return present[rel]

    captures = [c for c in latest_captures(datasets) if here(c["warc_file"])]
    return write_captures_file(work / CAPTURES_NAME, captures)


def crawl(options: ArchiveOptions, prepared: Prepared) -> CrawlOutput:
    work = work_dir(options, prepared.run_id)
    budget = request_budget_settings(options.site, options.unthrottled)
    return run_crawl_stage(options, prepared.run_id, prepared.known_file, work, settings=budget)


def extract(options: ArchiveOptions, prepared: Prepared, crawled: CrawlOutput) -> Extraction:
    """Extract a finished crawl's pages (the sequential form of :func:`crawl_extract`)."""
    records = read_manifest(crawled.manifest, prepared.shift)
    known_ids = set(prepared.known.articles)
    extraction = extract_all(records, known_ids, crawled.warc_root, workers=options.workers)
    _log_extraction(extraction)
    return extraction


def crawl_extract(options: ArchiveOptions, prepared: Prepared) -> tuple[CrawlOutput, Extraction]:
    """Crawl, extracting the pages in worker processes while the crawl is still fetching.

    Same pages, same order, same records as :func:`crawl` then :func:`extract`; the extraction just
    no longer waits for the last fetch (``crawler/stage/stream.py``).
    """
    from crawler.stage.stream import ExtractionFailed

    try:
        return _crawl_extract(options, prepared)
    except ExtractionFailed as exc:  # as if one stage: the extraction's own error
        assert exc.__cause__ is not None
        raise exc.__cause__  # noqa: B904 (the extraction's own error, its own chain kept)


def crawl_then_extraction(
    options: ArchiveOptions, prepared: Prepared
) -> tuple[CrawlOutput, Extraction | None]:
    """:func:`crawl_extract`, except that a transient extraction failure after a finished crawl
    returns the crawl with no extraction (None): :func:`extract` then redoes only the extraction,
    from the crawl's archived manifest and WARC files (the flows run it as its own task)."""
    from crawler.stage.stream import ExtractionFailed
    from flows.retry import is_transient

    try:
        return _crawl_extract(options, prepared)
    except ExtractionFailed as exc:
        assert exc.__cause__ is not None
        if not is_transient(exc.__cause__):
            raise exc.__cause__  # noqa: B904 (the extraction's own error, its own chain kept)
        log.warning(
            "extraction failed after the crawl (%s); extracting again from its manifest", exc.__cause__
        )
        crawled = exc.crawled
        assert isinstance(crawled, CrawlOutput)
        return crawled, None


def _crawl_extract(options: ArchiveOptions, prepared: Prepared) -> tuple[CrawlOutput, Extraction]:
    from crawler.stage.stream import ManifestTail, StreamingExtractor, overlapped

    crawl_run = crawl_id(options.data, prepared.run_id)
    tail = ManifestTail(manifest_path(options.data, crawl_run), prepared.shift)
    work = work_dir(options, prepared.run_id)
    extractor = StreamingExtractor(
        prepared.known.articles,
        Path(options.data).resolve(),
        work / "pages",
        workers=options.workers,
        warm=(options.full or not prepared.known.articles) and not options.refresh_only,
    )
    budget = request_budget_settings(options.site, options.unthrottled)  # the site's rate limit
    crawled, extraction = overlapped(
        lambda: run_crawl_stage(options, prepared.run_id, prepared.known_file, work, crawl_run, budget),
        tail,
        extractor,
    )
    _log_extraction(extraction)
    return crawled, extraction


def _log_extraction(extraction: Extraction) -> None:
    outcomes = extraction.by_outcome()
    log.info(
        "extracted %d pages: %s",
        len(extraction.pages),
        ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())),
    )


def store(
    options: ArchiveOptions,
    prepared: Prepared,
    extraction: Extraction,
    crawled: CrawlOutput | None,
    report: RunReport,
) -> dict[str, int]:
    # the new article versions are staged while the pages are read, once
    writer = RunWriter(options.datasets_root, prepared.run_id)
    plan_ = plan_rows(extraction, prepared.known, prepared.run_id, report, prepared.last_poll, stage=writer)
    listed = crawled.sitemap_article_ids if crawled is not None else None  # recorded by the crawl
    if listed is not None:
        have = prepared.known.live_ids | plan_.article_ids
        report.sitemap_listed = len(listed)
        report.sitemap_covered = len(listed & have)
        report.missing_articles = sorted(url_of_id(aid) for aid in listed - have)
    status = "failed" if check_outcome(report, options.drift_threshold) else "completed"
    if options.datasets_apart and crawled is not None:  # before any row that points at them is published
        copied = publish_warc(options.datasets_root, crawled)
        log.info("copied %d WARC and manifest files to the datasets root", len(copied))
    rows = commit(
        options.datasets_root,
        prepared.run_id,
        plan_,
        flow=prepared.flow,
        started_at=prepared.started_at,
        status=status,
        parameters=parameters_of(options),
        counts=counts_of(report),
    )
    log.info("stored: %s", ", ".join(f"{k} {v}" for k, v in sorted(rows.items())))
    release(extraction.pages)  # committed: the pages spilled to disk are no longer needed
    return rows


def package_wacz(options: ArchiveOptions, run_id: str) -> Path:
    """The stored run as one WACZ file (``options.wacz``; a folder holds ``<run id>.wacz``), with the
    earlier WARC files its revisit records point into."""
    from storage.wacz_package import wacz_target, write_wacz

    assert options.wacz is not None
    summary = write_wacz(options.data, wacz_target(options.wacz, run_id), runs=[run_id])
    log.info(
        "packaged %s: %d WARC files, %d pages, %d bytes",
        summary.out,
        summary.warc_files,
        summary.pages,
        summary.wacz_bytes,
    )
    return summary.out


def new_report(options: ArchiveOptions, prepared: Prepared) -> RunReport:
    return RunReport(
        flow=prepared.flow, run_id=prepared.run_id, site=options.site, day_label=prepared.day_label
    )


def run_archive(
    options: ArchiveOptions, run_id: str, flow: str = "archive", progress: Progress | None = None
) -> RunReport:
    """A whole run without Prefect. Raises :class:`RunFailed` after storing, like the flow."""
    say = progress or (lambda _msg: None)
    t0 = time.monotonic()
    # one run per data directory; killed runs recovered
    with exclusive_run(options.data, run_id, say, datasets=options.datasets_root):
        prepared = prepare(options, run_id, flow)
        idle = idle_report(options, prepared)
        if idle is not None:  # said in one line by the caller
            return idle
        say(
            f"crawling and extracting {options.site} ({len(prepared.known.articles)} known articles, "
            f"{prepared.due} rating snapshots due)"
        )
        crawled, extraction = crawl_extract(options, prepared)
        report = new_report(options, prepared)
        say("storing")
        store(options, prepared, extraction, crawled, report)
        if options.wacz is not None:
            say("packaging the run as WACZ")
            package_wacz(options, prepared.run_id)
    report.duration_s = time.monotonic() - t0
    try:
        finish(options, report)
    except RunFailed as exc:
        exc.report = report  # the CLI shows what was stored before the failure
        raise
    return report


NOTHING_TO_REFRESH = "nothing to refresh: the archive holds no article yet (run `crawl` first)"


def idle_report(options: ArchiveOptions, prepared: Prepared) -> RunReport | None:
    """The report of a run with nothing to do, which then fetches nothing: a refresh before the first
    archive run (under ``serve`` the refresh schedule can fire first). None when there is work."""
    if not (options.refresh_only and not prepared.known.articles):
        return None
    log.info(NOTHING_TO_REFRESH)
    report = new_report(options, prepared)
    report.idle = NOTHING_TO_REFRESH
    return report


def failure_of(options: ArchiveOptions, report: RunReport) -> str | None:
    """Why the run failed, in one line, or None (``storage.run_report.check_outcome``)."""
    return check_outcome(report, options.drift_threshold)


def finish(options: ArchiveOptions, report: RunReport) -> None:
    """Raise :class:`RunFailed` (:class:`LayoutDriftError` for drift) when the run failed."""
    message = failure_of(options, report)
    if not message:
        return
    if message == check_drift(report, options.drift_threshold):
        raise LayoutDriftError(message)
    raise RunFailed(message)


def url_of_id(article_id: str) -> str:
    """The canonical URL of an article id (``en/news/foo`` → ``https://russiancouncil.ru/en/news/foo/``)."""
    from crawler.urls import CANONICAL_ORIGIN, canonicalize

    return canonicalize(f"{CANONICAL_ORIGIN}/{article_id}/")


def parameters_of(options: ArchiveOptions) -> dict[str, Any]:
    return {
        "site": options.site,
        "langs": list(options.langs),
        "full": options.full,
        "max_pages": options.max_pages,
        "unthrottled": options.unthrottled,
        "refresh_only": options.refresh_only,
        "as_of": options.as_of.isoformat() if options.as_of else None,
    }


def counts_of(report: RunReport) -> dict[str, int]:
    return {
        "pages_fetched": report.pages_fetched,
        "articles_new": report.articles_new,
        "articles_changed": report.articles_changed,
        "articles_unchanged": report.articles_unchanged,
        "articles_withdrawn": report.articles_withdrawn,
        "rating_snapshots": report.rating_snapshots,
        "poll_snapshots": report.poll_snapshots,
        "failures": len(report.failures),
        "sitemap_listed": report.sitemap_listed,  # coverage = covered / listed (the report's health chart)
        "sitemap_covered": report.sitemap_covered,
    }
