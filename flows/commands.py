"""The ``riac-archive`` sub-commands of the flows package: thin click wrappers over plain functions.

Heavy imports (Prefect, Scrapy, pyarrow) happen inside the commands, so ``--help`` stays quick.
"""

from __future__ import annotations

from pathlib import Path

import click


@click.command("demo")
@click.option(
    "--data", type=click.Path(file_okay=False, path_type=Path), default=Path("demo-data"), show_default=True
)
@click.option(
    "--days", type=click.IntRange(1, 60), default=3, show_default=True, help="Simulated days to archive."
)
@click.option(
    "--articles", type=click.IntRange(10, 5000), default=300, show_default=True, help="Replica size."
)
def demo(data: Path, days: int, articles: int) -> None:
    """Archive the bundled replica over several simulated days, offline, then show how to load the data."""
    from flows.demo import run_demo

    run_demo(data=data, days=days, articles=articles)
