"""The run's records: every fetch attempt into the WARC archive and the JSON-lines fetch manifest.

:class:`RunRecorder` is plain Python (no Scrapy): for each fetch attempt it writes the response and
its request to WARC (:mod:`crawler.warc`), flushes, then appends and flushes one manifest line, so
a complete manifest line always points at a complete record. It writes in the calling thread, as the
response arrives: about 0.3 ms of CPU a page. (A writer thread was tried: it took more CPU and fell
a second behind the fetches, starved of the GIL by the busy reactor at every zlib call and flush,
so extraction, which tails the manifest, started late.) :class:`RunRecorderExtension` is the thin
Scrapy adapter: it listens to the signals of :class:`crawler.middlewares.ArchiveMiddleware`, stops the
crawl if the archive cannot be written (finish reason ``archive-write-failed``: nothing is fetched
that is not kept) and dumps the crawl stats as JSON at the end.

Manifest line keys (one JSON object per fetch attempt; ``null`` where not applicable):
``run_id, url, canonical_url, status, content_type, length, payload_digest, warc_file, warc_offset,
warc_length, warc_record_id, fetched_at, kind, listing_date, date_source, listing_raw, reason,
error_type, error_message``, and ``revisit`` on an unchanged re-fetch: its ``warc_*`` keys then name
the original response record (which holds the payload) and ``revisit`` where its own revisit record is
(``warc_file``, ``warc_offset``, ``warc_length``, ``warc_record_id``).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from scrapy import Spider, signals

from crawler.middlewares import exchange_observed, fetch_failed
from crawler.revisits import PreviousCapture, payload_digest, read_captures_file
from crawler.site_mapping import SiteMapping
from crawler.warc import (
    ARCHIVE_WRITE_FAILED,
    MANIFEST_NAME,
    SITEMAP_LISTED_NAME,
    STATS_NAME,
    Exchange,
    OriginalRecord,
    WarcWriter,
    read_original,
)

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

_WHERE = ("payload_digest", "warc_file", "warc_offset", "warc_length", "warc_record_id")
KINDS = ("article", "listing", "feed", "sitemap", "robots", "other")


@dataclass(slots=True)
class Attempt:
    """One fetch attempt: the exchange when a response came back, else the error."""

    url: str
    canonical_url: str | None
    fetched_at: datetime
    kind: str
    reason: str | None
    listing_date: str | None
    date_source: str | None
    listing_raw: str | None = None
    exchange: Exchange | None = None
    error_type: str | None = None
    error_message: str | None = None


@dataclass
class RunRecorder:
    """Writes attempts to WARC + manifest as they come. ``close()`` returns the counts."""

    data_dir: Path
    run_id: str
    max_bytes: int
    manifest_path: Path | None = None
    counts: dict[str, int] = field(default_factory=dict)
    # URL -> its latest capture in the archive (crawler/revisits.py): an identical payload is
    # written as a revisit record pointing at it; updated as this run writes full records
    previous: dict[str, PreviousCapture] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.run_dir = self.data_dir / "warc" / self.run_id
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.manifest_path = self.manifest_path or self.run_dir / MANIFEST_NAME
        self.writer = WarcWriter(self.run_dir, prefix=f"riac-{self.run_id}", max_bytes=self.max_bytes)
        self._manifest: IO[str] = open(self.manifest_path, "a", encoding="utf-8")  # noqa: SIM115

    def submit(self, attempt: Attempt) -> None:
        """Record one attempt; an OSError (disk full, ...) propagates to the caller."""
        self._record(attempt)

    def close(self) -> dict[str, int]:
        self.writer.close()
        self._manifest.close()
        return dict(self.counts)

    @property
    def warc_files(self) -> list[Path]:
        return list(self.writer.paths)

    def _record(self, attempt: Attempt) -> None:
        line: dict[str, Any] = {
            "run_id": self.run_id,
            "url": attempt.url,
            "canonical_url": attempt.canonical_url,
            "status": None,
            "content_type": None,
            "length": None,
            "payload_digest": None,
            "warc_file": None,
            "warc_offset": None,
            "warc_length": None,
            "warc_record_id": None,
            "fetched_at": attempt.fetched_at.isoformat(),
            "kind": attempt.kind,
            "listing_date": attempt.listing_date,
            "date_source": attempt.date_source,
            "listing_raw": attempt.listing_raw,
            "reason": attempt.reason,
            "error_type": attempt.error_type,
            "error_message": attempt.error_message,
        }
        if attempt.exchange is not None:
            exchange = attempt.exchange
            content_type = next(
                (v for k, v in exchange.response_headers if k.lower() == "content-type"), None
            )
            line.update(status=exchange.status, content_type=content_type, length=len(exchange.body))
            line.update(self._archive(exchange))
            self._count("warc_records")
        else:
            self._count("failed")
        self._manifest.write(json.dumps(line, ensure_ascii=False) + "\n")
        self._manifest.flush()
        self._count("manifest_lines")

    def _archive(self, exchange: Exchange) -> dict[str, Any]:
        """Write the exchange (a revisit record when its payload is its URL's previous one); the
        manifest keys of the response record that holds its payload."""
        original = self._unchanged_original(exchange)
        if original is not None:
            capture, header = original
            stored = self.writer.write_revisit(exchange, header)
            self._count("revisits")
            self._count("warc_bytes", stored.length)
            return {
                "payload_digest": capture.payload_digest,
                "warc_file": capture.warc_file,
                "warc_offset": capture.warc_offset,
                "warc_length": capture.warc_length,
                "warc_record_id": header.record_id,
                "revisit": {  # where this fetch's own (revisit) record is
                    "warc_file": os.path.relpath(stored.path, self.data_dir),
                    "warc_offset": stored.offset,
                    "warc_length": stored.length,
                    "warc_record_id": stored.record_id,
                },
            }
        stored = self.writer.write(exchange)
        self._count("warc_bytes", stored.length)
        capture = PreviousCapture(
            url=exchange.url,
            payload_digest=stored.payload_digest,
            warc_file=os.path.relpath(stored.path, self.data_dir),
            warc_offset=stored.offset,
            warc_length=stored.length,
            warc_record_id=stored.record_id,
        )
        if 200 <= exchange.status < 300:
            self.previous[exchange.url] = capture
        return {name: getattr(capture, name) for name in _WHERE}

    def _unchanged_original(self, exchange: Exchange) -> tuple[PreviousCapture, OriginalRecord] | None:
        """The URL's previous capture and its record's headers when this payload is the same."""
        capture = self.previous.get(exchange.url)
        if capture is None or not 200 <= exchange.status < 300:
            return None
        if payload_digest(exchange.body) != capture.payload_digest:
            return None
        try:
            header = read_original(self.data_dir / capture.warc_file, capture.warc_offset)
        except (OSError, ValueError) as exc:  # gone or damaged: keep a full copy instead
            logger.warning("previous capture of %s unreadable (%s): full record written", exchange.url, exc)
            return None
        if header.payload_digest != capture.payload_digest:
            return None
        return capture, header

    def _count(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n


class RunRecorderExtension:
    """Scrapy adapter: opens the recorder with the spider, feeds it every attempt, dumps stats."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.site = SiteMapping(settings.get("RIAC_SITE"))
        self.data_dir = Path(settings.get("RIAC_DATA_DIR")).resolve()
        self.run_id = settings.get("RIAC_RUN_ID") or datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        manifest = settings.get("RIAC_MANIFEST_PATH")
        self.manifest_path = Path(manifest) if manifest else None
        stats = settings.get("RIAC_STATS_PATH")
        self.stats_path = Path(stats) if stats else self.data_dir / "warc" / self.run_id / STATS_NAME
        self.max_bytes = settings.getint("RIAC_WARC_MAX_BYTES")
        self.captures_path = settings.get("RIAC_PREVIOUS_CAPTURES") or None
        self.recorder: RunRecorder | None = None
        self.write_error: str | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)
        crawler.signals.connect(self.on_exchange, signal=exchange_observed)
        crawler.signals.connect(self.on_failure, signal=fetch_failed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunRecorderExtension:
        return cls(crawler)

    def spider_opened(self) -> None:
        previous = read_captures_file(self.captures_path)
        self.recorder = RunRecorder(
            self.data_dir, self.run_id, self.max_bytes, self.manifest_path, previous=previous
        )
        self.crawler.stats.set_value("riac/run_id", self.run_id)
        self.crawler.stats.set_value("riac/manifest", str(self.recorder.manifest_path))
        logger.info("recording run %s into %s", self.run_id, self.recorder.run_dir)

    def on_exchange(self, request: Request, response: Response) -> None:
        headers = [
            (k.decode("latin-1"), v.decode("latin-1"))
            for k, values in response.headers.items()
            for v in values
        ]
        request_headers = [
            (k.decode("latin-1"), v.decode("latin-1"))
            for k, values in request.headers.items()
            for v in values
        ]
        exchange = Exchange(
            url=response.url,
            status=response.status,
            response_headers=headers,
            body=response.body,
            fetched_at=datetime.now(UTC),
            method=request.method,
            request_headers=request_headers,
            request_body=request.body,
            protocol=response.protocol or "HTTP/1.1",
            ip_address=str(response.ip_address) if response.ip_address else None,
        )
        self._submit(self._attempt(request, exchange.fetched_at, exchange=exchange))

    def on_failure(self, request: Request, error_type: str, error_message: str) -> None:
        self.crawler.stats.inc_value(f"riac/failed/{error_type}")
        attempt = self._attempt(
            request, datetime.now(UTC), error_type=error_type, error_message=error_message
        )
        self._submit(attempt)

    def spider_closed(self, spider: Spider) -> None:
        if self.recorder is None:
            return
        listed = getattr(spider, "sitemap_article_ids", None)
        manifest = self.recorder.manifest_path
        if listed is not None and manifest is not None:  # recorded once: nobody parses sitemaps again
            path = manifest.parent / SITEMAP_LISTED_NAME
            path.write_text(json.dumps(listed()), encoding="utf-8")
        counts = self.recorder.close()
        for key, value in counts.items():
            self.crawler.stats.set_value(f"riac/{key}", value)
        self.crawler.stats.set_value("riac/warc_files", [str(p) for p in self.recorder.warc_files])

    def engine_stopped(self) -> None:
        self.stats_path.parent.mkdir(parents=True, exist_ok=True)
        stats = self.crawler.stats.get_stats()
        tmp = self.stats_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(stats, default=str, indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(self.stats_path)

    def _attempt(self, request: Request, when: datetime, **extra: Any) -> Attempt:
        meta = request.meta
        kind = meta.get("riac_kind") or ("robots" if request.url.endswith("/robots.txt") else "other")
        self.crawler.stats.inc_value(f"riac/attempts/{kind}")
        return Attempt(
            url=request.url,
            canonical_url=self.site.canonical(request.url),
            fetched_at=when,
            kind=kind,
            reason=meta.get("riac_reason"),
            listing_date=meta.get("riac_listing_date"),
            date_source=meta.get("riac_date_source"),
            listing_raw=meta.get("riac_listing_raw"),
            **extra,
        )

    def _submit(self, attempt: Attempt) -> None:
        if self.recorder is None:
            logger.warning("attempt before spider_opened not recorded: %s", attempt.url)
            return
        if self.write_error is not None:
            return  # the crawl is closing: nothing more can be archived
        try:
            self.recorder.submit(attempt)
        except Exception as exc:  # a signal handler's exception would only be logged: stop instead
            self.write_error = f"{type(exc).__name__}: {exc}"
            logger.error("cannot write the archive (%s): stopping the crawl", self.write_error)
            self.crawler.stats.set_value("riac/archive_write_error", self.write_error)
            from scrapy.utils.defer import deferred_from_coro

            assert self.crawler.engine is not None
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=ARCHIVE_WRITE_FAILED))
