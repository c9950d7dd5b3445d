"""Scores of extractions against generated pages: word F1, paragraph precision/recall, duplicated
paragraphs, leaked lines and field exactness, with the harness's floors."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from crawler.items import ArticleItem
from crawler.replica.markups.page import MarkupPage
from crawler.replica.markups.parts import squash

FIELDS = ("authors", "rating", "polls", "lang", "summary")
FLOOR_F1 = 0.995
FLOOR_FIELDS = 0.99
FLOOR_FIELD_NAMES = ("authors", "rating", "polls", "lang")


@dataclass(frozen=True)
class Extraction:
    """What an extractor returned for a page; ``None`` marks a field it does not produce."""

    body: list[str]
    summary: list[str] | None = None
    authors: list[dict[str, str]] | None = None
    rating: dict[str, Any] | None = None
    polls: list[dict[str, Any]] | None = None
    lang: str | None = None
    fields: bool = True  # False: the extractor has no notion of authors/rating/polls/summary

    @classmethod
    def of_item(cls, item: object) -> Extraction:
        """The fields of our extractor's result; an empty extraction when it found no article."""
        if not isinstance(item, ArticleItem):
            return cls(body=[], summary=[], authors=[], rating=None, polls=[], lang=None)
        record = item.to_json()
        return cls(
            body=list(item.body_paragraphs),
            summary=list(item.summary_paragraphs),
            authors=record["authors"],
            rating=record["rating"],
            polls=record["polls"],
            lang=record["lang"],
        )


@dataclass
class Score:
    pages: int = 0
    word_tp: int = 0
    word_fp: int = 0
    word_fn: int = 0
    para_tp: int = 0
    para_got: int = 0
    para_want: int = 0
    duplicates: int = 0
    leaks: int = 0
    exact: Counter[str] = field(default_factory=Counter)
    scored_fields: bool = True
    examples: list[str] = field(default_factory=list)

    def add(self, page: MarkupPage, got: Extraction) -> None:
        self.pages += 1
        body = [squash(p) for p in got.body if p.strip()]
        words, truth_words = (
            Counter(w for p in body for w in p.split()),
            Counter(w for p in page.body for w in p.split()),
        )
        overlap = sum((words & truth_words).values())
        self.word_tp += overlap
        self.word_fp += sum(words.values()) - overlap
        self.word_fn += sum(truth_words.values()) - overlap
        paragraphs, truth_paragraphs = Counter(body), Counter(page.body)
        self.para_tp += sum((paragraphs & truth_paragraphs).values())
        self.para_got += len(body)
        self.para_want += len(page.body)
        self.duplicates += sum(max(0, k - max(1, truth_paragraphs[p])) for p, k in paragraphs.items())
        for paragraph in [*got.body, *(got.summary or [])]:
            for line in page.leaks(paragraph):
                self.leaks += 1
                self._example(page, f"leak {line[:50]!r}")
        if not got.fields:
            self.scored_fields = False
            return
        want: dict[str, Any] = {
            "authors": page.authors,
            "rating": page.rating,
            "polls": page.polls,
            "lang": page.lang,
            "summary": list(page.summary),
        }
        have: dict[str, Any] = {
            "authors": got.authors,
            "rating": got.rating,
            "polls": got.polls,
            "lang": got.lang,
            "summary": [squash(p) for p in got.summary or []],
        }
        for name in FIELDS:
            if have[name] == want[name]:
                self.exact[name] += 1
            else:
                self._example(page, f"{name} {str(have[name])[:60]}")
        if paragraphs != truth_paragraphs:
            self._example(page, "body differs")

    def _example(self, page: MarkupPage, what: str) -> None:
        if len(self.examples) < 6:
            self.examples.append(f"{page.generator} {page.url} {what}")

    @property
    def f1(self) -> float:
        p = self.word_tp / (self.word_tp + self.word_fp) if self.word_tp + self.word_fp else 0.0
        r = self.word_tp / (self.word_tp + self.word_fn) if self.word_tp + self.word_fn else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def paragraph_precision(self) -> float:
        return self.para_tp / self.para_got if self.para_got else 0.0

    @property
    def paragraph_recall(self) -> float:
        return self.para_tp / self.para_want if self.para_want else 0.0

    def share_exact(self, name: str) -> float | None:
        return self.exact[name] / self.pages if self.scored_fields and self.pages else None

    def misses(self) -> list[str]:
        """The floors this score misses (empty: every floor holds)."""
        out = []
        if self.f1 < FLOOR_F1:
            out.append(f"word F1 {self.f1:.4f} < {FLOOR_F1}")
        if self.duplicates:
            out.append(f"{self.duplicates} duplicated paragraphs")
        if self.leaks:
            out.append(f"{self.leaks} leaked lines")
        for name in FLOOR_FIELD_NAMES:
            share = self.share_exact(name)
            if share is not None and share < FLOOR_FIELDS:
                out.append(f"{name} exact on {share:.1%}")
        return out
