"""Teaser-less articles: the page opens straight with the full version (truth: no summary)."""

from __future__ import annotations

import random

from crawler.replica.markups.article_text import ArticleText
from crawler.replica.markups.compose import article_page, nest
from crawler.replica.markups.page import Draft
from crawler.replica.markups.parts import Namer, esc


def teaserless(text: ArticleText, rng: random.Random) -> Draft:
    n = Namer(rng)
    tag = rng.choice(("p", "div"))
    full = "".join(f"<{tag}>{esc(p)}</{tag}>" for p in text.body)
    return Draft(
        article_page(text, rng, n, nest(rng, n, f"<div{n('text')}>{full}</div>", 2)), summary_shown=False
    )
