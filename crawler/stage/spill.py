"""A run's extracted pages on disk, read back one batch at a time, so memory stays flat.

The extraction workers of a big run pickle each batch of :class:`crawler.stage.extract.PageResult`
into ``<data>/_work/<run id>/pages/`` and hand back only its name and size; the store stage reads
the batches back in order (:class:`SpilledPages` is a read-only sequence). A run of 20,000 articles
then holds one batch of pages in memory instead of every article's text (about 6 kB each).
The folder is removed once the run's rows are committed (:meth:`SpilledPages.release`).

Whoever extracts a batch (a local worker process, or a Dask worker for ``crawl --dask-address``)
writes it with :func:`spill_batch` and hands back its :class:`BatchInfo`; the run's
:class:`crawler.stage.extract.Extraction` is then :func:`spilled_extraction` over those, in order.
"""

from __future__ import annotations

import pickle
import shutil
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import overload

from crawler.stage.extract import Extraction, PageResult, site_poll, summarise


@dataclass(frozen=True, slots=True)
class BatchInfo:
    """What a worker hands back for one batch: where its pages are and what the run summary needs."""

    name: str  # file in the spill folder
    count: int
    stats: Counter[str]
    outcomes: Counter[str]
    latest: tuple[PageResult, ...]  # per language, the last article page with a poll (site poll)


def batch_name(number: int) -> str:
    """The file of the run's ``number``-th batch (0-based, in manifest order)."""
    return f"batch-{number:05d}.pickle"


def write_batch(path: Path, pages: list[PageResult]) -> None:
    """One batch, written whole under a temporary name and renamed (never read half-written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps(pages, protocol=pickle.HIGHEST_PROTOCOL))
    tmp.replace(path)


def spill_batch(folder: Path, name: str, pages: list[PageResult]) -> BatchInfo:
    """Write one extracted batch to ``folder / name`` (a retry overwrites it) and summarise it."""
    write_batch(folder / name, pages)
    summary = summarise(pages)
    latest: dict[str, PageResult] = {}
    for page in pages:  # site_poll's choice within the batch: the last page per language wins ties
        item = page.item
        if item is not None and item.polls:
            best = latest.get(item.lang)
            if best is None or page.record.fetched_at >= best.record.fetched_at:
                latest[item.lang] = page
    return BatchInfo(name, len(pages), summary.stats, summary.outcomes, tuple(latest.values()))


def spilled_extraction(folder: Path, done: Sequence[BatchInfo]) -> Extraction:
    """The run's extraction over the batches in ``folder``, ``done`` in manifest order: the same
    counters and site poll as :func:`summarise` over every page, without reading a page back."""
    stats: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    latest: list[PageResult] = []
    for info in done:
        stats.update(info.stats)
        outcomes.update(info.outcomes)
        latest.extend(info.latest)
    polls, observed = site_poll(latest)  # the same answer as over every page, in order
    pages = SpilledPages(folder, [(info.name, info.count) for info in done])
    return Extraction(pages=pages, polls=polls, polls_observed_at=observed, stats=stats, outcomes=outcomes)


def read_batch(path: Path) -> list[PageResult]:
    with path.open("rb") as handle:
        pages: list[PageResult] = pickle.load(handle)
    return pages


class SpilledPages(Sequence[PageResult]):
    """Pages of several batch files, in order; iterating loads one batch at a time."""

    def __init__(self, folder: Path, batches: Sequence[tuple[str, int]]) -> None:
        self.folder = Path(folder)
        self.batches = list(batches)  # (file name, pages in it), in manifest order
        self._ends = list(accumulate(count for _, count in self.batches))
        self._cached: tuple[int, list[PageResult]] | None = None

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    def __iter__(self) -> Iterator[PageResult]:
        for number in range(len(self.batches)):
            yield from self._batch(number)

    @overload
    def __getitem__(self, index: int) -> PageResult: ...
    @overload
    def __getitem__(self, index: slice) -> list[PageResult]: ...
    def __getitem__(self, index: int | slice) -> PageResult | list[PageResult]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        number = bisect_right(self._ends, index)
        start = self._ends[number - 1] if number else 0
        return self._batch(number)[index - start]

    def release(self) -> None:
        """Delete the batch files (after the run's rows are committed)."""
        self._cached = None
        shutil.rmtree(self.folder, ignore_errors=True)

    def _batch(self, number: int) -> list[PageResult]:
        """A batch from disk; the last one read stays in memory (for indexed access in order)."""
        if self._cached is None or self._cached[0] != number:
            self._cached = (number, read_batch(self.folder / self.batches[number][0]))
        return self._cached[1]


def release(pages: Sequence[PageResult]) -> None:
    """Free what ``pages`` keeps on disk, if anything (in-memory lists keep nothing)."""
    if isinstance(pages, SpilledPages):
        pages.release()
