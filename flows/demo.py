"""``riac-archive demo``: the whole mission offline, against the bundled replica.

Starts the replica, archives it once per simulated day (moving the replica's clock between runs,
unthrottled on loopback), shows a progress display on a terminal, and ends with a summary and
three one-liners that load the data with pandas, polars and DuckDB.
"""

from __future__ import annotations

import shutil
import sys
import time
import uuid
from datetime import UTC, date, datetime
from datetime import time as dtime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from flows.options import ArchiveOptions
from storage.run_report import RunFailed, RunReport

RUN_HOUR = dtime(6, 0, tzinfo=UTC)


def one_liners(data: Path) -> list[tuple[str, str]]:
    root = str(data.resolve())
    py = sys.executable
    return [
        ("pandas", f"{py} -c \"import pandas as pd; print(pd.read_parquet('{root}/articles'))\""),
        (
            "polars",
            f'{py} -c "import polars as pl; '
            f"print(pl.scan_parquet('{root}/ratings/**/*.parquet').collect())\"",
        ),
        (
            "DuckDB",
            f'{py} -c "import duckdb; duckdb.sql(\\"SELECT lang, count(*) FROM read_parquet('
            f"'{root}/articles/**/*.parquet', hive_partitioning=true) GROUP BY lang\\\").show()\"",
        ),
    ]


MARKER = ".riac-demo"


def prepare_data_dir(data: Path) -> None:
    """Start from an empty directory; only a previous demo's directory (with its marker) is emptied."""
    if data.exists() and any(data.iterdir()):
        if not (data / MARKER).exists():
            raise SystemExit(f"{data} is not empty and not a demo directory: choose another --data")
        shutil.rmtree(data)
    data.mkdir(parents=True, exist_ok=True)
    (data / MARKER).write_text("written by riac-archive demo; the demo empties this directory\n")


def run_day(options: ArchiveOptions, use_prefect: bool, progress: Any) -> RunReport | dict[str, Any]:
    if use_prefect:
        from prefect.exceptions import FailedRun

        from flows.archive import archive

        try:
            return archive(options)
        except FailedRun as exc:  # the flow ended Failed with its reason
            raise RunFailed(str(exc)) from None
    from flows.pipeline import run_archive

    return run_archive(options, str(uuid.uuid4()), "archive", progress=progress)


def run_demo(
    *, data: Path, days: int, articles: int, use_prefect: bool = False, console: Console | None = None
) -> list[Any]:
    from crawler.replica.process import start_replica

    console = console or Console()
    prepare_data_dir(data)
    results: list[Any] = []
    t0 = time.monotonic()
    with start_replica(articles=articles) as site:
        console.print(
            f"[bold]riac-archive demo[/]: replica of russiancouncil.ru at {site.base_url}, data in {data}"
        )
        if not use_prefect:
            console.print("[dim]No PREFECT_API_URL: running the flow's stages without a Prefect server.[/]")
        columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task("starting", total=days)
            for day in range(days):
                site.set_day(day)
                simulated = date.fromisoformat(site.truth("site.json")["date"])
                as_of = datetime.combine(simulated, RUN_HOUR)
                options = ArchiveOptions(site=site.base_url, data=data, unthrottled=True, as_of=as_of)

                def progress(message: str, simulated: date = simulated) -> None:
                    bar.update(task, description=f"{simulated}: {message}")

                try:
                    result = run_day(options, use_prefect, progress)
                except RunFailed as exc:
                    console.print(f"[red]{exc}[/]")
                    raise
                results.append(result)
                line = result.summary_line() if isinstance(result, RunReport) else _counts_line(result)
                console.print(f"[green]✓[/] day {day + 1} ({simulated}): {line}")
                bar.advance(task)
    console.print(summary_table(data))
    if not use_prefect:  # under Prefect every run's flow has rebuilt them already
        from storage.outputs.after_run import refresh_outputs  # matplotlib: only now

        refresh_outputs(data, data)
    console.print(
        f"Report: {data / 'report' / 'index.html'} (charts; opens from disk). Dataset card: "
        f"{data / 'README.md'}, croissant.json, datapackage.json."
    )
    console.print(f"Done in {time.monotonic() - t0:.0f} s. Load the data:")
    for name, command in one_liners(data):
        console.print(f"[bold]{name}[/]", highlight=False)
        console.print(command, highlight=False, soft_wrap=True)
    return results


def summary_table(data: Path) -> Table:
    from storage import read

    table = Table(title=f"Archive in {data}")
    table.add_column("dataset")
    table.add_column("rows", justify="right")
    for name in ("articles", "ratings", "polls", "fetches", "failures", "runs"):
        table.add_row(name, str(read.count_rows(data, name)))
    latest = read.latest_articles(data, columns=["article_id", "lang"])
    langs = latest.column("lang").to_pylist()
    table.add_row("articles (latest, en/ru)", f"{len(langs)} ({langs.count('en')}/{langs.count('ru')})")
    return table


def _counts_line(counts: dict[str, Any]) -> str:
    return ", ".join(f"{value} {key.replace('_', ' ')}" for key, value in counts.items())
