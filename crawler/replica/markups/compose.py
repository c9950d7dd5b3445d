"""The page around the short and full versions, in the contract's order, for every generator."""

from __future__ import annotations

import random

from crawler.replica.markups import parts
from crawler.replica.markups.article_text import ArticleText
from crawler.replica.markups.parts import Namer, esc


def article_page(
    text: ArticleText,
    rng: random.Random,
    n: Namer,
    text_html: str,
    *,
    tag: str = "div",
    wrap_article: bool = True,
) -> str:
    """Chrome, title, widgets, authors, ``text_html`` (short + full versions), rating again, poll, footer.

    A ``sidebar`` poll comes before the title (a column left of the article), any other after it.
    """
    style = parts.poll_style(rng)
    poll = parts.poll(text, style, rng, n)
    article = (
        f"<h1{n('title')}>{esc(text.title)}</h1>"
        + parts.top_widgets(text, rng, n, tag)
        + parts.authors(text, rng, n, tag)
        + text_html
        + parts.rating_again(text, rng, n, tag)
    )
    if wrap_article:
        article = f"<{tag}{n('article')}>{article}</{tag}>"
    before, after = (poll, "") if style == "sidebar" else ("", poll)
    if before:
        before = f"<{tag}{n('side')}>{before}</{tag}>"
    return parts.chrome(text.lang, n) + before + article + after + parts.footer(text.lang, n)


def nest(
    rng: random.Random, n: Namer, html: str, depth: int, tags: tuple[str, ...] = ("div", "section")
) -> str:
    """``html`` inside 0..``depth`` random wrapper elements."""
    for _ in range(rng.randint(0, depth)):
        tag = rng.choice(tags)
        html = f"<{tag}{n(f'n{rng.randint(0, 5)}')}>{html}</{tag}>"
    return html
