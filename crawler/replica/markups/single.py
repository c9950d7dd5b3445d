"""One-paragraph items: the whole text is one paragraph and the short version repeats it (truth:
summary = the paragraph, body = the paragraph once), mostly in a body-only rendering."""

from __future__ import annotations

import dataclasses
import random

from crawler.replica.markups.article_text import ArticleText
from crawler.replica.markups.compose import article_page
from crawler.replica.markups.page import Draft
from crawler.replica.markups.parts import Namer, esc

MIN_LENGTH = 300


def one_paragraph(text: ArticleText, rng: random.Random) -> Draft:
    n = Namer(rng)
    paragraph = max(text.body, key=len)
    if len(paragraph) < MIN_LENGTH:  # a one-line page under a tweet's length is no article
        paragraph = " ".join(text.body[:2])
    widgets = text.widgets and rng.random() < 0.4
    single = dataclasses.replace(
        text, summary=(paragraph,), body=(paragraph,), teaser_form="repeat", widgets=widgets
    )
    if not widgets:
        single = dataclasses.replace(single, authors=(), polls=())
        joiner = rng.choice(("<br>\n", "</p><p>"))
        lines = f"<p>{esc(paragraph)}{joiner}{esc(paragraph)}</p>"
        return Draft(f"<h1>{esc(text.title)}</h1><div{n('text')}>{lines}</div>", text=single)
    html = f"<div{n('a')}><p>{esc(paragraph)}</p></div><div{n('b')}><p>{esc(paragraph)}</p></div>"
    return Draft(article_page(single, rng, n, html), text=single)
