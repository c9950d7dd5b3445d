""" "See also", newsletter, promo and download boxes at random positions: before the short version,
between the short and the full version, inside the full version, after it."""

from __future__ import annotations

import random

from crawler.replica.markups.article import ArticleText
from crawler.replica.markups.compose import article_page
from crawler.replica.markups.page import Draft
from crawler.replica.markups.parts import BOX_KINDS, Namer, box, esc

POSITIONS = ("before", "between", "inside", "after")


def boxes(text: ArticleText, rng: random.Random) -> Draft:
    n = Namer(rng)
    placed: dict[str, list[str]] = {position: [] for position in POSITIONS}
    noise: list[str] = []
    for kind in rng.sample(BOX_KINDS, rng.randint(1, 3)):
        html, lines = box(kind, text, rng, n)
        placed[rng.choice(POSITIONS)].append(html)
        noise += lines
    full = [f"<p>{esc(p)}</p>" for p in text.body]
    cut = rng.randint(1, max(1, len(full) - 1))
    full[cut:cut] = placed["inside"]
    short = "".join(f"<p>{esc(p)}</p>" for p in text.summary)
    html = (
        "".join(placed["before"])
        + (f"<div{n('short')}>{short}</div>" if short else "")
        + "".join(placed["between"])
        + f"<div{n('full')}>{''.join(full)}</div>"
        + "".join(placed["after"])
    )
    return Draft(article_page(text, rng, n, html), noise=noise)
