"""windows-1251 (Russian pages) or UTF-8, declared in the HTTP header, ``<meta charset>`` or only in
``<meta http-equiv="Content-Type">``."""

from __future__ import annotations

import random

from crawler.replica.markups.article_text import ArticleText
from crawler.replica.markups.compose import article_page
from crawler.replica.markups.page import DECLARATIONS, Draft
from crawler.replica.markups.parts import Namer, esc


def windows_1251(text: ArticleText, rng: random.Random) -> Draft:
    n = Namer(rng)
    short = "".join(f"<p>{esc(p)}</p>" for p in text.summary)
    full = "".join(f"<p>{esc(p)}</p>" for p in text.body)
    html = article_page(text, rng, n, f"<div{n('a')}>{short}</div><div{n('b')}>{full}</div>")
    charset = "windows-1251" if text.lang == "ru" else "utf-8"
    return Draft(html, charset=charset, declared=rng.choice(DECLARATIONS))
