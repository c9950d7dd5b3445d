"""Listing and metadata dates, EN and RU: ``02 october 2015``, ``March 4, 2021``, ``31 March 2021``,
``28 апреля 2014``, ISO ``2021-03-04`` (with or without a time). Raw text is kept beside the date."""

from __future__ import annotations

import re
from datetime import date

from crawler.pages.normalise import collapse_ws

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("january", "jan", "январь", "января", "янв"),
        ("february", "feb", "февраль", "февраля", "фев"),
        ("march", "mar", "март", "марта", "мар"),
        ("april", "apr", "апрель", "апреля", "апр"),
        ("may", "май", "мая"),
        ("june", "jun", "июнь", "июня", "июн"),
        ("july", "jul", "июль", "июля", "июл"),
        ("august", "aug", "август", "августа", "авг"),
        ("september", "sep", "sept", "сентябрь", "сентября", "сен", "сент"),
        ("october", "oct", "октябрь", "октября", "окт"),
        ("november", "nov", "ноябрь", "ноября", "ноя"),
        ("december", "dec", "декабрь", "декабря", "дек"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number

_MONTH = r"([^\W\d_]{3,9})\.?"
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\s+{_MONTH}\s+(\d{{4}})\b")
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})")
_DOTTED = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")


def normalise_date_text(raw: str) -> str:
    """White space collapsed and case folded; idempotent."""
    return collapse_ws(raw).casefold()


def parse_date(raw: str | None) -> date | None:
    """The first date found in ``raw`` in any of the site's formats, else None (never raises)."""
    if not raw:
        return None
    text = normalise_date_text(raw)
    match = _ISO.search(text)
    if match:
        return _make(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = _DAY_MONTH_YEAR.search(text)
    if match and match.group(2) in MONTHS:
        return _make(int(match.group(3)), MONTHS[match.group(2)], int(match.group(1)))
    match = _MONTH_DAY_YEAR.search(text)
    if match and match.group(1) in MONTHS:
        return _make(int(match.group(3)), MONTHS[match.group(1)], int(match.group(2)))
    match = _DOTTED.search(text)
    if match:
        return _make(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    return None


def find_date_text(text: str) -> str | None:
    """The raw substring of ``text`` that holds a date, for ``published_raw``."""
    flat = collapse_ws(text)
    folded = flat.casefold()
    for pattern in (_ISO, _DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _DOTTED):
        for match in pattern.finditer(folded):
            if parse_date(match.group(0)) is not None:
                return flat[match.start() : match.end()]
    return None


def _make(year: int, month: int, day: int) -> date | None:
    if not 1990 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
