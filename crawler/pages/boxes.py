"""Related-article boxes ("See also", "Read also", "Related", "См. также", "Читайте также", "По теме").

The contract: a box is a short heading line followed by a few article titles, and it sits before,
between or after the short and full versions, inside the article or right after it; it never ends
the article. Read as text, a box is its heading (a widget line of kind ``RELATED``, or the heading
followed on the same line by link text only) and the title lines right after it: short link lines
(when the box's markup links its titles), else short lines that do not read as sentences.
:func:`mark_boxes` marks those lines ``RELATED`` so they are skipped wherever they sit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from crawler.pages.lines import Line
from crawler.pages.widgets import RELATED_HEADINGS, Kind, is_paragraph_like

Kinds = frozenset[Kind] | None
RELATED = frozenset({Kind.RELATED})
MAX_BOX_TITLES = 10
MAX_LINKED_TITLE_WORDS = 25
MAX_PLAIN_TITLE_WORDS = 15
MAX_DATELINE_WORDS = 4
MAX_CARD_LEAD_WORDS = 45  # a teaser card's lead: a sentence or two
MIN_TITLE_LINK_SHARE = 0.6  # "<a>Title</a> (Kommersant)": most of the line is the link
MIN_DATED_LINK_SHARE = 0.3  # "<a>Cold Routes</a> 01.02.2024": a short title and its date
_INLINE_HEADING = re.compile(
    r"^(?P<heading>" + "|".join(re.escape(h) for h in sorted(RELATED_HEADINGS, key=len, reverse=True)) + r")"
    r"\s*[:—–-]?\s*\S",
    re.I,
)


def mark_boxes(lines: Sequence[Line], kinds: list[Kinds]) -> None:
    """Mark every related-article box's heading and title lines ``RELATED`` (in place)."""
    i = 0
    while i < len(lines):
        if kinds[i] == RELATED or (kinds[i] is None and _inline_box(lines[i])):
            kinds[i] = RELATED
            i = _mark_titles(lines, kinds, i + 1)
        else:
            i += 1


def _inline_box(line: Line) -> bool:
    """``Read also: <a>Title</a> <a>Title</a>`` on one line: the heading, then link text only."""
    match = _INLINE_HEADING.match(line.text)
    if not match or line.link_share <= 0:
        return False
    heading_share = (len(match.group("heading")) + 2) / max(1, len(line.text.replace(" ", "")))
    return line.link_share + heading_share >= 0.98


def _mark_titles(lines: Sequence[Line], kinds: list[Kinds], start: int) -> int:
    linked: bool | None = None  # do this box's titles carry links? decided by the first title
    end = start
    while end < len(lines) and end - start < MAX_BOX_TITLES and kinds[end] is None:
        line = lines[end]
        if linked is None:
            linked = line.link_share >= MIN_TITLE_LINK_SHARE
        if linked and _dateline(line) and end + 1 < len(lines) and _linked_title(lines[end + 1]):
            pass  # a date or byline between two linked titles
        elif linked and end > start and kinds[end - 1] == RELATED and _card_lead(lines, end - 1, end):
            pass  # a teaser card: the linked title and its lead sentence in one element
        elif not (_linked_title(line) if linked else _plain_title(line)):
            break
        kinds[end] = RELATED
        end += 1
    return end


def _card_lead(lines: Sequence[Line], title: int, i: int) -> bool:
    """Line ``i`` is the lead of the card whose linked title is line ``title``: a short text that is
    no link, inside the title's element, or beside it in an element holding just the two of them."""
    lead, head = lines[i], lines[title]
    if lead.link_share > 0 or len(lead.text.split()) > MAX_CARD_LEAD_WORDS or head.link_share <= 0:
        return False
    if lead.parent == head.block and head.block != -1:
        return True
    if lead.parent != head.parent or head.parent == -1 or lead.block == head.block:
        return False
    card = head.parent  # the element holding the two must hold nothing else (not the article's text)
    before_alone = title == 0 or card not in lines[title - 1].ancestors
    after_alone = i + 1 == len(lines) or card not in lines[i + 1].ancestors
    return before_alone and after_alone


def _linked_title(line: Line) -> bool:
    """A linked title, perhaps with its date after the link."""
    words = line.text.split()
    if len(words) > MAX_LINKED_TITLE_WORDS or line.link_share <= 0:
        return False
    dated = any(ch.isdigit() for ch in " ".join(words[-MAX_DATELINE_WORDS:]))
    return line.link_share >= MIN_TITLE_LINK_SHARE or (dated and line.link_share >= MIN_DATED_LINK_SHARE)


def _dateline(line: Line) -> bool:
    return len(line.text.split()) <= MAX_DATELINE_WORDS and any(ch.isdigit() for ch in line.text)


def _plain_title(line: Line) -> bool:
    return len(line.text.split()) <= MAX_PLAIN_TITLE_WORDS and not is_paragraph_like(line.text)
