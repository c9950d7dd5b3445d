"""WACZ packaging and ranged record reads, side by side on one crawl of the replica.

    .venv/bin/python benchmarks/wacz_bench.py            # 20,000 articles (a few minutes)
    .venv/bin/python benchmarks/wacz_bench.py --quick    # 2,000 articles

1. One full crawl (``riac-archive crawl --site <replica> --unthrottled --full``, as
   ``performance.py`` runs it), then ``riac-archive wacz`` of it (``storage.wacz_package.write_wacz``):
   wall time and size of the WACZ against the WARC files alone, and against copying the WARC files
   (the floor of any packaging: every byte is read and written once).
2. One record by its row (``storage.read.warc_record``: one ranged read of ``warc_length`` bytes at
   ``warc_offset``) against finding it by reading its WARC file sequentially from the start (what a
   reader without offsets does), over the same sample of ``fetches`` rows.

Prints Markdown tables; ``--keep DIR`` keeps the data.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from perf_runs import run_pipeline  # noqa: E402
from warcio.archiveiterator import ArchiveIterator  # noqa: E402

from crawler.replica.process import start_replica  # noqa: E402

DAY0 = "2025-03-03T12:00:00"


def mb(size: int) -> str:
    return f"{size / 1e6:.1f}"


def crawl(work: Path, articles: int) -> Path:
    data = work / "data"
    with start_replica(articles=articles, seed=1) as site:
        run = run_pipeline(site.base_url, data, DAY0, True, work / "crawl.log")
    if run.exit_code != 0:
        raise SystemExit(f"the crawl failed (exit {run.exit_code}); log: {work / 'crawl.log'}")
    print(
        f"crawl: {run.article_pages} article pages, {run.requests} requests, {run.wall:.1f} s",
        file=sys.stderr,
    )
    return data


def packaging_table(data: Path, work: Path) -> list[str]:
    from storage.wacz_package import write_wacz

    warcs = sorted(data.glob("warc/*/*.warc.gz"))
    warc_bytes = sum(path.stat().st_size for path in warcs)
    copies = work / "copies"
    copies.mkdir()
    start = time.perf_counter()
    for path in warcs:
        shutil.copyfile(path, copies / path.name)
    copy_s = time.perf_counter() - start
    shutil.rmtree(copies)
    out = work / "archive.wacz"
    start = time.perf_counter()
    summary = write_wacz(data, out)
    wacz_s = time.perf_counter() - start
    with zipfile.ZipFile(out) as archive:
        parts: dict[str, int] = {}
        for info in archive.infolist():
            key = info.filename.split("/")[0] if "/" in info.filename else "datapackage"
            parts[key] = parts.get(key, 0) + info.compress_size
    lines = [
        "| what | files | MB | wall s | × WARC size | × copy time |",
        "|---|---|---|---|---|---|",
        f"| WARC files alone | {len(warcs)} | {mb(warc_bytes)} | | 1.00 | |",
        f"| copying them (floor) | {len(warcs)} | {mb(warc_bytes)} | {copy_s:.2f} | 1.00 | 1.0 |",
        f"| WACZ ({summary.pages} pages) | 1 | {mb(summary.wacz_bytes)} | {wacz_s:.2f} | "
        f"{summary.wacz_bytes / warc_bytes:.2f} | {wacz_s / copy_s:.1f} |",
    ]
    lines += ["", "| inside the WACZ | MB (as stored in the zip) |", "|---|---|"]
    lines += [f"| {name}/ | {mb(size)} |" for name, size in sorted(parts.items())]
    return lines


def sequential_find(path: Path, offset: int) -> bytes:
    """The payload of the record at ``offset``, found by reading the file from its start."""
    with path.open("rb") as handle:
        iterator = ArchiveIterator(handle)
        for record in iterator:
            payload = record.content_stream().read()
            if iterator.get_record_offset() == offset:
                return payload  # type: ignore[no-any-return]
    raise LookupError(offset)


def ranged_table(data: Path, sample: int, sequential_sample: int) -> list[str]:
    from storage import read

    rows: list[dict[str, Any]] = [
        r for r in read.read_table(data, "fetches").to_pylist() if r["warc_file"] and r["status"] == 200
    ]
    picked = random.Random(7).sample(rows, min(sample, len(rows)))
    ranged: list[float] = []
    for row in picked:
        start = time.perf_counter()
        read.warc_record(data, row)
        ranged.append(time.perf_counter() - start)
    sequential: list[float] = []
    for row in picked[:sequential_sample]:
        start = time.perf_counter()
        sequential_find(data / row["warc_file"], row["warc_offset"])
        sequential.append(time.perf_counter() - start)
    sizes = {row["warc_file"]: (data / row["warc_file"]).stat().st_size for row in picked}
    r_ms, s_ms = statistics.mean(ranged) * 1000, statistics.mean(sequential) * 1000
    return [
        f"WARC files of {mb(statistics.mean(sizes.values()) * 1e6 / 1e6)} MB on average "
        f"({len(set(sizes))} files); records picked at random from `fetches`.",
        "",
        "| read one record | records timed | mean ms | median ms | × ranged |",
        "|---|---|---|---|---|",
        f"| by its row: one ranged read (`read.warc_record`) | {len(ranged)} | {r_ms:.2f} | "
        f"{statistics.median(ranged) * 1000:.2f} | 1 |",
        f"| sequentially from the file's start | {len(sequential)} | {s_ms:.1f} | "
        f"{statistics.median(sequential) * 1000:.1f} | {s_ms / r_ms:.0f} |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="2,000 articles instead of 20,000")
    parser.add_argument("--articles", type=int, default=None)
    parser.add_argument("--keep", type=Path, default=None, help="keep the data here")
    args = parser.parse_args()
    articles = args.articles or (2000 if args.quick else 20000)
    work = Path(tempfile.mkdtemp(prefix="wacz-bench-"))
    try:
        data = crawl(work, articles)
        print(f"## WACZ packaging: one full crawl of {articles:,} articles\n")
        print("\n".join(packaging_table(data, work)))
        print("\n## One record: by its row vs reading the WARC file\n")
        print("\n".join(ranged_table(data, sample=500, sequential_sample=20)))
        if args.keep:
            shutil.copytree(work, args.keep, dirs_exist_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
