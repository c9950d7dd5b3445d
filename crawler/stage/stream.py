"""Extraction while the crawl runs: tail the fetch manifest and hand full batches to the pool.

The crawler writes each response to its WARC file and flushes it before it appends the fetch's
manifest line (``crawler.recorder.RunRecorder``), so every complete manifest line points at a
complete record that another process can read. :class:`ManifestTail` reads the complete lines
appended since the last look; :class:`StreamingExtractor` collects them and, once a run has enough
pages to be worth a pool, sends batches to spawned worker processes while Scrapy keeps fetching.
Pages come back in manifest order, exactly as :func:`crawler.stage.extract.extract_all` gives them
for the same manifest (tested), so nothing downstream can tell the two apart.

Small runs (a quiet day: robots, feeds, a few listings) never start a pool: they are extracted in
this process at the end, as before. Full and first runs start the pool with the crawl (``warm``).
The workers run at a lower CPU priority (``WORKER_NICE``), so on a busy machine the crawl, the one
serial stage, keeps its core and extraction takes the rest.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import timedelta
from logging.handlers import QueueListener
from multiprocessing import get_context
from pathlib import Path
from typing import IO, Any, TypeVar

from crawler.stage.extract import (
    MIN_BATCH,
    POOL_MIN_PAGES,
    Extraction,
    FetchRecord,
    LogRelay,
    extract_all,
    extract_batch,
    worker_logging,
)
from crawler.stage.spill import BatchInfo, batch_name, spill_batch, spilled_extraction

log = logging.getLogger("flows.stages")

# A pool starts once this many fetches are waiting: a quiet day never gets there, a big crawl at
# once (spawning workers costs about a second, hidden behind the crawl).
POOL_START = 2 * MIN_BATCH
WORKER_NICE = 5

POLL_SECONDS = 0.25
T = TypeVar("T")

_known: frozenset[str] = frozenset()
_warc_root = Path()
_spill = Path()


class ManifestTail:
    """The complete lines appended to a JSON-lines manifest since the last :meth:`poll`."""

    def __init__(self, path: Path, shift: timedelta = timedelta(0)) -> None:
        self.path = Path(path)
        self.shift = shift
        self.lines = 0
        self._handle: IO[bytes] | None = None
        self._partial = b""  # bytes of a line still being written (may end inside a character)

    def poll(self) -> list[FetchRecord]:
        import json

        if self._handle is None:
            if not self.path.exists():
                return []
            self._handle = self.path.open("rb")
        data = self._partial + self._handle.read()
        cut = data.rfind(b"\n") + 1
        complete, self._partial = data[:cut], data[cut:]
        records = []
        for line in complete.splitlines():
            if line.strip():
                records.append(FetchRecord.from_json(json.loads(line), self.shift))
        self.lines += len(records)
        return records

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


class StreamingExtractor:
    """Add fetch records as the crawl writes them; :meth:`finish` returns the run's extraction.

    Batches extracted by the pool are written to ``spill`` by the workers (``crawler/stage/spill.py``):
    the result's ``pages`` is then a :class:`SpilledPages` that reads them back in order.
    """

    def __init__(
        self,
        known_ids: Iterable[str],
        warc_root: Path,
        spill: Path,
        workers: int | None = None,
        batch_size: int = MIN_BATCH,
        pool_start: int = POOL_START,
        pool_min_pages: int = POOL_MIN_PAGES,
        warm: bool = False,
    ) -> None:
        """``warm``: a big run is coming (a full or first crawl), so start the workers now and let
        them import the extractor while the crawl itself starts, instead of after 200 fetches."""
        self.known = frozenset(known_ids)
        self.warc_root = Path(warc_root)
        self.spill = Path(spill)
        self.workers = workers or os.cpu_count() or 1
        self.batch_size = batch_size
        self.pool_start = pool_start
        self.pool_min_pages = pool_min_pages
        self.submitted = 0
        self._pending: list[FetchRecord] = []
        self._futures: list[Future[BatchInfo]] = []
        self._done: list[BatchInfo] = []
        self._pool: ProcessPoolExecutor | None = None
        self._listener: QueueListener | None = None
        if warm and self.workers > 1:
            self._pool = self._start_pool()
            for _ in range(self.workers):  # one task each: every worker process starts and imports
                self._pool.submit(_warm_up)

    def add(self, records: Sequence[FetchRecord]) -> None:
        """Queue records; full batches go to the pool (started once enough records are waiting)."""
        self._pending.extend(records)
        self._collect(wait=False)
        if self._pool is None and (self.workers <= 1 or len(self._pending) < self.pool_start):
            return
        while len(self._pending) >= self.batch_size:
            batch, self._pending = self._pending[: self.batch_size], self._pending[self.batch_size :]
            self._submit(batch)

    def finish(self) -> Extraction:
        """Extract what is left, wait for every batch and return the pages in manifest order."""
        try:
            if self._pool is None:  # a small run (or one worker): as extract_all does it, in memory
                pending, self._pending = self._pending, []
                return extract_all(
                    pending,
                    self.known,
                    self.warc_root,
                    workers=self.workers,
                    pool_min_pages=self.pool_min_pages,
                )
            rest, self._pending = self._pending, []
            size = max(1, -(-len(rest) // self.workers))  # the tail spread over every worker
            for start in range(0, len(rest), size):
                self._submit(rest[start : start + size])
            self._collect(wait=True)
            return self._result()
        finally:
            self.close()

    def close(self) -> None:
        """Stop the workers (pending batches are dropped); safe to call twice."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._listener is not None:
            self._listener.stop()
            self._listener = None

    def __enter__(self) -> StreamingExtractor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _collect(self, wait: bool) -> None:
        """Take finished batches off the front of the queue, in order (results are small)."""
        while self._futures and (wait or self._futures[0].done()):
            self._done.append(self._futures.pop(0).result())

    def _result(self) -> Extraction:
        return spilled_extraction(self.spill, self._done)

    def _submit(self, batch: list[FetchRecord]) -> None:
        if self._pool is None:
            self._pool = self._start_pool()
        name = batch_name(len(self._done) + len(self._futures))
        self._futures.append(self._pool.submit(_extract_in_worker, batch, name))
        self.submitted += len(batch)

    def _start_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: the parent runs Prefect's and the crawl's threads
        context = get_context("spawn")
        queue = context.Queue()
        self._listener = QueueListener(queue, LogRelay())  # workers' log records re-emitted here
        self._listener.start()
        log.info("extracting in %d worker processes while the crawl runs", self.workers)
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(queue, self.known, self.warc_root, self.spill),
        )


class ExtractionFailed(RuntimeError):
    """The crawl finished (its WARC files and manifest are kept) but extracting its pages failed
    (the cause is chained); ``crawled`` is the crawl's result."""

    def __init__(self, crawled: object) -> None:
        super().__init__("extraction failed after the crawl finished")
        self.crawled = crawled


def overlapped(
    crawl: Callable[[], T], tail: ManifestTail, extractor: StreamingExtractor, every: float = POLL_SECONDS
) -> tuple[T, Extraction]:
    """Run ``crawl()`` here while a thread feeds ``tail``'s new records to ``extractor``.

    The crawl stays in the calling thread: its child process dies with the thread that started it.
    A failed crawl stops the workers and re-raises; the caller retries the whole stage. A failed
    extraction after a finished crawl raises :class:`ExtractionFailed` carrying the crawl's result,
    so the caller can extract again from the archived manifest without crawling again.
    """
    stop = threading.Event()
    errors: list[BaseException] = []

    def feed() -> None:
        try:
            while not stop.wait(every):
                extractor.add(tail.poll())
        except BaseException as exc:  # surfaced in the calling thread below
            errors.append(exc)

    feeder = threading.Thread(target=feed, name="riac-extract-feeder", daemon=True)
    feeder.start()
    try:
        try:
            result = crawl()
        finally:
            stop.set()
            feeder.join()
        try:
            if errors:
                raise errors[0]
            extractor.add(tail.poll())
            return result, extractor.finish()
        except Exception as exc:
            raise ExtractionFailed(result) from exc
    finally:
        tail.close()
        extractor.close()


def _init_worker(queue: Any, known: frozenset[str], warc_root: Path, spill: Path) -> None:
    """In a worker: logging through the parent, the run's known ids once, lower CPU priority."""
    global _known, _warc_root, _spill
    worker_logging(queue)
    _known, _warc_root, _spill = known, warc_root, spill
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICE)


def _warm_up() -> None:
    """In a worker: import the extractor (trafilatura, lxml) before the first batch arrives."""
    import crawler.pages.article  # noqa: F401


def _extract_in_worker(batch: list[FetchRecord], name: str) -> BatchInfo:
    """Extract one batch, write its pages to the spill folder, return the summary."""
    return spill_batch(_spill, name, extract_batch(batch, _known, _warc_root))
