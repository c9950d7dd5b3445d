"""``riac-archive extract FILE [--url URL]``: one saved page → one JSON record on stdout.

Light on imports on purpose (no Prefect, no Scrapy): it is run once per page by people and scripts.
"""

from __future__ import annotations

import json
import sys
from typing import BinaryIO

import click

from crawler.items import ArticleItem


@click.command("extract")
@click.argument("file", type=click.File("rb"))
@click.option("--url", default=None, help="The page's URL (default: its <link rel=canonical> or og:url).")
def extract(file: BinaryIO, url: str | None) -> None:
    """Extract the article in FILE (``-`` for stdin) and print it as one JSON object."""
    from crawler.pages.article import ArticlePage, extract_article

    body = file.read()
    if not url:
        url = ArticlePage("", body).page_canonical() or ""
    result = extract_article(url, body)
    if not isinstance(result, ArticleItem):
        click.echo(f"{result.outcome}: {result.error_type}: {result.reason}", err=True)
        sys.exit(2 if result.outcome == "not-article" else 1)
    click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
