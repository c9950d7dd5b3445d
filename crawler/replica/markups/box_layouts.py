""" "See also", newsletter, promo and download boxes at random positions: before the short version,
between the short and the full version, inside the full version, after it; and a ``mixed`` family
that adds them to random paragraph markup, teaser-less pages and windows-1251."""

from __future__ import annotations

import random
from collections.abc import Callable

from crawler.replica.markups.article_text import ArticleText
from crawler.replica.markups.compose import article_page, nest
from crawler.replica.markups.page import DECLARATIONS, Draft
from crawler.replica.markups.parts import BOX_KINDS, Namer, box, esc, inline_markup, labels

POSITIONS = ("before", "between", "inside", "after")


def boxes(text: ArticleText, rng: random.Random) -> Draft:
    n = Namer(rng)
    html, noise = _boxed(text, rng, n, lambda p: f"<p>{esc(p)}</p>", rng.randint(1, 3), teaser=True)
    return Draft(article_page(text, rng, n, html), noise=noise)


def mixed(text: ArticleText, rng: random.Random) -> Draft:
    """Random paragraph markup and nesting, links and emphasis inside paragraphs, 0–3 boxes, the
    versions labelled (``Short version`` / ``Full version`` headings) on 20 % of pages, 15 %
    teaser-less, Russian pages 30 % windows-1251."""
    n = Namer(rng, hashed=rng.random() < 0.3)
    style = rng.choice(("p", "div", "span", "nested"))

    def para(p: str) -> str:
        inner = inline_markup(rng, p) if rng.random() < 0.3 else esc(p)
        if style == "p":
            return f"<p>{inner}</p>"
        if style == "div":
            return f"<div{n('para')}>{inner}</div>"
        if style == "span":
            return f"<div><span{n('t')}>{inner}</span></div>"
        return nest(rng, n, f"<p>{inner}</p>", 3)

    teaser = rng.random() >= 0.15
    labelled = teaser and bool(text.summary) and rng.random() < 0.2
    html, noise = _boxed(text, rng, n, para, rng.randint(0, 3), teaser=teaser, labelled=labelled)
    cp1251 = text.lang == "ru" and rng.random() < 0.3
    return Draft(
        article_page(text, rng, n, nest(rng, n, html, 2)),
        noise=noise,
        summary_shown=teaser,
        charset="windows-1251" if cp1251 else "utf-8",
        declared=rng.choice(DECLARATIONS),
    )


def _boxed(
    text: ArticleText,
    rng: random.Random,
    n: Namer,
    para: Callable[[str], str],
    count: int,
    *,
    teaser: bool,
    labelled: bool = False,
) -> tuple[str, list[str]]:
    """Short (if ``teaser``) and full versions with ``count`` boxes; (HTML, the boxes' lines)."""
    placed: dict[str, list[str]] = {position: [] for position in POSITIONS}
    noise: list[str] = []
    for kind in rng.sample(BOX_KINDS, count):
        html, lines = box(kind, text, rng, n)
        placed[rng.choice(POSITIONS)].append(html)
        noise += lines
    full = [para(p) for p in text.body]
    cut = rng.randint(1, max(1, len(full) - 1))
    full[cut:cut] = placed["inside"]
    short = "".join(para(p) for p in text.summary) if teaser else ""
    short_label = full_label = ""
    if labelled:
        t = labels(text.lang)
        short_label, full_label = (f"<h3{n('label')}>{t[key]}</h3>" for key in ("short", "full"))
    html = (
        "".join(placed["before"])
        + (f"{short_label}<div{n('short')}>{short}</div>" if short else "")
        + "".join(placed["between"])
        + f"{full_label}<div{n('full')}>{''.join(full)}</div>"
        + "".join(placed["after"])
    )
    return html, noise
