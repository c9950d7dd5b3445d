"""The extraction stage: fetch manifest + WARC records → classified pages, in parallel batches.

A crawl leaves a JSON-lines manifest (one line per fetch: URL, status, time, WARC file and offset);
this module reads each response back from the WARC archive and hands it to the page classes.
Extraction is CPU-bound, so large runs go to a process pool in batches of at least ``MIN_BATCH``
pages; runs under ``POOL_MIN_PAGES`` stay in-process, where a pool would cost more than it saves.
Re-extraction (``reextract``) feeds the same functions from stored fetch rows instead of a manifest.
"""

from __future__ import annotations

import json
import logging
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from logging.handlers import QueueHandler, QueueListener
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from crawler.items import ArticleItem, Outcome, PageFailure, Poll
from crawler.stage.warc_ranges import is_remote
from crawler.urls import article_id, article_url, is_article_url

WarcRoot = Path | str  # a local folder, or a URL (s3://bucket/prefix) whose records are read in place

MIN_BATCH = 100
# Below this many pages one process wins: starting spawned workers (imports) costs about a second,
# extraction about 2 ms a page (benchmarks/stage_extract.py: 300 pages 0.52x, 3000 pages 1.76x).
POOL_MIN_PAGES = 1000
WITHDRAWN_STATUS = frozenset({404, 410})
WORKER_LOGGERS = ("crawler", "trafilatura")


@dataclass(frozen=True, slots=True)
class FetchRecord:
    """One line of the fetch manifest (times already on the run's clock)."""

    url: str  # the URL actually fetched
    status: int | None  # None: no response (DNS, timeout, reset after retries)
    fetched_at: datetime
    warc_file: str | None = None
    warc_offset: int | None = None
    content_type: str | None = None
    length: int | None = None
    payload_digest: str | None = None
    listing_date: str | None = None  # date shown next to the link on a listing, when known
    error: str | None = None  # why there is no response
    canonical_url: str | None = None  # the site URL the fetched URL stands for (replica → real site)
    error_type: str | None = None  # the crawler's kind: timeout, truncated, connection-lost, ...
    listing_raw: str | None = None  # ``listing_date`` as the listing, feed or archive wrote it
    warc_length: int | None = None  # bytes of the response record as stored (its gzip member)
    warc_record_id: str | None = None  # the response record's WARC-Record-ID

    @property
    def page_url(self) -> str:
        """The URL pages are classified and extracted under: canonical when the crawler gave it."""
        return self.canonical_url or self.url

    @classmethod
    def from_json(cls, row: dict[str, Any], shift: timedelta = timedelta(0)) -> FetchRecord:
        fetched = row.get("fetched_at")
        moment = _parse_time(fetched) if fetched is not None else datetime.now(UTC)
        return cls(
            url=row["url"],
            status=row.get("status"),
            fetched_at=moment + shift,
            warc_file=row.get("warc_file"),
            warc_offset=row.get("warc_offset"),
            content_type=row.get("content_type"),
            length=row.get("length"),
            payload_digest=row.get("payload_digest"),
            listing_date=row.get("listing_date"),
            error=_error_of(row),
            canonical_url=row.get("canonical_url"),
            error_type=row.get("error_type"),
            listing_raw=row.get("listing_raw"),
            warc_length=row.get("warc_length"),
            warc_record_id=row.get("warc_record_id"),
        )


@dataclass(frozen=True, slots=True)
class PageResult:
    record: FetchRecord
    outcome: Outcome
    item: ArticleItem | None = None
    failure: PageFailure | None = None

    @property
    def article_id(self) -> str | None:
        url = self.record.page_url
        return article_id(url) if is_article_url(article_url(url)) else None


@dataclass(slots=True)
class Extraction:
    """Everything the extraction stage produced for one run."""

    pages: Sequence[PageResult] = field(default_factory=list)  # a list, or crawler.stage.spill.SpilledPages
    polls: tuple[Poll, ...] = ()
    polls_observed_at: datetime | None = None
    stats: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)  # pages by outcome, counted as extracted

    @property
    def items(self) -> list[ArticleItem]:
        return [p.item for p in self.pages if p.item is not None]

    def by_outcome(self) -> Counter[str]:
        """Pages by outcome, without another pass over pages that may live on disk."""
        return self.outcomes


def read_manifest(path: Path, shift: timedelta = timedelta(0)) -> list[FetchRecord]:
    records = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                records.append(FetchRecord.from_json(json.loads(line), shift))
    return records


def read_response(warc_root: WarcRoot, record: FetchRecord) -> tuple[dict[str, str], bytes]:
    """HTTP headers and body of a fetch, read back from its WARC record (paths relative to ``warc_root``:
    a local folder, or a URL such as ``s3://bucket/prefix`` read in place by ranged requests)."""
    from crawler.warc import read_record

    assert record.warc_file is not None and record.warc_offset is not None
    if is_remote(warc_root):
        from crawler.limits import MAX_PAGE_BYTES
        from crawler.stage.warc_ranges import read_remote_record

        _, headers, body = read_remote_record(
            str(warc_root), record.warc_file, record.warc_offset, MAX_PAGE_BYTES
        )
        return dict(headers), body
    path = Path(record.warc_file)
    if not path.is_absolute():
        path = warc_root / path
    _, headers, body = read_record(path, record.warc_offset)
    return dict(headers), body


def classify(record: FetchRecord, known_ids: frozenset[str] | set[str], warc_root: WarcRoot) -> PageResult:
    """What one fetch turned out to be; extraction for article pages. Never raises."""
    url = record.page_url
    is_article = is_article_url(article_url(url))
    if record.status is None:
        reason = record.error or "no response"
        failure = PageFailure(url, Outcome.FAILED, record.error_type or "fetch", reason)
        return PageResult(record, Outcome.FAILED, failure=failure)
    if record.status in WITHDRAWN_STATUS and is_article and article_id(url) in known_ids:
        why = f"HTTP {record.status} for a known article"
        return PageResult(
            record, Outcome.WITHDRAWN, failure=PageFailure(url, Outcome.WITHDRAWN, "withdrawn", why)
        )
    if 300 <= record.status < 400:  # a redirect hop: the crawler fetched (and recorded) the target too
        return PageResult(record, Outcome.NOT_ARTICLE)
    if not 200 <= record.status < 300:
        why = f"HTTP {record.status}"
        return PageResult(record, Outcome.FAILED, failure=PageFailure(url, Outcome.FAILED, "http", why))
    if not is_article or record.warc_file is None or record.warc_offset is None:
        return PageResult(record, Outcome.NOT_ARTICLE)
    from crawler.warc import PayloadTooLarge

    try:
        headers, body = read_response(warc_root, record)
    except PayloadTooLarge as exc:  # a compression bomb, or a page past the crawl's size cap
        failure = PageFailure(url, Outcome.FAILED, "too-large", str(exc))
        return PageResult(record, Outcome.FAILED, failure=failure)
    except Exception as exc:  # a damaged archive record fails this page, not the run
        failure = PageFailure(url, Outcome.FAILED, "warc-read", f"{type(exc).__name__}: {exc}")
        return PageResult(record, Outcome.FAILED, failure=failure)
    short = _cut_short(headers, body)
    if short is not None:  # defence in depth: the crawler fails data loss, but not every archive did
        return PageResult(
            record, Outcome.FAILED, failure=PageFailure(url, Outcome.FAILED, "truncated", short)
        )
    from crawler.pages.article import extract_article

    listing = _parse_date(record.listing_date)
    result = extract_article(url, body, headers, record.fetched_at, listing)
    if isinstance(result, PageFailure):
        return PageResult(record, Outcome(result.outcome), failure=result)
    # extracted under its canonical URL, but the row keeps the URL really requested (as the WARC
    # record and the fetches row do): an alias host, an AMP copy, a search link or a mirror
    item = replace(result, fetched_url=record.url)
    if item.published is not None and item.published_raw is None and item.published == listing:
        # the page shows no date: it came from the listing, feed or archive, with its own wording
        item = replace(item, published_raw=record.listing_raw)
    return PageResult(record, Outcome.ARTICLE, item=item)


def extract_batch(
    records: Sequence[FetchRecord], known_ids: frozenset[str], warc_root: WarcRoot
) -> list[PageResult]:
    """One batch in one process (the unit of work of the pool)."""
    return [classify(r, known_ids, warc_root) for r in records]


def batches(
    records: Sequence[FetchRecord], workers: int, min_batch: int = MIN_BATCH
) -> list[list[FetchRecord]]:
    """Split into at most ``workers``×2 batches of at least ``min_batch`` records (one batch if small)."""
    if not records:
        return []
    count = max(1, min(workers * 2, len(records) // min_batch))
    size = -(-len(records) // count)
    return [list(records[i : i + size]) for i in range(0, len(records), size)]


def extract_all(
    records: Sequence[FetchRecord],
    known_ids: Iterable[str],
    warc_root: Path,
    workers: int | None = None,
    min_batch: int = MIN_BATCH,
    pool_min_pages: int = POOL_MIN_PAGES,
) -> Extraction:
    """Classify and extract every fetch, across processes when there is enough work."""
    known = frozenset(known_ids)
    workers = workers or os.cpu_count() or 1
    parts = batches(records, workers, min_batch)
    if len(parts) <= 1 or workers <= 1 or len(records) < pool_min_pages:
        pages = [page for part in parts for page in extract_batch(part, known, warc_root)]
    else:
        # spawn, not fork: the parent may run Prefect's threads, which must not be forked mid-lock
        context = get_context("spawn")
        queue = context.Queue()
        listener = QueueListener(queue, LogRelay())  # workers' log records re-emitted here
        listener.start()
        try:
            with ProcessPoolExecutor(
                max_workers=min(workers, len(parts)),
                mp_context=context,
                initializer=worker_logging,
                initargs=(queue,),
            ) as pool:
                futures = [pool.submit(extract_batch, part, known, warc_root) for part in parts]
                pages = [page for future in futures for page in future.result()]
        finally:
            listener.stop()
    return summarise(pages)


class LogRelay(logging.Handler):
    """In the parent: hand a worker's record to the logger of the same name (and its handlers)."""

    def emit(self, record: logging.LogRecord) -> None:
        logger = logging.getLogger(record.name)
        if logger.isEnabledFor(record.levelno):
            logger.handle(record)


def worker_logging(queue: Any) -> None:
    """In a worker: INFO+ of the extractor and trafilatura go to the parent through ``queue``."""
    root = logging.getLogger()
    root.handlers[:] = [QueueHandler(queue)]
    root.setLevel(logging.WARNING)
    for name in WORKER_LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO)


def summarise(pages: list[PageResult]) -> Extraction:
    """Pick the run's poll observation and add up the extractor's counters."""
    result = Extraction(pages=pages)
    for page in pages:
        result.outcomes[str(page.outcome)] += 1
        if page.item is not None:
            result.stats.update(page.item.stats)
            result.stats["teasers_separated"] += bool(page.item.summary_paragraphs)
    result.polls, result.polls_observed_at = site_poll(pages)
    return result


def site_poll(pages: Iterable[PageResult]) -> tuple[tuple[Poll, ...], datetime | None]:
    """The site poll of this run: per language, the polls of the last article page fetched.

    The poll is the same on every page, so one observation per run (not per article) is kept.
    """
    latest: dict[str, tuple[datetime, tuple[Poll, ...]]] = {}
    for page in pages:
        item = page.item
        if item is None or not item.polls:
            continue
        moment = page.record.fetched_at
        if item.lang not in latest or moment >= latest[item.lang][0]:
            latest[item.lang] = (moment, item.polls)
    if not latest:
        return (), None
    polls: list[Poll] = []
    seen: set[tuple[str, str]] = set()
    for lang in sorted(latest):  # each language copy is its own poll, told apart by ``lang``
        for poll in latest[lang][1]:
            if (lang, poll.poll_id) not in seen:
                seen.add((lang, poll.poll_id))
                polls.append(replace(poll, lang=lang))
    return tuple(polls), max(moment for moment, _ in latest.values())


def _cut_short(headers: dict[str, str], body: bytes) -> str | None:
    """Why a body read back from WARC is incomplete (fewer bytes than its ``Content-Length``), or None.

    Only for bodies stored as sent (no ``Content-Encoding``; ``read_record`` undoes compression)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    declared = lowered.get("content-length", "").strip()
    if not declared.isdigit() or lowered.get("content-encoding", "identity").strip().lower() != "identity":
        return None
    if len(body) >= int(declared):
        return None
    return f"response cut short: {len(body)} of {declared} bytes (Content-Length)"


def _error_of(row: dict[str, Any]) -> str | None:
    """The crawler's ``error_type: error_message`` (manifest keys of crawler/recorder.py)."""
    kind, message = row.get("error_type"), row.get("error_message")
    if not kind and not message:
        return None
    return ": ".join(str(part) for part in (kind, message) if part)


def _parse_time(value: Any) -> datetime:
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
