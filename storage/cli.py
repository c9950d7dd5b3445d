"""``riac-archive sql "SELECT ..." [--data DIR] [--format table|csv|json]``: query the datasets with DuckDB.

``table`` (default) is for people: on a terminal it fits the window, piped or redirected it is never
wrapped (no 80-column fold). ``csv`` and ``json`` are for programs: every row unless ``--limit``.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from typing import Any

import click

TABLE_LIMIT = 200  # rows a table shows unless --limit says otherwise


@click.command()
@click.argument("query")
@click.option(
    "--data",
    "data",
    default="./data",
    show_default=True,
    help="Data root: a folder or s3://bucket/prefix (credentials from the environment).",
)
@click.option(
    "--format",
    "format_",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="table: readable (not wrapped when piped); csv: header and rows; json: an array of objects.",
)
@click.option(
    "--limit",
    type=int,
    default=None,
    help=f"Print at most this many rows (default: {TABLE_LIMIT} for a table, all for csv and json).",
)
def sql(query: str, data: str, format_: str, limit: int | None) -> None:
    """Run QUERY against views articles, ratings, polls, fetches, failures, runs and
    latest_articles (the latest version of each article, with withdrawn_at)."""
    import duckdb

    from storage.presence import NoArchive, require_archive
    from storage.read import connect

    try:
        require_archive(data)
    except NoArchive as exc:
        raise click.ClickException(str(exc)) from exc
    con = connect(data)
    try:
        relation = con.sql(query)
    except duckdb.Error as exc:
        raise click.ClickException(str(exc)) from exc
    if relation is None:  # a statement without a result
        return
    if limit is None and format_ == "table":
        limit = TABLE_LIMIT
    rows = relation.fetchall() if limit is None else relation.limit(limit + 1).fetchall()
    more = limit is not None and len(rows) > limit
    rows = rows[:limit] if limit is not None else rows
    if format_ == "csv":
        _print_csv(relation.columns, rows)
    elif format_ == "json":
        _print_json(relation.columns, rows)
    else:
        _print_table(relation.columns, rows, more)
    if more and format_ != "table":
        click.echo(f"only the first {limit} row(s) printed (--limit)", err=True)


def _print_table(columns: Sequence[str], rows: Sequence[tuple[Any, ...]], more: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    # a terminal: fit its width; a pipe or file: as wide as the rows (rich would fold at 80 columns)
    console = Console() if sys.stdout.isatty() else Console(width=1_000_000, soft_wrap=True)
    table = Table(*columns, show_lines=False)
    for row in rows:
        table.add_row(*(_text(value) for value in row))
    console.print(table)
    console.print(f"{len(rows)} row(s)" + (" (more not shown)" if more else ""))


def _print_csv(columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow("" if value is None else _text(value) for value in row)


def _print_json(columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    records = [dict(zip(columns, row, strict=True)) for row in rows]
    json.dump(records, sys.stdout, ensure_ascii=False, default=_json_value, indent=1)
    sys.stdout.write("\n")


def _text(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=_json_value)
    return str(value)


def _json_value(value: Any) -> Any:
    if hasattr(value, "isoformat"):  # dates and timestamps as ISO 8601
        return value.isoformat()
    return str(value)  # decimals, UUIDs, bytes' reprs
