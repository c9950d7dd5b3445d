"""App-style markup: hashed class names (``css-1q2w3e``), everything ``<div>``/``<span>``, deep nesting."""

from __future__ import annotations

import random

from crawler.replica.markups.article_text import ArticleText
from crawler.replica.markups.compose import article_page, nest
from crawler.replica.markups.page import Draft
from crawler.replica.markups.parts import Namer, esc


def hashed_classes(text: ArticleText, rng: random.Random) -> Draft:
    n = Namer(rng, hashed=True)

    def para(p: str) -> str:
        return nest(rng, n, f"<div{n('p')}><span{n('t')}>{esc(p)}</span></div>", 2, ("div",))

    short = "".join(para(p) for p in text.summary)
    full = "".join(para(p) for p in text.body)
    html = f"<div{n('s')}>{short}</div><div{n('f')}>{full}</div>"
    app = article_page(text, rng, n, nest(rng, n, html, 3, ("div",)), tag="div")
    return Draft(
        f'<div id="root"><div{n("app")} data-reactroot="">{app}</div></div><script>window.__S={{}}</script>'
    )
