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
from storage.lock import DataDirBusy


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
@click.option(
    "--dask-address",
    metavar="tcp://HOST:PORT",
    default=None,
    help="Run the batches on this Dask scheduler's workers (a Prefect flow with prefect-dask).",
)
@click.option(
    "--dask-workers",
    type=click.IntRange(1),
    default=None,
    help="Run the batches on a local Dask cluster of N worker processes (a Prefect flow).",
)
@ENGINE
def reextract(
    data: Path,
    datasets: str | None,
    write: bool,
    dask_address: str | None,
    dask_workers: int | None,
    use_prefect: bool | None,
) -> None:
    """Re-extract stored articles from the WARC archive (no network) and report differences."""
    from flows.prefect_support import api_configured

    if dask_address is not None and dask_workers is not None:
        raise click.UsageError("--dask-address and --dask-workers exclude each other")
    if datasets is not None:
        from flows.options import check_datasets_root

        try:
            datasets = root_location(check_datasets_root(datasets))
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--datasets") from exc
    require_archive_at(datasets or data)
    if write:  # the WARC files a machine lacks are copied into the data directory first
        check_writable(data, create=datasets is not None)
    on_dask = dask_address is not None or dask_workers is not None
    if on_dask and not api_configured():
        click.echo(
            "riac-archive: no PREFECT_API_URL: the flow and every Dask worker each start a temporary "
            "Prefect server (about 10 s each); point them at one server (docs/deploy.md)",
            err=True,
        )
    if on_dask or runs_as_flow(use_prefect):  # Dask runs through Prefect's task runner
        from flows.reextract import run_reextract_flow

        try:
            counts = run_reextract_flow(
                str(data),
                write=write,
                datasets=datasets,
                dask_address=dask_address,
                dask_workers=dask_workers,
            )
        except DataDirBusy as exc:
            fail(str(exc), EXIT_BUSY)
        click.echo(counts)
        return
    from rich.console import Console
    from rich.markdown import Markdown

    from flows.reextract import reextract as reextract_root

    try:
        report = reextract_root(data, datasets=datasets, write=write)
    except DataDirBusy as exc:
        fail(str(exc), EXIT_BUSY)
    Console().print(Markdown(report.to_markdown()))
