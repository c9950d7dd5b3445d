"""Four layout families: random container nesting, ``<div>`` paragraphs, ``<br><br>`` text, tables."""

from __future__ import annotations

import random

from crawler.replica.markups.article_text import ArticleText
from crawler.replica.markups.compose import article_page, nest
from crawler.replica.markups.page import Draft
from crawler.replica.markups.parts import Namer, esc


def nested(text: ArticleText, rng: random.Random) -> Draft:
    """Every paragraph in 0–3 random wrappers; the short and full versions in their own containers."""
    n = Namer(rng)
    short = "".join(nest(rng, n, f"<p>{esc(p)}</p>", 3) for p in text.summary)
    full = "".join(nest(rng, n, f"<p>{esc(p)}</p>", 3) for p in text.body)
    html = nest(rng, n, f"<div{n('short')}>{short}</div>", 2) + nest(
        rng, n, f"<div{n('full')}>{full}</div>", 2
    )
    return Draft(article_page(text, rng, n, nest(rng, n, html, 3)))


def div_paragraphs(text: ArticleText, rng: random.Random) -> Draft:
    """Paragraphs as ``<div>`` elements (no ``<p>`` anywhere), text sometimes in an inner ``<span>``."""
    n = Namer(rng)

    def para(p: str) -> str:
        inner = f"<span>{esc(p)}</span>" if rng.random() < 0.5 else esc(p)
        return f"<div{n('para')}>{inner}</div>"

    short = "".join(para(p) for p in text.summary)
    full = "".join(para(p) for p in text.body)
    return Draft(article_page(text, rng, n, f"<div{n('lead')}>{short}</div><div{n('copy')}>{full}</div>"))


def br_text(text: ArticleText, rng: random.Random) -> Draft:
    """Paragraphs separated by ``<br><br>`` in one container; the short version shares it unless it is
    an abstract (then nothing but its own container would set it apart)."""
    n = Namer(rng)
    joiner = rng.choice(("<br><br>\n", "<br>\n<br>\n", "<br /><br />"))
    short, full = joiner.join(esc(p) for p in text.summary), joiner.join(esc(p) for p in text.body)
    if text.teaser_form == "abstract":
        html = f"<div{n('a')}>{short}</div><div{n('b')}>{full}</div>"
    else:
        html = f"<div{n('a')}>{short}{joiner}{full}</div>" if short else f"<div{n('a')}>{full}</div>"
    return Draft(article_page(text, rng, n, html))


def table_layout(text: ArticleText, rng: random.Random) -> Draft:
    """A table page: the article in a cell of an outer table, every full paragraph in its own row."""
    n = Namer(rng)
    short = "".join(f"<p>{esc(p)}</p>" for p in text.summary)
    rows = "".join(f"<tr><td>{esc(p)}</td></tr>" for p in text.body)
    inner = f"<table{n('lead')}><tr><td>{short}</td></tr></table>" if short else ""
    inner += f"<table{n('rows')}>{rows}</table>"
    page = article_page(text, rng, n, inner, tag="div")
    return Draft(
        f'<table width="100%"><tr><td width="20%"><a href="/">&nbsp;</a></td><td>{page}</td></tr></table>'
    )
