"""Short version (teaser) / full version separation over paragraph lists; pure functions.

The evidence is textual. The teaser is the leading run of paragraphs whose every paragraph is
contained in the text that follows it, compared with :func:`match_key` (case, white space, dash
kind and quote marks ignored) and anchored at a paragraph, sentence or clause start. That covers
exact repeats, several full paragraphs run together, first sentences of later paragraphs, prefixes
cut mid-sentence and lightly edited copies (``In sum, the current…`` vs ``The current…``). The
full version is everything after the teaser: a later paragraph that quotes an earlier sentence is
never removed. Containment in a shorter tail implies containment in a longer one, so the valid
teaser lengths form a prefix range and the longest one is the split.

Where the text gives no evidence (an abstract that never repeats), labels (``Short version`` /
``Full version``) or markup (teaser and full text in different containers) decide; callers pass
those in as ``hint``. With none of these the page has no short version: articles without one
exist (blog posts, short news), so an abstract needs evidence and the body is kept whole.
:func:`separate` keeps every paragraph; :func:`separate_content` also skips a title or rubric line
above a teaser (body-only renderings).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from crawler.pages.normalise import collapse_ws, match_key, word_keys

_SENTENCE_END = re.compile(r"(?<=[.!?…»”\"])\s+(?=\S)")
_BOUNDARY_CHARS = frozenset(".!?;:,)")
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*$")
MIN_TEASER_WORDS = 3
MAX_GLUED_INDEX = 4
FUZZY_MIN_WORDS = 12  # near-exact matching only for teaser paragraphs of at least this many words
FUZZY_RATIO = 0.92  # difflib ratio over words: one word changed in fifteen passes, a different sentence not
MAX_TEASER_PARAGRAPHS = 15  # the contract's teasers have 1-7 paragraphs; bounds the work on odd pages
MAX_NEAR_CANDIDATES = 20
ANCHOR = 4  # words that must match exactly at the start or the end of a near-exact copy
MIN_COPY_PARAGRAPHS = 4  # a repeated closing run this long is a second copy of the text
MAX_COPY_CANDIDATES = 8
MAX_LEADING_HEADINGS = 2  # title and rubric lines a body-only rendering may show above its short version
MAX_HEADING_WORDS = 15
NEAR_SLACK = 3  # near-exact copies: among the first k + NEAR_SLACK full paragraphs of a k-paragraph teaser


@dataclass(frozen=True, slots=True)
class Separation:
    summary: tuple[str, ...]
    body: tuple[str, ...]
    method: str  # "text", "labels", "markup", "none"


def separate(paragraphs: Sequence[str], hint: int | None = None, labelled: bool = False) -> Separation:
    """Split ``paragraphs`` into summary and body.

    ``hint`` is a split point known from labels (``labelled=True``) or markup containers. Labels
    win; otherwise the text evidence wins and the markup hint is used only when the text shows no
    teaser at all.
    """
    paragraphs = [p for p in (collapse_ws(p) for p in paragraphs) if p]
    if labelled and hint is not None and 0 <= hint < len(paragraphs):
        return Separation(tuple(paragraphs[:hint]), tuple(paragraphs[hint:]), "labels")
    paragraphs = split_glued(paragraphs)
    k = teaser_length(paragraphs)
    if k:
        return Separation(tuple(paragraphs[:k]), tuple(paragraphs[k:]), "text")
    if hint is not None and 0 < hint < len(paragraphs):
        return Separation(tuple(paragraphs[:hint]), tuple(paragraphs[hint:]), "markup")
    return Separation((), tuple(paragraphs), "none")


def separate_content(
    paragraphs: Sequence[str], hint: int | None = None, labelled: bool = False
) -> Separation:
    """:func:`separate` on an article's content lines; when the text shows no teaser but does after
    a title or rubric line or two (body-only renderings), those lines are left out: they precede the
    short version, so they are neither summary nor body."""
    kept = without_second_copy([p for p in (collapse_ws(p) for p in paragraphs) if p])
    if len(kept) < len(paragraphs) and hint is not None and hint >= len(kept):
        hint, labelled = None, False
    found = separate(kept, hint, labelled)
    if found.method == "none":
        lead = headings_before_teaser(kept)
        found = separate(kept[lead:]) if lead else found
    return found


def without_second_copy(paragraphs: Sequence[str]) -> list[str]:
    """The text once: when it ends with the same run of paragraphs twice (a print or mobile copy of
    the full version rendered with the page), the second run is dropped. Runs shorter than
    :data:`MIN_COPY_PARAGRAPHS` stay: a short version repeats the opening one to three paragraphs."""
    keys = [match_key(p) for p in paragraphs]
    n = len(keys)
    # the last paragraph's earlier occurrences give the only sizes worth comparing
    sizes = [n - 1 - j for j in range(n - 1 - MIN_COPY_PARAGRAPHS, n // 2 - 2, -1) if keys[j] == keys[-1]]
    for size in sorted(sizes, reverse=True)[:MAX_COPY_CANDIDATES]:
        if 2 * size <= n and keys[n - size :] == keys[n - 2 * size : n - size]:
            return list(paragraphs[: n - size])
    return list(paragraphs)


def headings_before_teaser(paragraphs: Sequence[str]) -> int:
    """Heading lines (a title, a rubric: short, not a sentence) right before a teaser the full text
    repeats. 0 when none."""
    for lead in range(1, MAX_LEADING_HEADINGS + 1):
        if lead >= len(paragraphs) - 1 or not _heading_like(paragraphs[lead - 1]):
            return 0
        if teaser_length(paragraphs[lead:]):
            return lead
    return 0


def _heading_like(text: str) -> bool:
    words = len(text.split())
    return words <= MAX_HEADING_WORDS and not (words >= 6 and text.rstrip().endswith((".", "!", "…")))


def teaser_length(paragraphs: Sequence[str]) -> int:
    """Number of leading paragraphs that form the teaser (0 when there is no textual teaser)."""
    n = len(paragraphs)
    if n < 2:
        return 0
    limit = min(n - 1, MAX_TEASER_PARAGRAPHS)
    keys = [match_key(_ELLIPSIS.sub("", p)) for p in paragraphs[: limit + 1]]
    keys += [match_key(p) for p in paragraphs[limit + 1 :]]
    best = 0
    for k in range(1, limit + 1):
        tail = _Tail(paragraphs[k:], keys[k:], near_window=k + NEAR_SLACK)
        if not tail.contains(keys[k - 1], paragraphs[k - 1]):
            break
        # every earlier teaser paragraph must also be in the shorter tail
        if all(tail.contains(keys[i], paragraphs[i]) for i in range(k - 1)):
            best = k
        else:
            break
    return best


def split_glued(paragraphs: Sequence[str]) -> list[str]:
    """Split a teaser paragraph that runs straight into the full text (no break between them).

    An exact-repeat teaser glued to the full version shows as one paragraph ending with the first
    full paragraph, which repeats the first teaser paragraph (or, for a one-paragraph teaser, the
    paragraph is that text twice).
    """
    out = list(paragraphs)
    for i in range(min(MAX_GLUED_INDEX, len(out))):
        text = out[i]
        for cut in _SENTENCE_END.finditer(text):
            tail_length = len(text) - cut.end()
            first_length = cut.start() if i == 0 else len(out[0])
            if not cut.start() or abs(tail_length - first_length) > 0.05 * first_length + 4:
                continue  # lengths first: slicing at every sentence of a long paragraph is quadratic
            head, tail = text[: cut.start()], text[cut.end() :]
            first = head if i == 0 else out[0]
            if match_key(tail[:80]) != match_key(first[:80]):
                continue
            if match_key(tail) == match_key(first) and len(tail.split()) >= MIN_TEASER_WORDS:
                return [*out[:i], head, tail, *out[i + 1 :]]
    return out


class _Tail:
    """The text after a candidate teaser, for containment tests: exact on match keys, anchored at a
    paragraph, sentence or clause start; else near-exact on words (one or two words changed), and
    only in the first ``near_window`` paragraphs: the teaser's edited copies are of the opening of
    the full version, while a paragraph deep in the body that differs from an early one by a word
    or two is the author's own repetition."""

    def __init__(self, paragraphs: Sequence[str], keys: Sequence[str], near_window: int) -> None:
        self.paragraphs = paragraphs
        self.near_window = near_window
        self.text = "".join(keys)
        self.starts: set[int] = set()
        position = 0
        for key in keys:
            self.starts.add(position)
            position += len(key)
        self._words: list[str] | None = None
        self._word_starts: set[int] = set()
        self._near_end = 0  # words of the first near_window paragraphs
        self._grams: dict[tuple[str, ...], list[int]] = {}

    def contains(self, key: str, raw: str) -> bool:
        if len(raw.split()) < MIN_TEASER_WORDS or not key:
            return False
        position = self.text.find(key)
        while position >= 0:
            if position in self.starts or self.text[position - 1] in _BOUNDARY_CHARS:
                return True
            position = self.text.find(key, position + 1)
        return self._near(raw)

    def _near(self, raw: str) -> bool:
        words = word_keys(_ELLIPSIS.sub("", raw))
        if len(words) < FUZZY_MIN_WORDS:
            return False
        if "".join(words[:ANCHOR]) not in self.text and "".join(words[-ANCHOR:]) not in self.text:
            return False  # cheap test before building the word index
        tail = self._index()
        n = len(words)
        candidates = set(self._grams.get(tuple(words[:ANCHOR]), ()))
        candidates.update(j - n + ANCHOR for j in self._grams.get(tuple(words[-ANCHOR:]), ()))
        for start in sorted(candidates)[:MAX_NEAR_CANDIDATES]:
            if start >= self._near_end:
                break
            if start < 0 or not (start in self._word_starts or tail[start - 1][-1:] in _BOUNDARY_CHARS):
                continue
            end = min((s for s in self._word_starts if s > start), default=len(tail))  # within one paragraph
            for size in range(n - 2, n + 3):
                if start + size > end:
                    break
                matcher = SequenceMatcher(None, words, tail[start : start + size], autojunk=False)
                if matcher.ratio() >= FUZZY_RATIO:
                    return True
        return False

    def _index(self) -> list[str]:
        if self._words is None:
            self._words = []
            for i, paragraph in enumerate(self.paragraphs):
                self._word_starts.add(len(self._words))
                self._words.extend(word_keys(paragraph))
                if i < self.near_window:
                    self._near_end = len(self._words)
            for i in range(len(self._words) - ANCHOR + 1):
                self._grams.setdefault(tuple(self._words[i : i + ANCHOR]), []).append(i)
        return self._words
