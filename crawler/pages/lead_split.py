"""A lead set apart from the text by markup alone: leading lines in a container, class or emphasis
of their own, or in one element beside the text's. The only evidence there is for an abstract that
never repeats (:mod:`crawler.pages.layout` asks, :mod:`crawler.pages.teaser` decides)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from crawler.pages.lines import Line

PARAGRAPH_TAGS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "pre", "td", "th"})
MIN_TEASER_WORDS = 8  # a lead set apart by markup must be text, not a heading or a date


def container_split(content: Sequence[Line]) -> int | None:
    """Leading lines set apart by markup: a container of their own, or a class or emphasis (bold or
    italic) no later line has. The only evidence there is for an abstract that never repeats."""
    if len(content) < 2:
        return None
    per_block = Counter(line.block for line in content)
    # a paragraph element, or any block holding one line, belongs to its parent's group
    containers = [
        line.block if per_block[line.block] > 1 and line.tag not in PARAGRAPH_TAGS else line.parent
        for line in content
    ]
    signatures = [(c, line.classes, line.emphasis) for c, line in zip(containers, content, strict=True)]
    first = signatures[0]
    j = 1
    while j < len(signatures) and signatures[j] == first:
        j += 1
    if j == len(signatures) or first in signatures[j:] or first[0] == -1:
        return None
    if first[1:] == Counter(signatures[j:]).most_common(1)[0][0][1:]:
        return None  # only the container differs: a wrapper, unless it sits beside the text's (subtree)
    lead = sum(len(line.text.split()) for line in content[:j])
    if lead < MIN_TEASER_WORDS or lead >= sum(len(line.text.split()) for line in content[j:]):
        return None  # a short version is shorter than the full one
    rest = Counter(signatures[j:]).most_common(1)[0][1]
    if rest * 2 <= len(signatures) - j:
        return None  # the rest is not one group either: every line in its own markup says nothing
    return j


def subtree_split(content: Sequence[Line]) -> int | None:
    """Leading lines in one element and all the other lines in one sibling element (a lead box and
    the text box, however deeply each nests its paragraphs): the container boundary sets them apart."""
    paths = [line.ancestors for line in content]
    if len(paths) < 2 or not all(paths):
        return None
    depth = 0  # length of the path prefix every line shares
    while all(len(p) > depth for p in paths) and len({p[depth] for p in paths}) == 1:
        depth += 1
    if any(len(p) <= depth + 1 for p in paths):
        return None  # a line directly in the shared element: its paragraphs are not grouped
    branches = [p[depth] for p in paths]
    j = 1
    while branches[j] == branches[0]:
        j += 1
    if any(b != branches[j] for b in branches[j:]):
        return None
    lead = sum(len(line.text.split()) for line in content[:j])
    rest = sum(len(line.text.split()) for line in content[j:])
    return j if MIN_TEASER_WORDS <= lead < rest else None
