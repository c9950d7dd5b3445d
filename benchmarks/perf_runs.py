"""The contenders of ``benchmarks/performance.py``, each measured the same way.

- :func:`run_pipeline`: the ``riac-archive crawl`` command as a user runs it (a subprocess), with
  its process tree's memory sampled; wall time from launch to exit.
- :func:`run_naive`: ``benchmarks/perf_naive.py`` (trafilatura in the Scrapy callback) as a
  subprocess; wall time from launch to exit.
- :func:`run_bare`: ``trafilatura.extract`` over the pipeline's saved article pages in this
  process; pages are read from the WARC files into memory first, only the extraction loop is timed.

Article pages are counted alike for all three: responses with status 200 to article URLs
(``kind`` ``article`` in the manifest; the naive spider's article callback).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from perf_tree import Sample, TreeSampler

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent


@dataclass(slots=True)
class PipelineRun:
    wall: float
    exit_code: int
    article_pages: int
    requests: int
    articles_stored: int
    samples: list[Sample]
    counts: dict[str, Any] = field(default_factory=dict)
    manifest: Path | None = None

    @property
    def rate(self) -> float:
        return self.article_pages / self.wall


def riac_archive() -> list[str]:
    script = Path(sys.executable).with_name("riac-archive")
    return [str(script)] if script.exists() else [sys.executable, "-m", "flows.cli"]


def run_pipeline(site: str, data: Path, as_of: str, full: bool, log: Path) -> PipelineRun:
    """``riac-archive crawl --site SITE --unthrottled [--full] --data DATA --as-of AS_OF --no-prefect``."""
    command = [*riac_archive(), "crawl", "--site", site, "--unthrottled", "--data", str(data)]
    command += ["--as-of", as_of, "--no-prefect", *(["--full"] if full else [])]
    before = set(Path(data).glob("warc/*/manifest.jsonl"))
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        sampler = TreeSampler(process.pid, data)
        sampler.start()
        exit_code = process.wait()
    wall = time.perf_counter() - start
    samples = sampler.stop()
    manifests = sorted(set(Path(data).glob("warc/*/manifest.jsonl")) - before)
    lines = [json.loads(line) for m in manifests for line in m.read_text(encoding="utf-8").splitlines()]
    counts = last_run_counts(data)
    return PipelineRun(
        wall=wall,
        exit_code=exit_code,
        article_pages=sum(1 for x in lines if x["kind"] == "article" and x["status"] == 200),
        requests=len(lines),
        articles_stored=int(counts.get("articles_new", 0)) + int(counts.get("articles_changed", 0)),
        samples=samples,
        counts=counts,
        manifest=manifests[-1] if manifests else None,
    )


def last_run_counts(data: Path) -> dict[str, Any]:
    from storage import read

    runs = read.read_table(data, "runs").to_pylist()
    if not runs:
        return {}
    latest = max(runs, key=lambda r: r["started_at"])
    return dict(json.loads(latest["counts"]))


@dataclass(slots=True)
class TimedRun:
    """A timed pass over the article pages: wall seconds, pages seen, records extracted."""

    wall: float
    article_pages: int
    extracted: int

    @property
    def rate(self) -> float:
        return self.article_pages / self.wall


@dataclass(slots=True)
class NaiveRun(TimedRun):
    exit_code: int
    requests: int
    memusage_max: int


def run_naive(site: str, out: Path, log: Path) -> NaiveRun:
    command = [sys.executable, str(BENCH / "perf_naive.py"), "--site", site, "--out", str(out)]
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as err:
        done = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=err, text=True)
    wall = time.perf_counter() - start
    result = json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else {}
    return NaiveRun(
        wall=wall,
        exit_code=done.returncode,
        article_pages=int(result.get("article_pages", 0)),
        extracted=int(result.get("extracted", 0)),
        requests=int(result.get("requests") or 0),
        memusage_max=int(result.get("memusage_max") or 0),
    )


@dataclass(slots=True)
class BareRun(TimedRun):
    """Plain trafilatura over the saved pages, no crawl."""


def saved_article_pages(data: Path, manifest: Path) -> list[tuple[str, bytes]]:
    """(canonical URL, body) of every status-200 article fetch in ``manifest``, from its WARC files."""
    from crawler.warc import read_record

    pages = []
    for line in manifest.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["kind"] == "article" and row["status"] == 200:
            _, _, body = read_record(Path(data) / row["warc_file"], row["warc_offset"])
            pages.append((row["canonical_url"] or row["url"], body))
    return pages


def run_bare(pages: list[tuple[str, bytes]]) -> BareRun:
    import trafilatura

    trafilatura.extract(pages[0][1], url=pages[0][0])  # imports and lazy set-up outside the timing
    start = time.perf_counter()
    extracted = sum(bool(trafilatura.extract(body, url=url)) for url, body in pages)
    return BareRun(time.perf_counter() - start, len(pages), extracted)


def access_lines(path: Path) -> list[list[str]]:
    if not path.exists():
        return []
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line]


def classify_requests(lines: list[list[str]]) -> Counter[str]:
    """Requests of an access log by kind: robots, feed, sitemap, listing, article, other."""
    sys.path.insert(0, str(ROOT))
    from crawler.urls import is_article_url

    kinds: Counter[str] = Counter()
    for fields in lines:
        target = unquote(fields[4]) if len(fields) > 4 else ""
        path = urlsplit(target).path
        if path.startswith("/__"):
            continue  # the benchmark's own truth/control calls
        if path == "/robots.txt":
            kinds["robots"] += 1
        elif "/rss/" in path:
            kinds["feed"] += 1
        elif path.startswith("/sitemap"):
            kinds["sitemap"] += 1
        elif is_article_url("https://russiancouncil.ru" + path):
            kinds["article"] += 1
        elif "PAGEN_1" in target or path.rstrip("/").count("/") <= 3:
            kinds["listing"] += 1
        else:
            kinds["other"] += 1
    return kinds
