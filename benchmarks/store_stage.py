"""The store stage over spilled pages: time, and how often each spilled batch file is read.

    .venv/bin/python benchmarks/store_stage.py [--articles 300] [--copies 20] [--repeats 3]

Fetches every article page of a fresh replica into one WARC file (no crawler), extracts them once,
makes ``--copies`` renamed copies of every page (so a run of articles × copies pages, as a big
first run), spills them in batches of 50 as the streaming extraction does, and then times
``flows.pipeline.store`` (plan the rows, write and publish every dataset) into a fresh data
directory ``--repeats`` times. Prints seconds per run and batch-file reads per batch.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from stage_extract import fetch_into_warc

from crawler.replica.process import start_replica
from crawler.stage.extract import PageResult, extract_all, summarise
from crawler.stage.spill import SpilledPages, write_batch
from crawler.urls import article_id
from flows import pipeline
from flows.options import ArchiveOptions

BATCH = 50


class CountingPages(SpilledPages):
    """Spilled pages that count how many batch files are read from disk."""

    loads = 0

    def _batch(self, number: int) -> list[PageResult]:
        if self._cached is None or self._cached[0] != number:
            self.loads += 1
        return super()._batch(number)


def renamed(page: PageResult, copy: int) -> PageResult:
    """The same page under another article URL (``<slug>-c<copy>``)."""
    if copy == 0:
        return page

    def suffixed(url: str) -> str:
        return url.rstrip("/") + f"-c{copy}/"

    canonical = page.record.canonical_url
    record = replace(
        page.record, url=suffixed(page.record.url), canonical_url=canonical and suffixed(canonical)
    )
    item = page.item
    if item is not None:
        item = replace(item, url=suffixed(item.url), article_id=article_id(suffixed(item.url)))
    return replace(page, record=record, item=item)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, start_replica(articles=args.articles) as site:
        paths = [a["path"] for a in site.index() if not a["withdrawn"]]
        warc = Path(tmp) / "warc"
        records = fetch_into_warc(site.base_url, paths, warc)
        pages = list(extract_all(records, set(), warc, workers=2, pool_min_pages=0).pages)
    with tempfile.TemporaryDirectory() as tmp:
        every = [renamed(page, copy) for copy in range(args.copies) for page in pages]
        spill = Path(tmp) / "pages"
        batches = [every[i : i + BATCH] for i in range(0, len(every), BATCH)]
        for number, batch in enumerate(batches):
            write_batch(spill / f"b{number}", batch)
        summary = summarise([])
        timings = []
        for repeat in range(args.repeats):
            run_spill = shutil.copytree(spill, Path(tmp) / f"pages-{repeat}")  # the store releases it
            spilled = CountingPages(run_spill, [(f"b{n}", len(b)) for n, b in enumerate(batches)])
            extraction = replace(summary, pages=spilled)
            options = ArchiveOptions(data=Path(tmp) / f"data-{repeat}")
            prepared = pipeline.prepare(options, str(uuid.uuid4()))
            report = pipeline.new_report(options, prepared)
            start = time.perf_counter()
            rows = pipeline.store(options, prepared, extraction, None, report)
            timings.append(time.perf_counter() - start)
            print(
                f"run {repeat + 1}: {len(every)} pages in {len(batches)} batches, "
                f"{rows.get('articles', 0)} article rows: {timings[-1]:.2f} s, "
                f"{spilled.loads} batch reads ({spilled.loads / len(batches):.1f} per batch)"
            )
        print(f"best {min(timings):.2f} s, median {sorted(timings)[len(timings) // 2]:.2f} s")


if __name__ == "__main__":
    main()
