"""The crawl stage: one Scrapy crawl (``crawler.run.run_crawl``, a subprocess) for one run.

The crawler writes WARC files and a JSON-lines fetch manifest; this stage hands their locations on
and re-emits the crawl's log lines (INFO and above) through the ``scrapy`` logger, which the flows
forward to the Prefect run's logs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol


class CrawlSettings(Protocol):
    """What the crawl stage reads of a run's options (``flows.options.ArchiveOptions`` has it)."""

    @property
    def site(self) -> str: ...
    @property
    def data(self) -> Path: ...
    @property
    def langs(self) -> tuple[str, ...]: ...
    @property
    def full(self) -> bool: ...
    @property
    def max_pages(self) -> int | None: ...
    @property
    def unthrottled(self) -> bool: ...
    @property
    def refresh_only(self) -> bool: ...


scrapy_log = logging.getLogger("scrapy")
LEVELS = {
    "CRITICAL": logging.CRITICAL,
    "ERROR": logging.ERROR,
    "WARNING": logging.WARNING,
    "INFO": logging.INFO,
}


@dataclass(frozen=True, slots=True)
class CrawlOutput:
    manifest: Path
    warc_root: Path  # WARC file names in the manifest are relative to this folder
    pages: int
    sitemap_article_ids: frozenset[str] | None = None  # article ids the sitemaps list (coverage)
    stats: dict[str, Any] = field(default_factory=dict)


class CrawlFailed(RuntimeError):
    """The crawl process ended badly (crash, kill); retried once as a transient failure."""

    transient = True


def run_crawl_stage(
    options: CrawlSettings,
    run_id: str,
    known_file: Path,
    work: Path,
    crawl_run: str | None = None,
    settings: dict[str, Any] | None = None,
) -> CrawlOutput:
    """One crawl; for ``refresh_only`` runs no discovery, just the due known articles.

    ``crawl_run`` is the crawl's own id (its WARC folder), default :func:`crawl_id` of ``run_id``.
    The archive's previous captures, when ``work`` holds them (``crawler.revisits.CAPTURES_NAME``),
    turn unchanged re-fetches into revisit records. ``settings``: extra Scrapy settings for the
    crawl (``crawler.run.CrawlOptions.settings``; the flows' request budget, ``flows/site_rate.py``).
    """
    from crawler.revisits import CAPTURES_NAME
    from crawler.run import CrawlOptions, run_crawl
    from crawler.warc import ARCHIVE_WRITE_FAILED

    urls: tuple[str, ...] = ()
    if options.refresh_only:
        urls = refresh_urls(known_file)
    crawl_options = CrawlOptions(
        site=options.site,
        data_dir=options.data,
        run_id=crawl_run or crawl_id(options.data, run_id),
        langs=options.langs,
        full=options.full,
        max_pages=options.max_pages,
        unthrottled=options.unthrottled,
        known_urls=known_file,
        urls=urls,
        discover=not options.refresh_only,
        previous_captures=work / CAPTURES_NAME if (work / CAPTURES_NAME).exists() else None,
        settings=dict(settings or {}),
    )
    result = run_crawl(crawl_options, on_log=forward_line)
    manifest = Path(result.manifest)
    pages = int(result.stats.get("riac/manifest_lines", 0))  # the recorder's count: no second read
    if result.stats.get("finish_reason") == ARCHIVE_WRITE_FAILED:  # stopped: the archive is not kept
        raise CrawlFailed(
            f"crawl {result.run_id} stopped: cannot write the WARC archive or manifest "
            f"({result.stats.get('riac/archive_write_error')}); log: {result.log_file}"
        )
    if result.exit_code != 0 or pages == 0:  # not even robots.txt recorded: the recorder failed
        raise CrawlFailed(
            f"crawl {result.run_id} ended with exit code {result.exit_code} and {pages} recorded fetches; "
            f"log: {result.log_file}"
        )
    scrapy_log.info("crawl %s: %d fetches in %.1f s", run_id, pages, result.duration)
    return CrawlOutput(
        manifest=manifest,
        warc_root=Path(options.data).resolve(),  # manifest WARC paths are relative to the data dir
        pages=pages,
        sitemap_article_ids=read_sitemap_listed(manifest.parent),
        stats=dict(result.stats),
    )


def read_sitemap_listed(folder: Path) -> frozenset[str] | None:
    """The article ids the crawl's sitemaps listed, as the spider recorded them; None: no sitemap read."""
    import json

    from crawler.warc import SITEMAP_LISTED_NAME

    path = folder / SITEMAP_LISTED_NAME
    if not path.exists():
        return None
    listed = json.loads(path.read_text(encoding="utf-8"))
    return None if listed is None else frozenset(listed)


def crawl_id(data: Path, run_id: str) -> str:
    """The run id, or ``<run id>-attempt-N`` when an earlier attempt of this run left its WARC folder.

    WARC files are never overwritten or moved: a retried crawl writes next to the failed one.
    """
    root = Path(data).resolve() / "warc"
    if not (root / run_id).exists():
        return run_id
    attempt = 2
    while (root / f"{run_id}-attempt-{attempt}").exists():
        attempt += 1
    return f"{run_id}-attempt-{attempt}"


def refresh_urls(known_file: Path) -> tuple[str, ...]:
    """The due known URLs; with none due, the newest known article so the run still sees the poll."""
    from crawler.spiders.known import read_known_file

    entries = list(read_known_file(known_file))
    due = tuple(e.url for e in entries if e.due)
    if due or not entries:
        return due
    newest = max(entries, key=lambda e: (e.published is not None, e.published or 0, e.url))
    return (newest.url,)


def manifest_path(data: Path, crawl_run: str) -> Path:
    """Where the crawl ``crawl_run`` writes its fetch manifest (``crawler.run`` default)."""
    from crawler.warc import MANIFEST_NAME

    return Path(data).resolve() / "warc" / crawl_run / MANIFEST_NAME


def forward_line(line: str) -> None:
    """``2026-11-28 13:00:00 [scrapy.core.engine] INFO: Spider opened`` → the scrapy logger, INFO+."""
    level_name = next((name for name in LEVELS if f"] {name}:" in line), None)
    if level_name is None:
        return  # DEBUG lines and tracebacks' continuation lines stay in the crawl log file
    scrapy_log.log(LEVELS[level_name], line.rstrip())
