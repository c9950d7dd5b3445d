"""``riac-archive wacz``: package runs of the archive as one WACZ file (``storage.wacz_package``)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from flows.command_support import fail, require_archive_at


def _day(value: str | None, flag: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD", param_hint=flag) from None


@click.command("wacz")
@click.option(
    "--data",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("data"),
    show_default=True,
    help="Data directory (datasets and WARC files).",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="FILE.wacz")
@click.option("--run", "runs", multiple=True, metavar="RUN_ID", help="A run to package (repeatable).")
@click.option("--since", metavar="YYYY-MM-DD", help="Only runs that captured on or after this day.")
@click.option("--until", metavar="YYYY-MM-DD", help="Only runs that captured on or before this day.")
def wacz(data: Path, out: Path, runs: tuple[str, ...], since: str | None, until: str | None) -> None:
    """Package runs (default: all) as a WACZ file for ReplayWeb.page or pywb: their WARC files, a
    CDXJ index, the archived articles as pages with their text, and a datapackage with hashes."""
    from storage.wacz_package import WaczError, write_wacz

    first, last = _day(since, "--since"), _day(until, "--until")
    require_archive_at(data)
    started = datetime.now()
    try:
        summary = write_wacz(data, out, runs, first, last)
    except WaczError as exc:
        fail(str(exc))
        return
    seconds = (datetime.now() - started).total_seconds()
    click.echo(
        f"{summary.out}: {len(summary.runs)} runs, {summary.warc_files} WARC files "
        f"({summary.warc_bytes / 1e6:.1f} MB), {summary.pages} pages; {summary.wacz_bytes / 1e6:.1f} MB "
        f"in {seconds:.1f} s"
    )
