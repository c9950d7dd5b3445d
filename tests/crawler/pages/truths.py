"""The replica's truth as a page can show it.

An abstract that never repeats is a short version only where the page gives evidence for it: its
own container (classic theme) or the ``Short version`` / ``Full version`` labels (AMP copies).
Elsewhere (modern and legacy full pages, body-only pages, text renderings) nothing tells it from a
teaser-less article's first paragraph, and a page without evidence has no short version: the
abstract reads as the first body paragraph.
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


def abstract_shown(theme: str, rendering: str) -> bool:
    """The replica sets an abstract apart on classic full pages and labels it on every AMP copy."""
    return rendering == "amp" or (theme == "classic" and rendering == "full")
