"""The ``compact`` and ``reextract`` sub-commands: thin click wrappers over the maintenance functions
(``storage.compact``, ``flows.reextract``) or, under Prefect, the flows of ``flows.maintenance``."""

from __future__ import annotations

from pathlib import Path

import click

from flows.command_support import (
    DATA,
    DATASETS,
    ENGINE,
    EXIT_BUSY,
    check_writable,
    fail,
    require_archive_at,
    root_location,
    runs_as_flow,
)


@click.command("compact")
@DATA
@click.option("--min-files", type=click.IntRange(2), default=2, show_default=True)
@ENGINE
def compact(data: Path, min_files: int, use_prefect: bool | None) -> None:
    """Merge small Parquet files per partition."""
    require_archive_at(data)
    check_writable(data, create=False)
    if runs_as_flow(use_prefect):
        from flows.maintenance import compact as compact_flow

        result = compact_flow(data=str(data), min_files=min_files)
        merged, rows = result["merged"], result["rows"]
    else:
        from storage.compact import compact as compact_root

        report = compact_root(data, min_files=min_files)
        merged, rows = report.merged, report.rows
    click.echo(f"{sum(merged.values())} files merged in {len(merged)} partitions ({rows} rows)")


@click.command("reextract")
@DATA
@DATASETS
@click.option("--write", is_flag=True, help="Store differing articles as new versions.")
@ENGINE
def reextract(data: Path, datasets: str | None, write: bool, use_prefect: bool | None) -> None:
    """Re-extract stored articles from the WARC archive (no network) and report differences."""
    if datasets is not None:
        from flows.options import check_datasets_root

        try:
            datasets = root_location(check_datasets_root(datasets))
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--datasets") from exc
    require_archive_at(datasets or data)
    if write:  # the WARC files a machine lacks are copied into the data directory first
        check_writable(data, create=datasets is not None)
    if runs_as_flow(use_prefect):
        from flows.maintenance import reextract as reextract_flow

        click.echo(reextract_flow(data=str(data), write=write, datasets=datasets))
        return
    from rich.console import Console
    from rich.markdown import Markdown

    from flows.reextract import reextract as reextract_root
    from storage.lock import DataDirBusy

    try:
        report = reextract_root(data, datasets=datasets, write=write)
    except DataDirBusy as exc:
        fail(str(exc), EXIT_BUSY)
    Console().print(Markdown(report.to_markdown()))
