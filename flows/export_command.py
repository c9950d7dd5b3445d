"""``riac-archive export --data DIR --format csv|jsonl|duckdb --out PATH [--dataset NAME]``."""

from __future__ import annotations

from typing import cast

import click

from flows.command_support import require_archive_at
from storage.schemas import DATASETS


@click.command()
@click.option(
    "--data", default="./data", show_default=True, help="Data root: a folder or s3://bucket/prefix."
)
@click.option(
    "--format",
    "format_",
    type=click.Choice(["csv", "jsonl", "duckdb"]),
    required=True,
    help="duckdb: one database file, a table per dataset, with comments; csv/jsonl: a file per dataset.",
)
@click.option("--out", required=True, help="The .duckdb file, or the folder for the csv/jsonl files.")
@click.option("--dataset", type=click.Choice(DATASETS), default=None, help="Only this dataset.")
def export(data: str, format_: str, out: str, dataset: str | None) -> None:
    """Export the datasets for tools without Parquet: a DuckDB file (with the data dictionary as
    comments and the latest_articles view) or CSV/JSONL files (nested columns as JSON)."""
    from storage.outputs.export import Format
    from storage.outputs.export import export as write_export

    require_archive_at(data)
    written = write_export(data, out, cast(Format, format_), [dataset] if dataset else DATASETS)
    for path in written:
        click.echo(str(path))
