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
from flows.options import (
    DEFAULT_DATA,
    DEFAULT_DRIFT_THRESHOLD,
    DEFAULT_LANGS,
    DEFAULT_POLICY,
    DEFAULT_SITE,
)

DATA = click.option(
    "--data",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_DATA,
    show_default=True,
    help="Data directory (datasets and WARC files).",
)
DATASETS = click.option(
    "--datasets",
    metavar="URI",
    default=None,
    help="Root of the Parquet datasets, e.g. s3://bucket/prefix (default: the data directory, which "
    "always keeps the WARC files, also copied to this root, and the run lock).",
)
ENGINE = click.option(
    "--prefect/--no-prefect",
    "use_prefect",
    default=None,
    help="Run as a Prefect flow (default: only when PREFECT_API_URL is set).",
)


def _use_prefect(flag: bool | None) -> bool:
    """Whether to run as a Prefect flow. A configured server that does not answer: with ``--prefect``
    fail at once with one clear line; otherwise say so and run locally, so the day's data is not
    lost to a monitoring outage (the run just does not show in the UI)."""
    from flows.prefect_support import api_configured, api_unreachable, api_url, offline_defaults

    offline_defaults()
    wanted = api_configured() if flag is None else flag
    url = api_url() if wanted else None
    problem = api_unreachable(url) if url else None
    if problem is None:
        return wanted
    if flag:
        raise click.ClickException(
            f"the Prefect server at {url} is not reachable ({problem}): start it, fix PREFECT_API_URL, "
            "or run without --prefect"
        )
    click.echo(
        f"riac-archive: the Prefect server at {url} is not reachable ({problem}); running without it "
        "(data is stored as usual; this run will not appear in the Prefect UI)",
        err=True,
    )
    return False


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


def _show(report: Any) -> None:
    from rich.console import Console
    from rich.markdown import Markdown

    from storage.run_report import to_markdown

    Console(stderr=False).print(Markdown(to_markdown(report)))


EXIT_FAILED = 1  # the run failed (nothing fetched, too many failures, layout drift) or cannot start
EXIT_BUSY = 75  # EX_TEMPFAIL: another run holds the data directory; try again later


def _fail(message: str, code: int = EXIT_FAILED) -> None:
    """One line on stderr, then exit with ``code``."""
    click.echo(f"riac-archive: {message}", err=True)
    sys.exit(code)


def _writable(data: Path, create: bool) -> None:
    """Fail with one line unless ``data`` is a directory this process can write in; ``create`` makes
    it first (``crawl``, ``refresh``, ``demo``: the only commands that create a data directory)."""
    import tempfile

    try:
        if create:
            data.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=data):
            pass
    except OSError as exc:
        _fail(f"cannot write to the data directory {data}: {exc.strerror or exc}")


def _archive_at(root: str | Path) -> None:
    """Fail with one line unless ``root`` holds an archive (nothing is created)."""
    from storage.presence import NoArchive, require_archive

    try:
        require_archive(root)
    except NoArchive as exc:
        _fail(str(exc))


def _run(options: Any, flow_name: str, use_prefect: bool | None) -> None:
    """One archive or refresh run, as a flow or plainly, ending with the same report table either way;
    exit 1 when the run failed (its report first, then one line saying why), 75 when another run
    holds the data directory. A run with nothing to do says so in one line (exit 0)."""
    from storage.lock import DataDirBusy
    from storage.run_report import RunFailed

    try:
        if _use_prefect(use_prefect):
            report = _run_flow(options, flow_name)
        else:
            import uuid

            from flows.pipeline import run_archive

            report = run_archive(
                options, str(uuid.uuid4()), flow_name, progress=lambda m: click.echo(m, err=True)
            )
    except RunFailed as exc:
        if exc.report is not None:
            _show(exc.report)
        click.echo(str(exc), err=True)
        sys.exit(EXIT_FAILED)
    except DataDirBusy as exc:
        _fail(str(exc), EXIT_BUSY)
    if report.idle:
        click.echo(f"riac-archive {flow_name}: {report.idle}")
        return
    _show(report)


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
    )
    _writable(data, create=True)
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
    _writable(data, create=True)
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
    "--pool", default=None, help="Register the deployments on this work pool and exit (no serving)."
)
@click.option(
    "--source", default=None, help="With --pool: git URL or directory of this repository for workers."
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
) -> None:
    """Serve the scheduled deployments (archive daily, refresh 3×/day, compact weekly) to PREFECT_API_URL.

    With --pool, register them on a work pool instead, for workers on other machines.
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
    datasets_root = None if datasets is None else _root(datasets)
    if pool is not None:
        names = deploy_to_pool(pool, source or str(Path.cwd()), site, _root(data), schedules, datasets_root)
        click.echo(
            f"registered on work pool {pool!r}: {', '.join(names)}; start workers with "
            f"`prefect worker start --pool {pool}`"
        )
        return
    serve_deployments(site, str(Path(data).resolve()), schedules, datasets=datasets_root)


def _root(location: str) -> str:
    """A URI as given, a local path made absolute (the serving process or a worker resolves it)."""
    return location if "://" in location else str(Path(location).resolve())


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

    _writable(data, create=True)
    try:
        run_demo(data=data, days=days, articles=articles, use_prefect=_use_prefect(use_prefect))
    except RunFailed:  # the demo printed why
        sys.exit(EXIT_FAILED)
