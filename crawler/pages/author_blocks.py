"""Author blocks away from their usual place below the header widgets: at the start of a page
without the widgets, above the widgets or the text (a print version, an author card), or ending a
run of heading matter. Each author needs a position line (``widgets.parse_author_block``)."""

from __future__ import annotations

from collections.abc import Sequence

from crawler.items import Author
from crawler.pages.lead_split import PARAGRAPH_TAGS
from crawler.pages.lines import Line
from crawler.pages.normalise import match_key
from crawler.pages.widgets import Kind, is_paragraph_like, parse_author_block

Kinds = frozenset[Kind] | None  # a line's widget kinds; None: a plain text line

MAX_LEADING_AUTHORS = 8
MAX_HEADER_MATTER = 2 * MAX_LEADING_AUTHORS + 2  # lines above a text: a title, a series, the authors
NAME_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "dt", "td", "th"})  # a name may be a heading


def leading_authors(
    lines: Sequence[Line], indices: list[int], min_text_words: int
) -> tuple[tuple[Author, ...], list[int]]:
    """A page without the widgets may still open its text with the author block: names, each with a
    position line, in markup of their own, and text after them. Without positions it is no block."""
    texts = [lines[i].text for i in indices[: 2 * MAX_LEADING_AUTHORS + MAX_LEADING_AUTHORS]]
    authors, used = parse_author_block(texts, MAX_LEADING_AUTHORS)
    positioned = len(authors)
    while positioned and authors[positioned - 1].position is None:
        positioned -= 1  # a short line after the block that reads like a name (tab labels)
    if 0 < positioned < len(authors):
        authors, used = parse_author_block(texts, positioned)
    rest = indices[used:]
    if (
        not authors
        or any(a.position is None for a in authors)
        or sum(len(lines[i].text.split()) for i in rest) < min_text_words
    ):
        return (), indices
    block = {lines[i].block for i in indices[:used]}
    if block & {lines[i].block for i in rest} or lines[indices[0]].tag in PARAGRAPH_TAGS - NAME_TAGS:
        return (), indices  # a name line sharing an element with the text, or a paragraph: no block
    return authors, rest


def authors_before(
    lines: Sequence[Line], kinds: list[Kinds], anchor: int, title_key: str | None
) -> tuple[Author, ...]:
    """An author block placed above the header widgets or the text (a print version, an author
    card in the page header): the name and position lines right before ``anchor``, widget lines
    between them and it skipped, up to the title, a paragraph or the navigation. Every author needs
    a position line; a label above the names ("Authors") is not one of them."""
    j = anchor - 1
    while j >= 0 and kinds[j] and not lines[j].chrome:
        j -= 1  # the rating, Print, Share between the block and the text
    run: list[str] = []
    while j >= 0 and len(run) < MAX_HEADER_MATTER:
        line = lines[j]
        if kinds[j] or line.chrome or line.hidden or is_paragraph_like(line.text):
            break
        if title_key and match_key(line.text) == title_key:
            break
        run.insert(0, line.text)
        j -= 1
    return author_block_ending(run)


def author_block_ending(texts: Sequence[str]) -> tuple[Author, ...]:
    """The author block that ends ``texts`` (lines above it skipped: a title, a series, a label),
    every author with a position line; () when the lines do not end with one."""
    for start in range(len(texts)):
        authors, used = parse_author_block(texts[start:], MAX_LEADING_AUTHORS)
        if authors and used == len(texts) - start and all(a.position for a in authors):
            return authors
    return ()
