"""Small text normalisers shared by the page classes; each is idempotent (property-tested)."""

from __future__ import annotations

import re

_WS = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff\u00ad]+")
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−"})
_DROP = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff\u00ad«»“”„‟\"'‘’‚‛`´]+")
_INT = re.compile(r"\d+")


def collapse_ws(text: str) -> str:
    """All white space (no-break spaces, zero-width and soft hyphens included) → one space; stripped."""
    return _WS.sub(" ", text).strip()


def match_key(text: str) -> str:
    """A key for comparing teaser and full text: case, white space, dash kind and quote marks ignored.

    ``October 20-22`` ~ ``October 20–22``; ``2018г.`` ~ ``2018 г.``; ``“Better late”`` ~ ``Better late``.
    """
    return _DROP.sub("", text.casefold().translate(_DASHES)).replace("ё", "е").replace("…", "...")


def parse_count(text: str) -> int | None:
    """``1 234`` / ``1,234`` / ``(6 votes)`` → the integer; None when there is no number."""
    digits = "".join(_INT.findall(text.replace("\u00a0", " ")))
    return int(digits) if digits else None


def parse_average(text: str) -> float | None:
    """``4.5`` / ``4,79`` → the float rounded to two decimals; None when not a number."""
    cleaned = text.strip().replace(",", ".")
    try:
        value = round(float(cleaned), 2)
    except ValueError:
        return None
    return value if value == value else None  # NaN
