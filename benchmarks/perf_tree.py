"""Resident memory of a process and all its descendants, sampled from /proc (Linux), for benchmarks.

:class:`TreeSampler` samples every ``every`` seconds on a thread: the RSS of the root process (the
``riac-archive`` command), of the Scrapy crawl child, of the extraction workers (spawned
``multiprocessing`` children) and their sum, together with the number of article fetches the
crawl's manifest holds at that moment, so memory can be read against crawl progress.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


@dataclass(frozen=True, slots=True)
class Sample:
    at: float  # seconds since the sampler started
    total_kib: int  # root + every descendant
    root_kib: int
    crawl_kib: int
    workers_kib: int
    articles: int  # article fetches in the manifest so far


@dataclass(slots=True)
class ManifestCounter:
    """Counts article lines of the manifests matching ``pattern`` under ``root``, reading only new bytes."""

    root: Path
    pattern: str = "warc/*/manifest.jsonl"
    offsets: dict[Path, int] = field(default_factory=dict)
    count: int = 0

    def update(self) -> int:
        for path in self.root.glob(self.pattern):
            offset = self.offsets.get(path, 0)
            try:
                with path.open("rb") as handle:
                    handle.seek(offset)
                    data = handle.read()
            except OSError:
                continue
            complete = data[: data.rfind(b"\n") + 1]
            self.count += complete.count(b'"kind": "article"')
            self.offsets[path] = offset + len(complete)
        return self.count


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        for child in children.get(pid, []):
            found.append(child)
            todo.append(child)
    return found


def rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * PAGE_KIB
    except (OSError, IndexError, ValueError):
        return 0


def cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


class TreeSampler(threading.Thread):
    """Samples the tree under ``root`` until :meth:`stop`; ``data`` (optional) has the manifests."""

    def __init__(self, root: int, data: Path | None = None, every: float = 0.25) -> None:
        super().__init__(name="rss-sampler", daemon=True)
        self.root = root
        self.every = every
        self.counter = ManifestCounter(data) if data is not None else None
        self.samples: list[Sample] = []
        self._halt = threading.Event()
        self._kinds: dict[int, str] = {}

    def run(self) -> None:
        start = time.perf_counter()
        while not self._halt.is_set():
            self.samples.append(self._sample(time.perf_counter() - start))
            self._halt.wait(self.every)

    def stop(self) -> list[Sample]:
        self._halt.set()
        self.join()
        return self.samples

    def _kind(self, pid: int) -> str:
        if pid not in self._kinds:
            line = cmdline(pid)
            self._kinds[pid] = (
                "crawl" if "scrapy" in line else "worker" if "multiprocessing" in line else "other"
            )
        return self._kinds[pid]

    def _sample(self, at: float) -> Sample:
        root = rss_kib(self.root)
        crawl = workers = other = 0
        for pid in descendants(self.root):
            kib, kind = rss_kib(pid), self._kind(pid)
            if kind == "crawl":
                crawl += kib
            elif kind == "worker":
                workers += kib
            else:
                other += kib
        articles = self.counter.update() if self.counter is not None else 0
        return Sample(at, root + crawl + workers + other, root, crawl, workers, articles)


def peak(samples: list[Sample], attr: str) -> int:
    return max((getattr(s, attr) for s in samples), default=0)


def at_progress(samples: list[Sample], articles: int) -> Sample | None:
    """The first sample, while the crawl runs, once the manifest holds ``articles`` article fetches
    (else the crawl's last sample)."""
    crawling = [s for s in samples if s.crawl_kib > 0]
    return next((s for s in crawling if s.articles >= articles), crawling[-1] if crawling else None)
