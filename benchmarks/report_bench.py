"""Report generation time on a big archive: 20,000 replica articles archived over 30 simulated days.

    .venv/bin/python benchmarks/report_bench.py --data /tmp/riac-big            # build if missing, then time
    .venv/bin/python benchmarks/report_bench.py --data /tmp/riac-big --build-only

Times, in one process after a warm-up, the median of ``--repeat`` runs of: ``build_report`` (all
series, charts, CSV and index.html), ``write_card`` (README.md, croissant.json, datapackage.json) and
``export`` to DuckDB; prints a Markdown table with the archive's size and the load average.

The archive is built the way ``riac-archive demo`` builds one (``flows.demo.run_demo``: the replica
on loopback, one unthrottled archive run per simulated day), only bigger than the command allows.
Building takes a while on a shared machine; keep the directory and time the report again later.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build(data: Path, *, articles: int, days: int) -> float:
    from flows.demo import run_demo

    start = time.perf_counter()
    run_demo(data=data, days=days, articles=articles)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not (args.data / "_runs").is_dir():
        seconds = build(args.data, articles=args.articles, days=args.days)
        print(f"built {args.data}: {args.articles} articles, {args.days} days in {seconds:.0f} s")
    if args.build_only:
        return
    measure(args.data, args.repeat)


def all_series(data: Path) -> dict[str, object]:
    from storage import read
    from storage.outputs import series as s

    con = read.connect(data)
    window = s.Window()
    try:
        names = ("publications_by_month", "rating_trajectories", "rating_averages", "poll_shares")
        names += ("versions_per_article", "days_between_versions", "withdrawals", "withdrawn_now")
        names += ("archive_health",)
        return {name: getattr(s, name)(con, window) for name in names}
    finally:
        con.close()


def draw(tables: dict[str, object], folder: Path) -> None:
    from storage.outputs import charts

    t = tables
    charts.publications(t["publications_by_month"], folder / "p.png")  # type: ignore[arg-type]
    charts.ratings(t["rating_trajectories"], t["rating_averages"], folder / "r.png")  # type: ignore[arg-type]
    charts.polls(t["poll_shares"], folder / "q.png")  # type: ignore[arg-type]
    charts.edits(t["versions_per_article"], t["days_between_versions"], folder / "e.png")  # type: ignore[arg-type]
    charts.withdrawals(t["withdrawals"], folder / "w.png")  # type: ignore[arg-type]
    charts.health(t["archive_health"], folder / "h.png")  # type: ignore[arg-type]


def measure(data: Path, repeat: int) -> None:
    import os
    import statistics
    import tempfile

    from storage import read
    from storage.outputs.dataset_card import write_card
    from storage.outputs.export import export
    from storage.outputs.research_report import build_report

    rows = {name: read.count_rows(data, name) for name in ("articles", "ratings", "polls", "fetches", "runs")}
    articles = read.count_rows(data, "articles")
    latest = len(read.latest_articles(data, columns=["article_id"]))
    print(
        f"archive {data}: {latest} articles ({articles} versions), "
        + ", ".join(f"{k} {v}" for k, v in rows.items())
    )
    tables = all_series(data)
    with tempfile.TemporaryDirectory() as scratch:
        jobs = {
            "report (`build_report`: 9 series, 6 PNG charts, CSV, index.html)": lambda: build_report(
                data, Path(scratch) / "report"
            ),
            "  of which the series (`read.connect` + 9 DuckDB queries)": lambda: all_series(data),
            "  of which the charts (6 PNG from the series)": lambda: draw(tables, Path(scratch)),
            "dataset card (`write_card`: README.md, croissant.json, datapackage.json)": lambda: write_card(
                data
            ),
            "export to DuckDB (`export --format duckdb`)": lambda: export(
                data, Path(scratch) / "x.duckdb", "duckdb"
            ),
        }
        print(f"\nload average at the start: {os.getloadavg()[0]:.2f}\n")
        print("| job | median s | min s | max s |")
        print("|---|---:|---:|---:|")
        for label, job in jobs.items():
            job()  # warm-up: imports, file system cache
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                job()
                times.append(time.perf_counter() - start)
            print(f"| {label} | {statistics.median(times):.2f} | {min(times):.2f} | {max(times):.2f} |")


if __name__ == "__main__":
    main()
