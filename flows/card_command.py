"""``riac-archive card --data DIR``: the dataset card (README.md, croissant.json, datapackage.json)."""

from __future__ import annotations

import click


@click.command()
@click.option(
    "--data", default="./data", show_default=True, help="Data root: a folder or s3://bucket/prefix."
)
def card(data: str) -> None:
    """Write DIR/README.md (a Hugging Face dataset card), DIR/croissant.json (Croissant 1.1) and
    DIR/datapackage.json (Frictionless), generated from the schemas and the data."""
    from storage.outputs.dataset_card import write_card
    from storage.presence import NoArchive, require_archive

    try:
        require_archive(data)
    except NoArchive as exc:
        raise click.ClickException(str(exc)) from exc
    for path in write_card(data):
        click.echo(path)
