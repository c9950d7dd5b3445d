"""Tabbed panels: the short and full versions in two tab panels, either of them hidden."""

from __future__ import annotations

import random

from crawler.replica.markups.article_text import ArticleText
from crawler.replica.markups.compose import article_page
from crawler.replica.markups.page import Draft
from crawler.replica.markups.parts import Namer, esc, labels

HIDE = ('hidden=""', 'style="display:none"', 'aria-hidden="true" style="display: none;"')


def tabbed(text: ArticleText, rng: random.Random) -> Draft:
    n = Namer(rng)
    t = labels(text.lang)
    hidden = rng.choice(("none", "full", "short"))  # which panel is not displayed
    short = "".join(f"<p>{esc(p)}</p>" for p in text.summary)
    full = "".join(f"<p>{esc(p)}</p>" for p in text.body)

    def panel(role: str, html: str) -> str:
        attrs = f' role="tabpanel"{n("panel")} id="tab-{role}"'
        if hidden == role:
            attrs += " " + rng.choice(HIDE)
        return f"<div{attrs}>{html}</div>"

    if not short:  # one panel, shown
        return Draft(article_page(text, rng, n, f'<div role="tabpanel"{n("panel")}>{full}</div>'))
    tabs = (
        f'<ul role="tablist"{n("tabs")}><li role="tab"><a href="#tab-short">{t["short"]}</a></li>'
        f'<li role="tab"><a href="#tab-full">{t["full"]}</a></li></ul>'
    )
    return Draft(article_page(text, rng, n, tabs + panel("short", short) + panel("full", full)))
