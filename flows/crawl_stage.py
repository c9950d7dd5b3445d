"""The crawl stage: one Scrapy crawl (``crawler.run.run_crawl``, a subprocess) for one run.

The crawler writes WARC files and a JSON-lines fetch manifest; this stage hands their locations on
and re-emits the crawl's log lines (INFO and above) through the ``scrapy`` logger, which the flows
forward to the Prefect run's logs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flows.options import ArchiveOptions

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
    sitemap_article_ids: frozenset[str] | None = None  # article ids the sitemap lists (coverage)
    stats: dict[str, Any] = field(default_factory=dict)


def run_crawl_stage(options: ArchiveOptions, run_id: str, known_file: Path, work: Path) -> CrawlOutput:
    from crawler.run import CrawlOptions, run_crawl

    crawl_options = CrawlOptions(
        site=options.site,
        data=options.data,
        run_id=run_id,
        langs=options.langs,
        full=options.full,
        max_pages=options.max_pages,
        unthrottled=options.unthrottled,
        known_file=known_file,
        refresh_only=options.refresh_only,
    )
    result = run_crawl(crawl_options)
    for line in getattr(result, "log_lines", ()) or ():
        forward_line(line)
    manifest = Path(result.manifest)
    pages = sum(1 for line in manifest.open(encoding="utf-8") if line.strip())
    listed = getattr(result, "sitemap_article_ids", None)
    return CrawlOutput(
        manifest=manifest,
        warc_root=Path(getattr(result, "warc_root", None) or options.data / "warc"),
        pages=pages,
        sitemap_article_ids=frozenset(listed) if listed is not None else None,
        stats=dict(getattr(result, "stats", {}) or {}),
    )


def forward_line(line: str) -> None:
    """``2026-11-28 13:00:00 [scrapy.core.engine] INFO: Spider opened`` → the scrapy logger, INFO+."""
    level_name = next((name for name in LEVELS if f"] {name}:" in line), None)
    if level_name is None:
        return  # DEBUG lines and tracebacks' continuation lines stay in the crawl log file
    scrapy_log.log(LEVELS[level_name], line.rstrip())
