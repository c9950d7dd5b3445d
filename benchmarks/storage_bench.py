"""Storage benchmark: the cost of one more run's append as history grows, and read times at N runs.

    .venv/bin/python benchmarks/storage_bench.py [--runs 1000] [--articles 20] [--ratings 500] [--root DIR]

Each run writes ``--articles`` new article versions (5 KB bodies), ``--ratings`` rating
observations, a 10-row poll, as many fetches as ratings, and its run row, through ``RunWriter``.
Append cost is the median of 5 runs (``latest_digests`` + write + commit) after 1, 100, ... runs;
the target is flat. Reads are timed at the end, before and after ``compact``, through this
package (pyarrow scans) and through DuckDB: the package's ``connect`` views and a plain
``read_parquet`` glob as an outside reader would write it.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from crawler.items import ArticleItem, Author, Outcome, Poll, PollOption, Rating
from storage import read
from storage.compact import compact
from storage.plan import new_versions
from storage.rows import article_row, fetch_row, poll_rows, rating_row, run_row
from storage.write import RunWriter

T0 = datetime(2024, 1, 1, tzinfo=UTC)
POLL = tuple(
    Poll(f"Question {q}?", tuple(PollOption(f"Option {o}", 10 * o, 20) for o in range(5))) for q in range(2)
)
PARAGRAPH = "The Russian International Affairs Council publishes analysis of world politics. " * 6


def _item(n: int, version: int) -> ArticleItem:
    return ArticleItem(
        url=f"https://russiancouncil.ru/en/analytics-and-comments/analytics/a{n}/",
        article_id=f"en/analytics-and-comments/analytics/a{n}",
        lang="en",
        section="analytics",
        title=f"Article {n}",
        published=T0.date(),
        published_raw=None,
        authors=(Author("Andrey Kortunov", "RIAC Director General"),),
        region=("Russia",),
        type="Analytics",
        tags=("USA", "Europe"),
        summary_paragraphs=(PARAGRAPH,),
        body_paragraphs=tuple(f"{PARAGRAPH} {n}.{version}.{p}" for p in range(10)),
        rating=Rating(5, 4.5),
        polls=(),
        translation_url=None,
        extractor_version="1.0",
        fetched_at=T0,
    )


def one_run(root: Path, index: int, args: argparse.Namespace) -> tuple[float, float]:
    """One run; returns (ms for latest_digests, ms for write + commit)."""
    run_id = f"bench-{index:05d}"
    at = T0 + timedelta(hours=6 * index)
    start = time.perf_counter()
    digests = read.latest_digests(root)
    digests_ms = (time.perf_counter() - start) * 1000
    items = new_versions([_item(index * args.articles + k, 0) for k in range(args.articles)], digests)
    start = time.perf_counter()
    writer = RunWriter(root, run_id)
    writer.write("articles", [article_row(i, run_id=run_id, first_seen=at, stored_at=at) for i in items])
    article_ids = [
        f"en/analytics-and-comments/analytics/a{(index * 37 + k) % 20000}" for k in range(args.ratings)
    ]
    writer.write(
        "ratings",
        [rating_row(a, Rating(k, 4.2), observed_at=at, run_id=run_id) for k, a in enumerate(article_ids)],
    )
    writer.write("polls", poll_rows(POLL, observed_at=at, run_id=run_id))
    writer.write(
        "fetches",
        [
            fetch_row(
                f"https://russiancouncil.ru/{a}/",
                fetched_at=at,
                run_id=run_id,
                outcome=Outcome.ARTICLE,
                status=200,
            )
            for a in article_ids
        ],
    )
    writer.commit(run_row(run_id, flow="bench", started_at=at, finished_at=at, status="completed"))
    return digests_ms, (time.perf_counter() - start) * 1000


def timed(fn: Callable[[], Any], repeat: int = 3) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def read_times(root: Path) -> dict[str, float]:
    target = "en/analytics-and-comments/analytics/a37"
    con = read.connect(root)
    glob = f"{root}/{{}}/**/*.parquet"
    latest_sql = (
        "SELECT * FROM {} QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY stored_at DESC) = 1"
    )
    return {
        "latest articles · storage.read (pyarrow)": timed(lambda: read.latest_articles(root)),
        "latest articles · DuckDB view": timed(
            lambda: con.sql(latest_sql.format("articles")).to_arrow_table()
        ),
        "latest articles · DuckDB glob": timed(
            lambda: duckdb.sql(
                latest_sql.format(f"read_parquet('{glob.format('articles')}')")
            ).to_arrow_table()
        ),
        "latest_digests, cold process (3 columns)": timed(
            lambda: (read._DIGEST_CACHE.clear(), read.latest_digests(root))
        ),
        "latest_digests, warm worker": timed(lambda: read.latest_digests(root)),
        "known_articles (incremental crawl state)": timed(lambda: read.known_articles(root)),
        "rating history of one article · storage.read": timed(lambda: read.rating_history(root, target)),
        "rating history of one article · DuckDB view": timed(
            lambda: con.sql(
                f"SELECT * FROM ratings WHERE article_id = '{target}' ORDER BY observed_at"
            ).to_arrow_table()
        ),
        "rating history of one article · DuckDB glob": timed(
            lambda: duckdb.sql(
                f"SELECT * FROM read_parquet('{glob.format('ratings')}') WHERE article_id = '{target}'"
            ).to_arrow_table()
        ),
        "poll history · storage.read": timed(lambda: read.poll_history(root)),
        "poll history · DuckDB view": timed(
            lambda: con.sql("SELECT * FROM polls ORDER BY observed_at").to_arrow_table()
        ),
        "poll history · DuckDB glob": timed(
            lambda: duckdb.sql(f"SELECT * FROM read_parquet('{glob.format('polls')}')").to_arrow_table()
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--ratings", type=int, default=500)
    parser.add_argument("--root", type=Path, default=None, help="default: a temporary folder, removed after")
    args = parser.parse_args()
    root = args.root or Path(tempfile.mkdtemp(prefix="riac-bench-"))
    checkpoints = sorted({1, 100, args.runs} | {c for c in (10, 300) if c < args.runs})
    try:
        done = 0
        print(f"{'earlier runs':>12}  {'write+commit ms':>16}  {'latest_digests ms':>18}  (medians of 5)")
        appends: dict[int, float] = {}
        for checkpoint in checkpoints:
            while done < checkpoint:
                one_run(root, done, args)
                done += 1
            samples = []
            for _ in range(5):
                samples.append(one_run(root, done, args))
                done += 1
            appends[checkpoint] = statistics.median(s[1] for s in samples)
            digest_ms = statistics.median(s[0] for s in samples)
            print(f"{checkpoint:>12}  {appends[checkpoint]:>16.1f}  {digest_ms:>18.1f}", flush=True)
        first, last = checkpoints[0], checkpoints[-1]
        print(f"write+commit after {last} runs / after {first}: {appends[last] / appends[first]:.2f}x")

        before = read_times(root)
        files_before = sum(1 for _ in root.glob("*/**/*.parquet"))
        start = time.perf_counter()
        compact(root)
        compact_ms = (time.perf_counter() - start) * 1000
        after = read_times(root)
        files_after = sum(1 for _ in root.glob("*/**/*.parquet"))
        print(f"\nreads at {done} runs: {files_before} files; compact {compact_ms:.0f} ms", end="")
        print(f" -> {files_after} files")
        print(f"{'read':<50} {'ms before':>10} {'ms after':>10} {'ratio':>7}")
        for name, ms in before.items():
            print(f"{name:<50} {ms:>10.1f} {after[name]:>10.1f} {ms / after[name]:>6.1f}x")
    finally:
        if args.root is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
