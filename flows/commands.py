"""The ``riac-archive`` sub-commands of the flows package: thin click wrappers over plain functions.

Where runs go: with ``PREFECT_API_URL`` set, commands run the Prefect flows, which report to that
server (watch them in its UI). Without it they run the same stage functions directly, with no
Prefect engine: Prefect 3 would otherwise start a temporary server for each command (about 12 s
and a telemetry error offline) whose runs nobody can watch. ``--prefect`` forces the flow anyway.
Heavy imports happen inside the commands, so ``--help`` stays quick.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from flows.cli import EXIT_CODES
from flows.command_support import (
    DATA,
    DATASETS,
    ENGINE,
    EXIT_BUSY,
    EXIT_FAILED,
    check_writable,
    fail,
    root_location,
    runs_as_flow,
    show_report,
)
from flows.options import (
    DEFAULT_DRIFT_THRESHOLD,
    DEFAULT_LANGS,
    DEFAULT_POLICY,
    DEFAULT_SITE,
)

FLAGS = {"langs": "--lang", "policy": "--refresh-policy"}  # the options' fields named otherwise on the CLI


def _options(**flags: Any) -> Any:
    """The run's options from the command's flags, validated once; a bad value is a usage error that
    names its flag (exit 2)."""
    from pydantic import ValidationError

    from flows.options import ArchiveOptions, first_problem

    try:
        return ArchiveOptions.model_validate(flags)
    except ValidationError as exc:
        field, message = first_problem(exc)
        if field is None:
            raise click.UsageError(message) from exc
        flag = FLAGS.get(field, "--" + field.replace("_", "-"))
        raise click.BadParameter(message, param_hint=flag) from exc


def _run(options: Any, flow_name: str, use_prefect: bool | None) -> None:
    """One archive or refresh run, as a flow or plainly, ending with the same report table either way;
    exit 1 when the run failed (its report first, then one line saying why), 75 when another run
    holds the data directory. A run with nothing to do says so in one line (exit 0)."""
    from storage.lock import DataDirBusy
    from storage.run_report import RunFailed

    try:
        if options.dask_address is not None or runs_as_flow(use_prefect):
            report = _run_flow(options, flow_name)  # Dask runs through Prefect's task runner
        else:
            import uuid

            from flows.pipeline import run_archive

            report = run_archive(
                options, str(uuid.uuid4()), flow_name, progress=lambda m: click.echo(m, err=True)
            )
    except RunFailed as exc:
        if exc.report is not None:
            show_report(exc.report)
        click.echo(str(exc), err=True)
        sys.exit(EXIT_FAILED)
    except DataDirBusy as exc:
        fail(str(exc), EXIT_BUSY)
    if report.idle:
        click.echo(f"riac-archive {flow_name}: {report.idle}")
        return
    show_report(report)


def _run_flow(options: Any, flow_name: str) -> Any:
    """Run the Prefect flow in this process; its report (the one the run's artifact shows)."""
    from prefect.exceptions import FailedRun

    from flows.prefect_support import collect_reports
    from storage.run_report import RunFailed

    with collect_reports() as reports:
        try:
            if flow_name == "refresh":
                from flows.refresh import refresh as refresh_flow

                refresh_flow(options)
            else:
                from flows.archive import archive

                archive(options)
        except FailedRun as exc:  # the flow ended Failed with its reason (flows.archive.outcome)
            failed = RunFailed(str(exc))
            failed.report = reports[-1] if reports else None
            raise failed from None
    if not reports:
        raise click.ClickException(f"the {flow_name} flow ended without a report")
    return reports[-1]


POLICY = click.option(
    "--refresh-policy",
    default=DEFAULT_POLICY,
    show_default=True,
    help="Rating refresh: young-limit:days-between,mid-limit:days-between,old-days-between.",
)


@click.command("crawl", epilog=EXIT_CODES)
@click.option("--site", default=DEFAULT_SITE, show_default=True, help="Site base URL (the replica: its URL).")
@DATA
@click.option("--lang", "lang", default=DEFAULT_LANGS, show_default=True, help="Languages, comma-separated.")
@click.option("--full", is_flag=True, help="Re-walk every listing instead of stopping at known articles.")
@click.option("--max-pages", type=click.IntRange(1), default=None, help="Stop after this many fetches.")
@click.option("--unthrottled", is_flag=True, help="Lift politeness limits (loopback sites only).")
@click.option(
    "--drift-threshold",
    type=float,
    default=DEFAULT_DRIFT_THRESHOLD,
    show_default=True,
    help="Fail the run (layout drift) when more than this share of article pages fail extraction.",
)
@click.option("--as-of", type=click.DateTime(), default=None, help="Simulated run date (replica only).")
@POLICY
@DATASETS
@click.option(
    "--wacz",
    type=click.Path(path_type=Path),
    default=None,
    help="Also package the run as this FILE.wacz (a folder: <run id>.wacz in it); see `riac-archive wacz`.",
)
@click.option(
    "--dask-address",
    metavar="tcp://HOST:PORT",
    default=None,
    help="Extract the crawled pages on this Dask scheduler's workers (they must see --data).",
)
@ENGINE
def crawl(
    site: str,
    data: Path,
    lang: str,
    full: bool,
    max_pages: int | None,
    unthrottled: bool,
    drift_threshold: float,
    as_of: datetime | None,
    refresh_policy: str,
    datasets: str | None,
    wacz: Path | None,
    dask_address: str | None,
    use_prefect: bool | None,
) -> None:
    """Archive new articles and due rating snapshots: crawl, extract, store."""
    options = _options(
        site=site,
        data=data,
        langs=lang,
        full=full,
        max_pages=max_pages,
        unthrottled=unthrottled,
        drift_threshold=drift_threshold,
        as_of=as_of,
        policy=refresh_policy,
        datasets=datasets,
        wacz=wacz,
        dask_address=dask_address,
    )
    check_writable(data, create=True)
    _run(options, "archive", use_prefect)


@click.command("refresh", epilog=EXIT_CODES)
@click.option("--site", default=DEFAULT_SITE, show_default=True)
@DATA
@click.option("--lang", "lang", default=DEFAULT_LANGS, show_default=True)
@click.option("--unthrottled", is_flag=True, help="Lift politeness limits (loopback sites only).")
@click.option("--as-of", type=click.DateTime(), default=None, help="Simulated run date (replica only).")
@POLICY
@DATASETS
@ENGINE
def refresh(
    site: str,
    data: Path,
    lang: str,
    unthrottled: bool,
    as_of: datetime | None,
    refresh_policy: str,
    datasets: str | None,
    use_prefect: bool | None,
) -> None:
    """Take the rating snapshots that are due and one poll snapshot (no new articles)."""
    options = _options(
        site=site,
        data=data,
        langs=lang,
        unthrottled=unthrottled,
        refresh_only=True,
        as_of=as_of,
        policy=refresh_policy,
        datasets=datasets,
    )
    check_writable(data, create=True)
    _run(options, "refresh", use_prefect)


@click.command("serve")
@click.option("--site", default=DEFAULT_SITE, show_default=True)
@click.option(
    "--data", default="data", show_default=True, help="Data directory as seen by the serving process."
)
@DATASETS
@click.option("--archive-cron", default=None, help="Override the daily archive schedule (cron, UTC).")
@click.option("--refresh-cron", default=None, help="Override the refresh schedule (cron, UTC).")
@click.option("--compact-cron", default=None, help="Override the weekly compaction schedule (cron, UTC).")
@click.option(
    "--work-pool",
    "--pool",
    "pool",
    metavar="NAME",
    default=None,
    help="Register the deployments on this work pool (a process pool, created if missing) and exit.",
)
@click.option(
    "--source", default=None, help="With --work-pool: git URL or directory of this repository for workers."
)
@click.option(
    "--wacz", default=None, metavar="DIR", help="Every archive run packages itself as DIR/<run id>.wacz."
)
def serve(
    site: str,
    data: str,
    datasets: str | None,
    archive_cron: str | None,
    refresh_cron: str | None,
    compact_cron: str | None,
    pool: str | None,
    source: str | None,
    wacz: str | None,
) -> None:
    """Serve the scheduled deployments (archive daily, refresh 3×/day, compact weekly) to PREFECT_API_URL.

    With --work-pool, register them on a work pool instead, for workers on other machines.
    """
    from flows.deploy import Schedules, deploy_to_pool
    from flows.deploy import serve as serve_deployments
    from flows.prefect_support import api_configured, offline_defaults

    offline_defaults()
    if not api_configured():
        raise click.UsageError(
            "serve needs a Prefect server: start one with `prefect server start` and set PREFECT_API_URL "
            "(see docs/monitoring.md)"
        )
    defaults = Schedules()
    schedules = Schedules(
        archive=archive_cron or defaults.archive,
        refresh=refresh_cron or defaults.refresh,
        compact=compact_cron or defaults.compact,
    )
    datasets_root = None if datasets is None else root_location(datasets)
    if pool is not None:
        workdir = source or str(Path.cwd())
        names = deploy_to_pool(pool, workdir, site, root_location(data), schedules, datasets_root)
        click.echo(
            f"registered on work pool {pool!r}: {', '.join(names)}; start workers with "
            f"`prefect worker start --pool {pool}`"
        )
        return
    packages = None if wacz is None else str(Path(wacz).resolve())
    serve_deployments(site, str(Path(data).resolve()), schedules, datasets=datasets_root, wacz=packages)


@click.command("demo")
@click.option(
    "--data",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("demo-data"),
    show_default=True,
    help="Where the demo archive goes (a directory of an earlier demo is emptied first).",
)
@click.option("--days", type=click.IntRange(1, 60), default=5, show_default=True, help="Simulated days.")
@click.option(
    "--articles", type=click.IntRange(10, 5000), default=300, show_default=True, help="Replica size."
)
@ENGINE
def demo(data: Path, days: int, articles: int, use_prefect: bool | None) -> None:
    """Archive the bundled replica over several simulated days, offline, then show how to load the data."""
    from flows.demo import run_demo
    from storage.run_report import RunFailed

    check_writable(data, create=True)
    try:
        run_demo(data=data, days=days, articles=articles, use_prefect=runs_as_flow(use_prefect))
    except RunFailed:  # the demo printed why
        sys.exit(EXIT_FAILED)
