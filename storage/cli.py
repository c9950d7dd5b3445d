"""``riac-archive sql "SELECT ..." [--data DIR]``: query the datasets with DuckDB, print a table."""

from __future__ import annotations

import click


@click.command()
@click.argument("query")
@click.option(
    "--data",
    "data",
    default="./data",
    show_default=True,
    help="Data root: a folder or s3://bucket/prefix (credentials from the environment).",
)
@click.option("--limit", default=200, show_default=True, help="Print at most this many rows.")
def sql(query: str, data: str, limit: int) -> None:
    """Run QUERY against views articles, ratings, polls, fetches, failures, runs."""
    import duckdb
    from rich.console import Console
    from rich.table import Table

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
    console = Console()
    if relation is None:  # a statement without a result
        return
    rows = relation.limit(limit + 1).fetchall()
    table = Table(*relation.columns, show_lines=False)
    for row in rows[:limit]:
        table.add_row(*("NULL" if value is None else str(value) for value in row))
    console.print(table)
    shown = min(len(rows), limit)
    more = " (more not shown)" if len(rows) > limit else ""
    console.print(f"{shown} row(s){more}")
