"""One hard-wrapped paragraph or the lines of a pasted text rendering: how single newlines inside a
text node are read (:mod:`crawler.pages.lines`)."""

from __future__ import annotations

LONG_LINE_WORDS = 22
SHORT_LINE_CHARS = 40
WRAPPED_LINE_CHARS = 50  # a two-line paragraph wrapped by an editor: the first line fills most of the width
WIDTH_SPREAD = 1.4
SENTENCE_END = (".", "!", "?", "…", "»", "”", '"')


def wrapped_prose(segments: list[str]) -> bool:
    """Source lines of one hard-wrapped paragraph, as opposed to the lines of a pasted text rendering.

    Wrapped prose fills every line but the last to about the same width, breaks mid-sentence and
    goes on in lower case; rendering lines are whole paragraphs, names, positions, widget strings.
    """
    if any(s.count(" ") >= LONG_LINE_WORDS for s in segments):
        return False  # no editor wraps source lines this long
    if all(s.endswith(SENTENCE_END) for s in segments[:-1]):
        return False  # every line ends a sentence
    if len(segments) == 2:
        first, second = segments
        return second[:1].islower() or (
            len(first) >= WRAPPED_LINE_CHARS and _breaks_mid_sentence(first) and len(second) <= len(first)
        )
    widths = [len(s) for s in segments[:-1]]
    return min(widths) >= SHORT_LINE_CHARS and max(widths) <= WIDTH_SPREAD * min(widths)


def _breaks_mid_sentence(line: str) -> bool:
    """The line stops where a sentence goes on: after a comma or a lower-case word."""
    return line.endswith(",") or line.rsplit(" ", 1)[-1][:1].islower()
