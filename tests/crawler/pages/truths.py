"""The replica's truth as a page can show it.

An abstract that never repeats is a short version only where the page gives evidence for it: its
own container or the ``Short version`` / ``Full version`` labels. The replica's pages always set it
apart (every theme, body-only pages, AMP copies); the plain text renderings of the tests
(``renderings.py``) and the fixtures recorded before the replica did so (``*-abstract-unmarked``)
do not, and there nothing tells it from a teaser-less article's first paragraph: a page without
evidence has no short version, and the abstract reads as the first body paragraph.
"""

from __future__ import annotations

from typing import Any

from crawler.pages.normalise import collapse_ws


def readable(truth: dict[str, Any], abstract_shown: bool) -> tuple[list[str], list[str]]:
    """(summary, body) the page can give: ``abstract_shown`` when its markup or labels set an
    abstract apart."""
    summary = [collapse_ws(p) for p in truth["summary_paragraphs"]]
    body = [collapse_ws(p) for p in truth["body_paragraphs"]]
    if truth.get("teaser_form") == "abstract" and not abstract_shown:
        return [], summary + body
    return summary, body
