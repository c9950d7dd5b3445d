"""Helpers every ``riac-archive`` command module shares: the common flags, one-line failures with
their exit codes, the checks of a data directory, whether to run as a Prefect flow, the report table.

A new command module imports what it needs from here by name. Nothing here imports Prefect, Scrapy
or pyarrow at import time (each helper imports what it uses), so ``--help`` stays quick.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from flows.options import DEFAULT_DATA

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


def runs_as_flow(flag: bool | None) -> bool:
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


def show_report(report: Any) -> None:
    """A run's report (``storage.run_report.RunReport``) as the table both local and flow runs end with."""
    from rich.console import Console
    from rich.markdown import Markdown

    from storage.run_report import to_markdown

    Console(stderr=False).print(Markdown(to_markdown(report)))


EXIT_FAILED = 1  # the run failed (nothing fetched, too many failures, layout drift) or cannot start
EXIT_BUSY = 75  # EX_TEMPFAIL: another run holds the data directory; try again later


def fail(message: str, code: int = EXIT_FAILED) -> NoReturn:
    """One line on stderr, then exit with ``code``."""
    click.echo(f"riac-archive: {message}", err=True)
    sys.exit(code)


def check_writable(data: Path, create: bool) -> None:
    """Fail with one line unless ``data`` is a directory this process can write in; ``create`` makes
    it first (``crawl``, ``refresh``, ``demo``: the only commands that create a data directory)."""
    import tempfile

    try:
        if create:
            data.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=data):
            pass
    except OSError as exc:
        fail(f"cannot write to the data directory {data}: {exc.strerror or exc}")


def require_archive_at(root: str | Path) -> None:
    """Fail with one line unless ``root`` holds an archive (nothing is created)."""
    from storage.presence import NoArchive, require_archive

    try:
        require_archive(root)
    except NoArchive as exc:
        fail(str(exc))


def root_location(location: str) -> str:
    """A URI as given, a local path made absolute (the serving process or a worker resolves it)."""
    return location if "://" in location else str(Path(location).resolve())
