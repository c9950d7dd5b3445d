"""``riac-archive report --data DIR --out DIR [--since DAY] [--until DAY]``."""

from __future__ import annotations

from datetime import datetime

import click

from flows.command_support import require_archive_at


@click.command()
@click.option(
    "--data", default="./data", show_default=True, help="Data root: a folder or s3://bucket/prefix."
)
@click.option("--out", required=True, help="Folder for index.html, the charts (PNG) and their data (CSV).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="First day shown (UTC).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Last day shown (UTC).")
def report(data: str, out: str, since: datetime | None, until: datetime | None) -> None:
    """Write a static report (OUT/index.html, opens from disk): publications per month, ratings, poll
    shares, edits, withdrawals and archive health, each chart beside its data as CSV."""
    from storage.outputs.research_report import build_report
    from storage.outputs.series import Window

    if since and until and since > until:
        raise click.UsageError("--since is after --until")
    require_archive_at(data)
    window = Window(since.date() if since else None, until.date() if until else None)
    result = build_report(data, out, window)
    click.echo(f"{result.index} ({len(result.sections)} charts, {result.seconds:.1f} s)")
