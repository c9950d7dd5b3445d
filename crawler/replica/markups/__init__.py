"""Markup generators: replica articles and the seed in markups no replica theme uses and no page rule
references, for the markup-robustness harness (``benchmarks/extraction.py``, ``tests/crawler/markups``).

Each generator renders an :class:`ArticleText` (an article's truth: title, widgets, authors, short and
full version, poll, footer — the contract's text structure) into a page, deterministic from a seed,
and :func:`render` pairs the page with what a correct extraction returns and the lines that must not
leak into the body or summary. Like the rest of the replica, nothing here imports the product; the
page classes must never import this package.
"""

from __future__ import annotations

from crawler.replica.markups.article_text import ArticleText, replica_articles, seed_article, site_article
from crawler.replica.markups.box_layouts import boxes, mixed
from crawler.replica.markups.charsets import windows_1251
from crawler.replica.markups.hashed import hashed_classes
from crawler.replica.markups.layouts import br_text, div_paragraphs, nested, table_layout
from crawler.replica.markups.page import Generator, MarkupPage, render
from crawler.replica.markups.panels import tabbed
from crawler.replica.markups.single import one_paragraph
from crawler.replica.markups.teaserless import teaserless

GENERATORS: dict[str, Generator] = {
    "nested": nested,
    "div-paragraphs": div_paragraphs,
    "br-text": br_text,
    "table-layout": table_layout,
    "tabbed": tabbed,
    "hashed-classes": hashed_classes,
    "boxes": boxes,
    "teaserless": teaserless,
    "windows-1251": windows_1251,
    "one-paragraph": one_paragraph,
    "mixed": mixed,
}

SERVABLE = ("nested", "div-paragraphs", "br-text", "table-layout", "tabbed", "hashed-classes", "boxes")
"""The generators that keep the replica's truth (text, charset): the replica can serve them (``--markup``)."""


def render_all(
    texts: list[ArticleText], seed: int, names: tuple[str, ...] = tuple(GENERATORS)
) -> list[MarkupPage]:
    """Every text through every named generator."""
    return [render(name, GENERATORS[name], text, seed) for name in names for text in texts]


__all__ = [
    "GENERATORS",
    "SERVABLE",
    "ArticleText",
    "MarkupPage",
    "render",
    "render_all",
    "replica_articles",
    "seed_article",
    "site_article",
]
