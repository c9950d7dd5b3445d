"""The site poll as text: questions, options and their results, on any page (article, listing,
expert page), read from the widget lines (see :mod:`crawler.pages.widgets`)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

from crawler.items import Poll, PollOption
from crawler.pages.lines import Line
from crawler.pages.normalise import collapse_ws, parse_count
from crawler.pages.widgets import POLL_RESULT, Kind, widget_kinds, widget_texts

_RESULT_FIRST = re.compile(r"^(?P<result>\d[\d\s]*?\s*\(\s*\d{1,3}\s*%\s*\))\s+(?P<text>\D.*)$")
_RESHAPED = re.compile(r"^\d[\d\s]*(?:%|\(\s*\d{1,3}\s*%\s*\)\s+\D)|^\d[\d\s]*$")  # count or bar lines
_COUNT_ONLY = re.compile(r"^\d[\d\s]*$")
_PERCENT_ONLY = re.compile(r"^\(\s*\d{1,3}\s*%\s*\)$")
_BAR_LABEL = re.compile(r"^\d{1,3}\s*%$")
_NUMBERING = re.compile(r"^\d{1,2}\s*[.)]\s*")


def extract_polls(source: bytes | str | etree._Element | Sequence[Line] | Sequence[str]) -> tuple[Poll, ...]:
    """The site poll on any page (article, listing, expert page): questions with their options."""
    polls, _ = find_polls([t for t in widget_texts(source)])
    return polls


def find_polls(texts: Sequence[str]) -> tuple[tuple[Poll, ...], set[int]]:
    """Polls and the indices of the lines they were read from (heading, questions, options, results).

    Structure, not numbering or headings: ``question, option, N (P%), option, N (P%), ...``; a
    result may share its line with the option text, or come as a count line and a ``(P%)`` line
    (result bars in sibling elements; a bare ``P%`` bar label next to a result is dropped). A new
    question is a line before an option that does not follow a result.
    """
    if not any(_RESHAPED.match(text) for text in texts):
        return _find_polls(texts)  # the usual page: nothing to join or turn round
    view, origins = _poll_view(texts)
    polls, used = _find_polls(view)
    return polls, {i for v in used for i in origins[v]}


def _poll_view(texts: Sequence[str]) -> tuple[list[str], list[tuple[int, ...]]]:
    """The lines with a result split over elements joined back (``N`` + ``(P%)`` → ``N (P%)``) and
    a result before its option turned round (``N (P%) Option`` → ``Option N (P%)``)."""
    view: list[str] = []
    origins: list[tuple[int, ...]] = []
    i = 0
    while i < len(texts):
        text = texts[i]
        if _COUNT_ONLY.match(text) and i + 1 < len(texts) and _PERCENT_ONLY.match(texts[i + 1]):
            view.append(f"{text} {texts[i + 1]}")
            origins.append((i, i + 1))
            i += 2
            continue
        if _BAR_LABEL.match(text) and _near_result(texts, i):
            if origins:
                origins[-1] = (*origins[-1], i)  # the bar label goes with the line before it
            i += 1
            continue
        result_first = _RESULT_FIRST.match(text) if len(text) < 250 else None
        if result_first:  # "36 (35%) Option": the result bar left of its label
            text = f"{result_first.group('text')} {result_first.group('result')}"
        view.append(text)
        origins.append((i,))
        i += 1
    return view, origins


def _near_result(texts: Sequence[str], i: int) -> bool:
    return any(
        _is_result(texts[j]) or (_COUNT_ONLY.match(texts[j]) is not None)
        for j in (i - 1, i + 1, i + 2)
        if 0 <= j < len(texts)
    )


def _find_polls(texts: Sequence[str]) -> tuple[tuple[Poll, ...], set[int]]:
    groups: list[tuple[int | None, list[tuple[str, int, int]], set[int]]] = []
    previous_result = -10
    for i, text in enumerate(texts):
        match = POLL_RESULT.match(text) if len(text) < 250 else None
        if not match:
            continue
        used = {i}
        if match.group("text"):
            option, text_index = match.group("text"), i
        elif i >= 1 and not _is_result(texts[i - 1]):
            option, text_index = texts[i - 1], i - 1
            used.add(i - 1)
        else:
            continue
        option = collapse_ws(option)
        if not option or widget_kinds(option) is not None:  # a heading or widget line is no option
            continue
        votes, percent = parse_count(match.group("votes")) or 0, int(match.group("pct"))
        continues = previous_result >= 0 and text_index - previous_result == 1 and groups
        if continues:
            groups[-1][1].append((option, votes, percent))
            groups[-1][2].update(used)
        else:
            q = text_index - 1
            question = q if q >= 0 and not _is_result(texts[q]) and widget_kinds(texts[q]) is None else None
            if question is not None:
                used.add(question)
            groups.append((question, [(option, votes, percent)], used))
        previous_result = i
    polls: list[Poll] = []
    consumed: set[int] = set()
    for question, options, used in groups:
        if len(options) < 2:
            continue
        text = _NUMBERING.sub("", texts[question]).strip() if question is not None else ""
        # options with results but no question line: the poll widget's lines all the same (kept out
        # of the body), but no poll to record
        if text:
            poll = Poll(text, tuple(PollOption(o, v, p) for o, v, p in options))
            if poll not in polls:  # the same poll shown twice on a page (sidebar and footer) counts once
                polls.append(poll)
        consumed |= used
        first = min(used)
        for back in range(first - 1, max(-1, first - 3), -1):  # the "Poll conducted" heading
            kinds = widget_kinds(texts[back])
            if kinds and Kind.POLL in kinds:
                consumed.add(back)
                break
    return tuple(polls), consumed


def _is_result(text: str) -> bool:
    return len(text) < 250 and bool(POLL_RESULT.match(text))
