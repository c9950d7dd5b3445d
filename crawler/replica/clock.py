"""The simulated calendar: which day is which date and what each day changes.

Every rule here is documented in ``docs/replica.md`` ("Time schedule"); tests assert them.
"""

from __future__ import annotations

from datetime import date, timedelta

BASE_DATE = date(2025, 3, 3)  # the date of simulated day 0
ARCHIVE_START = date(2011, 2, 1)  # the oldest generated article
NEW_PER_DAY = 4  # articles N+4(d-1) .. N+4d-1 appear on day d >= 1
POLL_PERIOD = 21  # the site poll is replaced on days 21, 42, ...
EDIT_EVERY = 23  # articles with index % 23 == 7 are edited once
WITHDRAW_EVERY = 31  # articles with index % 31 == 13 are withdrawn once
POSITION_EVERY = 6  # experts with index % 6 == 0 (index >= 6) change position once


def date_of_day(day: int) -> date:
    return BASE_DATE + timedelta(days=day)


def appear_day(index: int, articles: int) -> int:
    """The simulated day an article first appears (0 for the initial ``articles``)."""
    if index < articles:
        return 0
    return (index - articles) // NEW_PER_DAY + 1


def published_count(day: int, articles: int) -> int:
    """How many article indices exist on ``day``."""
    return articles + NEW_PER_DAY * max(0, day)


def published_date(index: int, articles: int) -> date:
    """Initial articles spread evenly from ARCHIVE_START to BASE_DATE; later ones on their day."""
    if index >= articles:
        return date_of_day(appear_day(index, articles))
    span = (BASE_DATE - ARCHIVE_START).days
    return ARCHIVE_START + timedelta(days=span * index // max(1, articles - 1))


def edited_on_day(index: int, articles: int) -> int | None:
    if index == 0 or index % EDIT_EVERY != 7:
        return None
    return appear_day(index, articles) + 1 + (index // EDIT_EVERY) % 14


def withdrawn_on_day(index: int, articles: int) -> int | None:
    if index == 0 or index % WITHDRAW_EVERY != 13:
        return None
    return appear_day(index, articles) + 2 + (index // WITHDRAW_EVERY) % 20


def withdrawn_status(index: int) -> int:
    return 410 if (index // WITHDRAW_EVERY) % 2 else 404


def position_change_day(person: int) -> int | None:
    if person < POSITION_EVERY or person % POSITION_EVERY:
        return None
    return 1 + (person // POSITION_EVERY) % 20


def votes_on_day(base: int, period: int, phase: int, day: int, since: int) -> int:
    """Ratings only grow: one more vote every ``period`` days (offset by ``phase``) after ``since``."""
    elapsed = max(0, day - since)
    return base + (elapsed + phase) // period - phase // period
