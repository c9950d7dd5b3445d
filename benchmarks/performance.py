"""Performance of the whole archive, side by side in one run: throughput, memory, quiet day, storage.

    .venv/bin/python benchmarks/performance.py            # full size: 20,000 articles, 1,000 runs
    .venv/bin/python benchmarks/performance.py --quick    # 2,000 articles, 100 runs: a few minutes

1. Throughput: ``riac-archive crawl --site <replica> --unthrottled --full`` (replica on loopback →
   WARC → extraction → Parquet) against bare ``trafilatura.extract`` over the same saved article
   pages in one process, and against the naive design (``perf_naive.py``: trafilatura in the Scrapy
   callback, one process). Article pages per second of wall time (see ``perf_runs.py`` for exactly
   what is counted and timed). Target: pipeline ≥ 1.2× bare.
2. Memory: RSS of the crawl process and of the whole run (the command and all its children),
   sampled every 0.25 s, read at 10 %, 50 % and 100 % of the articles fetched; peaks. Target ≤ 500 MB, flat.
3. A quiet day: an incremental run the next (simulated) day against the same replica day, so
   nothing is new; requests from the replica's access log by kind, against the archive's size.
4. Storage: ``storage_bench.py``'s runs (append cost after 1, 100, N earlier runs; reads at N runs).

The replica runs on the same two cores (it is the site: a fresh one per crawl, same seed).
Prints Markdown tables; ``--keep DIR`` keeps the data for inspection.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from perf_runs import (  # noqa: E402
    BareRun,
    NaiveRun,
    PipelineRun,
    access_lines,
    classify_requests,
    run_bare,
    run_naive,
    run_pipeline,
    saved_article_pages,
)
from perf_tree import at_progress, peak  # noqa: E402

from crawler.replica.process import start_replica  # noqa: E402

DAY0 = "2025-03-03T12:00:00"  # replica day 0, as the run's clock
DAY1 = "2025-03-04T12:00:00"  # the next day: ratings of the youngest articles fall due
TARGET_RATIO = 1.2
TARGET_MB = 500


@dataclass(slots=True)
class Load:
    label: str
    load: tuple[float, float, float]


def machine() -> str:
    model = "?"
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, {platform.platform()}"


def loadavg(label: str) -> Load:
    return Load(label, os.getloadavg())


def mb(kib: int) -> str:
    return f"{kib / 1024:.0f}"


def throughput_table(pipe: PipelineRun, bare: BareRun, naive: NaiveRun) -> list[str]:
    rows = [
        "| design | article pages | wall s | article pages/s | × bare trafilatura |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, run in (
        ("riac-archive pipeline (crawl → WARC → extraction pool → Parquet)", pipe),
        ("bare `trafilatura.extract`, one process, saved pages in memory", bare),
        ("naive: trafilatura in the Scrapy callback, one process", naive),
    ):
        ratio = run.rate / bare.rate
        rows.append(f"| {name} | {run.article_pages} | {run.wall:.1f} | {run.rate:.0f} | {ratio:.2f}× |")
    verdict = "met" if pipe.rate >= TARGET_RATIO * bare.rate else "NOT met"
    rows.append("")
    rows.append(
        f"Pipeline / bare: **{pipe.rate / bare.rate:.2f}×** (target ≥ {TARGET_RATIO}×: {verdict}); "
        f"pipeline stored {pipe.articles_stored} articles from {pipe.requests} requests; "
        f"trafilatura returned text for {bare.extracted}, the naive spider for {naive.extracted} pages "
        f"({naive.requests} requests)."
    )
    return rows


def memory_table(full: PipelineRun, quiet: PipelineRun | None, articles: int) -> list[str]:
    rows = [
        "| moment | articles fetched | crawl process RSS MB | whole run RSS MB "
        "| of which extraction workers MB |",
        "|---|---:|---:|---:|---:|",
    ]
    for share in (0.1, 0.5, 1.0):
        mark = int(articles * share)
        sample = at_progress(full.samples, mark)
        if sample is not None:
            rows.append(
                f"| full crawl, {share:.0%} of the articles | {sample.articles} | {mb(sample.crawl_kib)} "
                f"| {mb(sample.total_kib)} | {mb(sample.workers_kib)} |"
            )
    samples = full.samples
    rows.append(
        f"| full crawl, peak | {full.article_pages} | {mb(peak(samples, 'crawl_kib'))} "
        f"| {mb(peak(samples, 'total_kib'))} | {mb(peak(samples, 'workers_kib'))} |"
    )
    if quiet is not None:
        rows.append(
            f"| quiet-day incremental run, peak | {quiet.article_pages} "
            f"| {mb(peak(quiet.samples, 'crawl_kib'))} | {mb(peak(quiet.samples, 'total_kib'))} "
            f"| {mb(peak(quiet.samples, 'workers_kib'))} |"
        )
    worst = max(peak(samples, "total_kib"), peak(quiet.samples, "total_kib") if quiet else 0)
    rows.append("")
    rows.append(
        f"Peak of the whole run: {mb(worst)} MB (target ≤ {TARGET_MB} MB: "
        f"{'met' if worst / 1024 <= TARGET_MB else 'NOT met'})."
    )
    return rows


def quiet_day_table(
    quiet: PipelineRun, kinds: dict[str, int], archive_size: int, due: int | None
) -> list[str]:
    total = sum(kinds.values())
    rows = [
        "| archive size (articles) | requests | robots | feeds | sitemaps | listing pages "
        "| article pages | due snapshots |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {archive_size} | {total} | {kinds.get('robots', 0)} | {kinds.get('feed', 0)} "
        f"| {kinds.get('sitemap', 0)} | {kinds.get('listing', 0)} | {kinds.get('article', 0)} "
        f"| {due if due is not None else '?'} |",
    ]
    expected = total - kinds.get("article", 0) - kinds.get("other", 0)
    rows.append("")
    rows.append(
        f"Wall {quiet.wall:.1f} s; articles new or changed: {quiet.articles_stored}; "
        f"requests / articles in the archive: {total / max(1, archive_size):.4f}; "
        f"article requests = due snapshots: {kinds.get('article', 0) == due}; "
        f"everything else is discovery ({expected} requests), other: {kinds.get('other', 0)}."
    )
    return rows


def storage_part(runs: int) -> list[str]:
    """``storage_bench.py``'s workload: append cost at checkpoints, reads at ``runs`` runs."""
    import storage_bench

    from storage.compact import compact

    options = argparse.Namespace(articles=20, ratings=500)
    root = Path(tempfile.mkdtemp(prefix="riac-perf-storage-"))
    try:
        checkpoints = sorted({1, min(100, runs), runs})
        done, appends = 0, {}
        for checkpoint in checkpoints:
            while done < checkpoint:
                storage_bench.one_run(root, done, options)
                done += 1
            samples = [storage_bench.one_run(root, done + k, options) for k in range(5)]
            done += 5
            appends[checkpoint] = (
                statistics.median(s[0] + s[1] for s in samples),
                statistics.median(s[1] for s in samples),
            )
        before = storage_bench.read_times(root)
        files_before = sum(1 for _ in root.glob("*/**/*.parquet"))
        start = time.perf_counter()
        compact(root)
        compact_s = time.perf_counter() - start
        after = storage_bench.read_times(root)
        files_after = sum(1 for _ in root.glob("*/**/*.parquet"))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    rows = [
        "| earlier runs | one more run: `latest_digests` + write + commit, ms "
        "| of which write + commit, ms |",
        "|---:|---:|---:|",
    ]
    rows += [f"| {n} | {whole:.1f} | {write:.1f} |" for n, (whole, write) in appends.items()]
    first, last = appends[checkpoints[0]], appends[checkpoints[-1]]
    rows.append("")
    rows.append(
        f"Append after {checkpoints[-1]} runs / after {checkpoints[0]}: {last[0] / first[0]:.2f}× "
        f"(write + commit {last[1] / first[1]:.2f}×)."
    )
    rows.append("")
    rows.append(
        f"| read at {done} runs | ms, {files_before} files | ms after compaction ({files_after} files, "
        f"{compact_s:.1f} s) |"
    )
    rows.append("|---|---:|---:|")
    rows += [f"| {name} | {ms:.0f} | {after[name]:.0f} |" for name, ms in before.items()]
    return rows


def due_from_log(log: Path) -> int | None:
    match = re.search(r"\((\d+) rating snapshots due\)", log.read_text(encoding="utf-8", errors="replace"))
    return int(match.group(1)) if match else None


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="2,000 articles and 100 storage runs")
    parser.add_argument("--articles", type=int, default=None, help="replica size (default 20000)")
    parser.add_argument("--storage-runs", type=int, default=None, help="default 1000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--parts",
        default="throughput,storage",
        help="throughput (incl. memory, quiet day), storage; quiet: only the full run and the quiet day",
    )
    parser.add_argument("--keep", type=Path, default=None, help="keep data, logs and WARC files here")
    args = parser.parse_args()
    articles = args.articles or (2000 if args.quick else 20000)
    storage_runs = args.storage_runs or (100 if args.quick else 1000)
    parts = {p.strip() for p in args.parts.split(",")}
    work = args.keep or Path(tempfile.mkdtemp(prefix="riac-perf-"))
    work.mkdir(parents=True, exist_ok=True)
    loads = [loadavg("start")]
    out: list[str] = [
        f"# Performance run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine()}.",
        f"Replica: {articles} articles, seed {args.seed}, day 0, loopback, same machine.",
        "",
    ]
    try:
        if "throughput" in parts:
            out += throughput_part(work, articles, args.seed, loads)
        elif "quiet" in parts:
            out += quiet_part(work, articles, args.seed, loads)
        if "storage" in parts:
            loads.append(loadavg("storage start"))
            out += ["## Storage", "", *storage_part(storage_runs), ""]
        loads.append(loadavg("end"))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    out.append(
        "Load average (1/5/15 min): "
        + "; ".join(f"{x.label} {x.load[0]:.2f}/{x.load[1]:.2f}/{x.load[2]:.2f}" for x in loads)
        + "."
    )
    print("\n".join(out))


def quiet_part(work: Path, articles: int, seed: int, loads: list[Load]) -> list[str]:
    """The quiet day alone (the same two runs as :func:`throughput_part`, without the contenders)."""
    data, access = work / "data", work / "access.log"
    with start_replica(articles=articles, seed=seed, access_log=access) as site:
        full = run_pipeline(site.base_url, data, DAY0, full=True, log=work / "pipeline.log")
        if full.exit_code != 0:
            raise SystemExit(f"pipeline run failed ({full.exit_code}): see {work / 'pipeline.log'}")
        seen = len(access_lines(access))
        loads.append(loadavg("quiet day start"))
        quiet = run_pipeline(site.base_url, data, DAY1, full=False, log=work / "quiet.log")
        quiet_kinds = classify_requests(access_lines(access)[seen:])
    due = due_from_log(work / "quiet.log")
    rows = ["## Memory", "", *memory_table(full, quiet, full.article_pages), ""]
    return [*rows, "## A quiet day", "", *quiet_day_table(quiet, quiet_kinds, full.articles_stored, due), ""]


def throughput_part(work: Path, articles: int, seed: int, loads: list[Load]) -> list[str]:
    data, access = work / "data", work / "access.log"
    with start_replica(articles=articles, seed=seed, access_log=access) as site:
        loads.append(loadavg("pipeline start"))
        full = run_pipeline(site.base_url, data, DAY0, full=True, log=work / "pipeline.log")
        if full.exit_code != 0 or full.manifest is None:
            raise SystemExit(f"pipeline run failed ({full.exit_code}): see {work / 'pipeline.log'}")
        seen = len(access_lines(access))
        loads.append(loadavg("quiet day start"))
        quiet = run_pipeline(site.base_url, data, DAY1, full=False, log=work / "quiet.log")
        quiet_kinds = classify_requests(access_lines(access)[seen:])
    loads.append(loadavg("bare start"))
    pages = saved_article_pages(data, full.manifest)
    bare = run_bare(pages)
    del pages
    with start_replica(articles=articles, seed=seed) as site:
        loads.append(loadavg("naive start"))
        naive = run_naive(site.base_url, work / "naive.jsonl", work / "naive.log")
    if naive.exit_code != 0:
        raise SystemExit(f"naive spider failed ({naive.exit_code}): see {work / 'naive.log'}")
    rows: list[Any] = ["## End-to-end throughput", "", *throughput_table(full, bare, naive), ""]
    rows += ["## Memory", "", *memory_table(full, quiet, full.article_pages), ""]
    due = due_from_log(work / "quiet.log")
    rows += ["## A quiet day", "", *quiet_day_table(quiet, quiet_kinds, full.articles_stored, due), ""]
    return rows


if __name__ == "__main__":
    main()
