"""Small text normalisers shared by the page classes; each is idempotent (property-tested)."""

from __future__ import annotations

import re

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))  # soft hyphen, zero width
_INVISIBLE_CHARS = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_KEY_TABLE: dict[int, str | None] = {
    **dict.fromkeys(map(ord, "‐‑‒–—―−"), "-"),
    **dict.fromkeys(map(ord, "«»“”„‟\"'‘’‚‛`´"), None),
    **{i: None for i in range(0x3001) if chr(i).isspace()},  # exactly what str.split() splits on
    **_INVISIBLE,
    ord("ё"): "е",
    ord("…"): "...",
}  # fmt: skip
_WORD_TABLE = {**_KEY_TABLE, **{i: " " for i in range(0x3001) if chr(i).isspace()}}
_INT = re.compile(r"\d+")


def collapse_ws(text: str) -> str:
    """All white space (no-break spaces included) → one space, stripped; invisible characters dropped."""
    if not _INVISIBLE_CHARS.isdisjoint(text):
        text = text.translate(_INVISIBLE)
    return " ".join(text.split())


def match_key(text: str) -> str:
    """A key for comparing teaser and full text: case, white space, dash kind and quote marks ignored.

    ``October 20-22`` ~ ``October 20–22``; ``2018г.`` ~ ``2018 г.``; ``“Better late”`` ~ ``Better late``.
    """
    return text.casefold().translate(_KEY_TABLE)


def word_keys(text: str) -> list[str]:
    """:func:`match_key` of every word: ``"".join(word_keys(t)) == match_key(t)``."""
    return text.casefold().translate(_WORD_TABLE).split()


def parse_count(text: str) -> int | None:
    """``1 234`` / ``1,234`` / ``(6 votes)`` → the integer; None when there is no number."""
    digits = "".join(_INT.findall(text))
    return int(digits) if digits else None


def parse_average(text: str) -> float | None:
    """``4.5`` / ``4,79`` → the float rounded to two decimals; None when not a number."""
    cleaned = text.strip().replace(",", ".")
    try:
        value = round(float(cleaned), 2)
    except ValueError:
        return None
    return value if value == value else None  # NaN
