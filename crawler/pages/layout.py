"""Where things are on an article page, read from its text lines (see the site contract's order).

``Print`` / translation / ``Region:`` / ``Type:`` / rating / ``Share`` form the header zone; the
author block follows; then the short and the full version; the content ends at the rating again,
the poll, tags, related articles or the footer. Body-only renderings have no widgets: there the
content is the longest run of plain text lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from crawler.items import Author, Poll
from crawler.pages.author_blocks import (
    MAX_HEADER_MATTER,
    Kinds,
    author_block_ending,
    authors_before,
    leading_authors,
)
from crawler.pages.boxes import RELATED, mark_boxes
from crawler.pages.inner_boilerplate import (
    SHORT_LINK_WORDS,
    boilerplate_inside,
    caption_blocks,
    signup_boxes,
    trim_links,
)
from crawler.pages.lead_split import container_split, subtree_split
from crawler.pages.lines import Line
from crawler.pages.normalise import match_key
from crawler.pages.polls import find_polls
from crawler.pages.teaser import teaser_length
from crawler.pages.widgets import (
    Kind,
    is_paragraph_like,
    parse_author_block,
    widget_kinds,
)

POLL = frozenset({Kind.POLL})
COMMENTS = frozenset({Kind.COMMENTS})
HEADER_START = frozenset({Kind.PRINT, Kind.TRANSLATION, Kind.META, Kind.RATE, Kind.SHARE})
HEADER_KINDS = HEADER_START | {Kind.TAGS, Kind.VOTES, Kind.COUNT}
# skipped wherever they sit in the content, never its end: a box inside the article is not its end
SKIPPED_IN_CONTENT = frozenset({Kind.PRINT, Kind.TRANSLATION, Kind.SHARE, Kind.ROLE, Kind.RELATED})
LABELS = frozenset({Kind.SHORT_LABEL, Kind.FULL_LABEL})
IN_TEXT = LABELS | {Kind.EXPAND}  # widget lines that sit between the short and the full version
META_KINDS = frozenset({Kind.META, Kind.TAGS})
BRIDGE_WORDS = 5
MAX_HEADER_CANDIDATES = 8
MIN_RUN_WORDS = 25
MAX_PROSE_LOOKAROUND = 16  # lines looked past (links, box lines) for the prose around a link group
MAX_LINKS_INSIDE = 3  # link-only lines in a row that sit inside a text (a promo, a download); more: a menu


@dataclass(slots=True)
class Layout:
    kinds: list[Kinds]
    polls: tuple[Poll, ...] = ()
    header: tuple[int, int] | None = None  # [start, end) of the header zone
    authors: tuple[Author, ...] = ()
    content: list[Line] = field(default_factory=list)
    split_hint: int | None = None  # summary length known from labels or containers
    labelled: bool = False
    tail: int | None = None  # index of the line that ended the content
    region: tuple[str, ...] = ()
    type: str | None = None
    tags: tuple[str, ...] = ()

    @property
    def recognised(self) -> bool:
        """True when the page shows the site's article widgets (not a body-only rendering)."""
        return self.header is not None

    @property
    def boilerplate_lines(self) -> int:
        return sum(1 for k in self.kinds if k)


def analyse(lines: Sequence[Line], title: str | None = None) -> Layout:
    texts = [line.text for line in lines]
    kinds: list[Kinds] = [widget_kinds(t) for t in texts]
    polls, poll_lines = find_polls(texts)
    for i in poll_lines:
        kinds[i] = POLL
    mark_boxes(lines, kinds)
    layout = Layout(kinds, polls)
    title_key = match_key(title) if title else None
    _read_meta(layout, _label_values(lines, kinds))
    longest = _longest_run(lines, kinds, title_key)
    content_idx = longest
    best = -1
    # Every cluster of header widgets is a candidate (a "Share" or "Print" link in the site chrome, the
    # rating again below the article): the one followed by the most article text wins.
    for header in _header_zones(lines, kinds, title_key):
        authors, start = _authors(layout, lines, header[1])
        found, tail = _content_after(lines, kinds, start, title_key)
        if _words(lines, found) > best:
            best = _words(lines, found)
            layout.header, layout.authors, layout.tail, content_idx = header, authors, tail, found
    if (
        layout.header is not None
        and longest
        and longest[0] < layout.header[0]
        and best < _words(lines, longest) / 2
    ):
        # the widgets sit below the article: what follows them is not the article
        layout.header, layout.authors, layout.tail, content_idx = None, (), None, longest
    if not layout.authors:
        layout.authors, content_idx = leading_authors(lines, content_idx, MIN_RUN_WORDS)
    if content_idx:
        anchor = min(content_idx[0], layout.header[0]) if layout.header else content_idx[0]
        if not layout.authors:
            layout.authors = authors_before(lines, kinds, anchor, title_key)
        content_idx = _teaser_above(lines, kinds, anchor, title_key, content_idx) + content_idx
    _labels_and_content(layout, lines, kinds, content_idx, title_key)
    return layout


def _words(lines: Sequence[Line], indices: Sequence[int]) -> int:
    return sum(len(lines[i].text.split()) for i in indices)


def _label_values(lines: Sequence[Line], kinds: list[Kinds]) -> dict[int, str]:
    """``Region:`` / ``Tags:`` lines with their values; a value on the following line(s) joins its label
    (tags as one link per line), and those lines become part of the widget."""
    out: dict[int, str] = {}
    for i, k in enumerate(kinds):
        if not k or not k & META_KINDS:
            continue
        text = lines[i].text
        if text.partition(":")[2].strip():
            out[i] = text
            continue
        values: list[str] = []
        j = i + 1
        while j < len(lines) and kinds[j] is None and len(values) < 20:
            value = lines[j].text
            short = len(value.split()) <= 8 and not is_paragraph_like(value)
            if not short or (values and not lines[j].link_only) or (Kind.TAGS not in k and values):
                break
            values.append(value.rstrip(","))
            kinds[j] = k
            j += 1
        out[i] = text + " " + ", ".join(values)
    return out


def _read_meta(layout: Layout, labelled: dict[int, str]) -> None:
    for i, text in labelled.items():
        kinds = layout.kinds[i] or frozenset()
        label, _, value = text.partition(":")
        values = tuple(v.strip() for v in value.split(",") if v.strip())
        if Kind.TAGS in kinds:
            layout.tags = layout.tags or values
        elif label.strip().casefold() in ("region", "регион"):
            layout.region = layout.region or values
        else:
            layout.type = layout.type or (value.strip() or None)


def _header_zones(lines: Sequence[Line], kinds: list[Kinds], title_key: str | None) -> list[tuple[int, int]]:
    zones: list[tuple[int, int]] = []
    last_text = max((i for i, k in enumerate(kinds) if k is None and not lines[i].chrome), default=-1)
    for start, k in enumerate(kinds):
        if len(zones) >= MAX_HEADER_CANDIDATES or start >= last_text:
            break
        if k and k & HEADER_START and (not zones or start >= zones[-1][1]):
            zone = _header_zone(lines, kinds, title_key, start)
            if zone[1] <= last_text:  # the header must be followed by some text
                zones.append(zone)
    return zones


def _header_zone(
    lines: Sequence[Line], kinds: list[Kinds], title_key: str | None, start: int
) -> tuple[int, int]:
    end = start + 1
    for i in range(start + 1, len(lines)):
        k, line = kinds[i], lines[i]
        if k:
            if not k <= HEADER_KINDS:
                break
            end = i + 1
        elif line.chrome or (title_key and match_key(line.text) == title_key):
            continue
        elif not _short_line_inside_widgets(i, lines, kinds):
            break
    return start, end


def _short_line_inside_widgets(i: int, lines: Sequence[Line], kinds: list[Kinds]) -> bool:
    text = lines[i].text
    if is_paragraph_like(text) or len(text.split()) > BRIDGE_WORDS:
        return False
    return any((kinds[j] or set()) & HEADER_KINDS for j in range(i + 1, min(i + 3, len(lines))))


def _authors(layout: Layout, lines: Sequence[Line], start: int) -> tuple[tuple[Author, ...], int]:
    window = range(start, min(len(lines), start + 40))
    candidates = [i for i in window if not lines[i].chrome and layout.kinds[i] in (None, {Kind.ROLE})]
    # only the lines right after the header, before anything else
    run: list[int] = []
    for i in candidates:
        if run and i != run[-1] + 1 and any(layout.kinds[j] for j in range(run[-1] + 1, i)):
            break
        run.append(i)
    authors, used = parse_author_block([lines[i].text for i in run])
    return authors, (run[used - 1] + 1 if used else start)


def _teaser_above(
    lines: Sequence[Line], kinds: list[Kinds], anchor: int, title_key: str | None, content: list[int]
) -> list[int]:
    """A short version placed above the header widgets or the text (an excerpt under the title in
    the page header): the leading plain lines after the title that the ``content`` lines
    repeat, when the text does not open with a short version of its own. [] when there is none."""
    j = anchor - 1
    while j >= 0 and kinds[j] and not lines[j].chrome:
        j -= 1
    above: list[int] = []
    while j >= 0 and len(above) < MAX_HEADER_MATTER:
        line = lines[j]
        if kinds[j] or line.chrome or (title_key and match_key(line.text) == title_key):
            break
        above.insert(0, j)
        j -= 1
    if not above:
        return []
    following = [lines[i].text for i in content if kinds[i] is None]
    if teaser_length(following):
        return []
    for size in range(len(above), 0, -1):
        lead = [lines[i].text for i in above[:size]]
        if teaser_length([*lead, *following]) >= size:
            return above[:size]
    return []


def _content_after(
    lines: Sequence[Line], kinds: list[Kinds], start: int, title_key: str | None
) -> tuple[list[int], int | None]:
    out: list[int] = []
    for i in range(start, len(lines)):
        k = kinds[i]
        if k is None:
            if not out and title_key and match_key(lines[i].text) == title_key:
                continue
            out.append(i)
        elif k & IN_TEXT:
            out.append(i)
        elif not out and k <= HEADER_KINDS | COMMENTS | POLL:
            continue  # more header widgets after the author block (a comment count, a poll aside)
        elif not k <= SKIPPED_IN_CONTENT:
            return out, i
    return out, None


def _longest_run(lines: Sequence[Line], kinds: list[Kinds], title_key: str | None) -> list[int]:
    best = _longest_run_once(lines, kinds, title_key, chrome=True)
    if _words(lines, best) < MIN_RUN_WORDS:  # a page-wide wrapper can look like chrome: read it anyway
        without = _longest_run_once(lines, kinds, title_key, chrome=False)
        if _words(lines, without) > 2 * _words(lines, best):
            return without
    return best


def _longest_run_once(
    lines: Sequence[Line], kinds: list[Kinds], title_key: str | None, chrome: bool
) -> list[int]:
    runs: list[list[int]] = [[]]
    link_group = _link_groups(lines)
    for i, line in enumerate(lines):
        k = kinds[i]
        if k == RELATED or (0 < link_group[i] <= MAX_LINKS_INSIDE and _between_paragraphs(lines, kinds, i)):
            continue  # a box or a link or two (a promo, a download) inside the text: the run goes on
        separator = bool(k and not k & IN_TEXT) or (chrome and line.chrome)
        separator = separator or link_group[i] > 0
        if separator:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append(i)
    best = max(runs, key=lambda run: sum(len(lines[i].text) for i in run if kinds[i] is None))
    while best and (
        (title_key and match_key(lines[best[0]].text) == title_key)
        or (lines[best[0]].tag in ("h1", "h2") and not (kinds[best[0]] or frozenset()) & LABELS)
    ):
        best = best[1:]
    return best


def _between_paragraphs(lines: Sequence[Line], kinds: list[Kinds], i: int) -> bool:
    """The nearest lines before and after line ``i`` that are neither links nor boxes are text, and
    one of them is prose: the links sit inside a text, not between a menu and it."""
    before, after = _text_at(lines, kinds, i, -1), _text_at(lines, kinds, i, 1)
    return (
        before is not None and after is not None and (is_paragraph_like(before) or is_paragraph_like(after))
    )


def _text_at(lines: Sequence[Line], kinds: list[Kinds], i: int, step: int) -> str | None:
    j, limit = i + step, i + step * MAX_PROSE_LOOKAROUND
    while 0 <= j < len(lines) and j != limit and (lines[j].link_only or _box_or_label(kinds[j])):
        j += step
    return lines[j].text if 0 <= j < len(lines) and kinds[j] is None else None


def _box_or_label(k: Kinds) -> bool:
    return k == RELATED or bool(k and k <= IN_TEXT)


def _link_groups(lines: Sequence[Line]) -> list[int]:
    """For each short link-only line, the size of its run of such lines (a menu is a long run); 0 else."""
    sizes = [0] * len(lines)
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].link_only and len(lines[j].text.split()) <= SHORT_LINK_WORDS:
            j += 1
        for m in range(i, j):
            sizes[m] = j - i
        i = max(j, i + 1)
    return sizes


def _labels_and_content(
    layout: Layout, lines: Sequence[Line], kinds: list[Kinds], indices: list[int], title_key: str | None
) -> None:
    content: list[Line] = []
    short_at: int | None = None
    full_at: int | None = None
    expand_at: int | None = None
    boxes = signup_boxes(lines, indices)
    captions = caption_blocks(lines, indices)
    for i in indices:
        k = kinds[i]
        if lines[i].parent in boxes or lines[i].block in captions:
            continue
        if k and Kind.EXPAND in k:
            expand_at = len(content) if expand_at is None else expand_at
            continue
        if k and k & LABELS:
            if Kind.FULL_LABEL in k and Kind.SHORT_LABEL not in k and full_at is None:
                full_at = len(content)
            elif Kind.SHORT_LABEL in k and Kind.FULL_LABEL not in k and short_at is None:
                short_at = len(content)
            continue
        if boilerplate_inside(lines[i]):
            continue
        content.append(lines[i])
    chrome_free = [line for line in content if not line.chrome]
    if chrome_free and len(chrome_free) != len(content) and short_at is None and full_at is None:
        content = chrome_free
    if short_at is None and full_at is None:
        content = trim_links(content)
    if short_at and _heading_matter(layout, [x.text for x in content[:short_at]], title_key):
        content = content[short_at:]  # "Abstract" opens the text; what is above it is no paragraph
        full_at = None if full_at is None else full_at - short_at
        short_at = 0
    layout.content = content
    if full_at is not None and (short_at is None or short_at < full_at) and 0 < full_at < len(content):
        start = short_at or 0
        layout.content = content[start:]
        layout.split_hint, layout.labelled = full_at - start, True
        return
    layout.split_hint = container_split(content)
    if layout.split_hint is None:
        layout.split_hint = subtree_split(content)
    if layout.split_hint is None and expand_at is not None and 0 < expand_at < len(content):
        layout.split_hint = expand_at  # "Read more": what comes before it is the short version
    if layout.split_hint is None and short_at == 0 and len(content) > 1:
        # "Abstract" / "Short version" above the text and no "Full version": the label sets apart
        # the paragraph it heads (the text's own evidence still wins in the separation)
        layout.split_hint = 1


def _heading_matter(layout: Layout, lead: list[str], title_key: str | None) -> bool:
    """Short lines above an "Abstract" label are the page's heading matter (a series line, the
    title, the authors), not paragraphs; an author block after the title is read from them."""
    titled = [i for i, text in enumerate(lead) if title_key and match_key(text) == title_key]
    if len(lead) > MAX_HEADER_MATTER or any(
        is_paragraph_like(text) for i, text in enumerate(lead) if i not in titled
    ):
        return False
    if not layout.authors:
        layout.authors = author_block_ending(lead[titled[-1] + 1 if titled else 0 :])
    return True
