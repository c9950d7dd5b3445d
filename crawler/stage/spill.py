"""A run's extracted pages on disk, read back one batch at a time, so memory stays flat.

The extraction workers of a big run pickle each batch of :class:`crawler.stage.extract.PageResult`
into ``<data>/_work/<run id>/pages/`` and hand back only its name and size; the store stage reads
the batches back in order (:class:`SpilledPages` is a read-only sequence). A run of 20,000 articles
then holds one batch of pages in memory instead of every article's text (about 6 kB each).
The folder is removed once the run's rows are committed (:meth:`SpilledPages.release`).
"""

from __future__ import annotations

import pickle
import shutil
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate
from pathlib import Path
from typing import overload

from crawler.stage.extract import PageResult


def write_batch(path: Path, pages: list[PageResult]) -> None:
    """One batch, written whole under a temporary name and renamed (never read half-written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps(pages, protocol=pickle.HIGHEST_PROTOCOL))
    tmp.replace(path)


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
