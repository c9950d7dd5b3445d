"""``riac-archive card --data DIR``: the dataset card (README.md, croissant.json, datapackage.json)."""

from __future__ import annotations

import click

from flows.command_support import require_archive_at


@click.command()
@click.option(
    "--data", default="./data", show_default=True, help="Data root: a folder or s3://bucket/prefix."
)
def card(data: str) -> None:
    """Write DIR/README.md (a Hugging Face dataset card), DIR/croissant.json (Croissant 1.1) and
    DIR/datapackage.json (Frictionless), generated from the schemas and the data."""
    from storage.outputs.dataset_card import write_card

    require_archive_at(data)
    for path in write_card(data):
        click.echo(path)
