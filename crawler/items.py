"""The product's records, defined once.

Plain typed dataclasses with no Scrapy or storage imports: page classes produce them, Scrapy
pipelines and Prefect tasks pass them on, ``storage`` turns them into Arrow rows (a test keeps
``storage.schemas`` and these classes in step). Raw values sit beside normalised ones where
normalisation could be redone later (``published_raw`` next to ``published``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

PARAGRAPH_SEPARATOR = "\n\n"


class Outcome(StrEnum):
    """What one fetched page turned out to be (the ``fetches.outcome`` column)."""

    ARTICLE = "article"
    NOT_ARTICLE = "not-article"
    FAILED = "failed"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    position: str | None = None


@dataclass(frozen=True, slots=True)
class Rating:
    """An article's rating widget: ``votes`` is 0 and ``average`` None when nobody voted yet."""

    votes: int
    average: float | None


@dataclass(frozen=True, slots=True)
class PollOption:
    text: str
    votes: int
    percent: int


@dataclass(frozen=True, slots=True)
class Poll:
    """One numbered question of the site poll, without its ``1. `` numbering."""

    question: str
    options: tuple[PollOption, ...]
    lang: str | None = None  # the language copy of the site poll (en, ru); set when the run stores it

    @property
    def poll_id(self) -> str:
        """Stable across observations: it depends on the wording, never on the counts."""
        key = "\x1f".join([_squash(self.question), *(_squash(o.text) for o in self.options)])
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class ArticleItem:
    """One extracted article page."""

    url: str  # canonical: https, bare host, no sphrase_id, trailing slash
    article_id: str
    lang: str  # "en" or "ru"
    section: str | None  # analytics, comments, interview, blogs, news
    title: str | None
    published: date | None
    published_raw: str | None
    authors: tuple[Author, ...]
    region: tuple[str, ...]
    type: str | None
    tags: tuple[str, ...]
    summary_paragraphs: tuple[str, ...]
    body_paragraphs: tuple[str, ...]
    rating: Rating | None
    polls: tuple[Poll, ...]
    translation_url: str | None
    extractor_version: str
    fetched_url: str | None = None
    fetched_at: datetime | None = None
    stats: dict[str, int] = field(default_factory=dict, compare=False)  # teasers separated, lines removed

    @property
    def summary(self) -> str:
        return PARAGRAPH_SEPARATOR.join(self.summary_paragraphs)

    @property
    def body(self) -> str:
        return PARAGRAPH_SEPARATOR.join(self.body_paragraphs)

    @property
    def word_count(self) -> int:
        return sum(len(p.split()) for p in self.body_paragraphs)

    @property
    def body_digest(self) -> str:
        return "sha256:" + hashlib.sha256(self.body.encode("utf-8")).hexdigest()

    def content(self) -> dict[str, Any]:
        """Everything that makes a new article version (not ratings, polls or fetch data), as JSON
        values: what :attr:`content_digest` hashes and what re-extraction compares field by field."""
        return {
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "authors": [[a.name, a.position] for a in self.authors],
            "region": list(self.region),
            "type": self.type,
            "tags": list(self.tags),
            "summary": self.summary,
            "body": self.body,
            "translation_url": self.translation_url,
        }

    @property
    def content_digest(self) -> str:
        """Digest of :meth:`content`: a new article version exactly when it changes."""
        blob = json.dumps(self.content(), ensure_ascii=False, sort_keys=True).encode("utf-8")
        return "sha256:" + hashlib.sha256(blob).hexdigest()

    def to_json(self) -> dict[str, Any]:
        """The ``riac-archive extract`` output: exactly these keys."""
        return {
            "url": self.url,
            "article_id": self.article_id,
            "lang": self.lang,
            "section": self.section,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "authors": [{"name": a.name, "position": a.position} for a in self.authors],
            "region": list(self.region),
            "type": self.type,
            "tags": list(self.tags),
            "summary": self.summary,
            "body": self.body,
            "rating": ({"votes": self.rating.votes, "average": self.rating.average} if self.rating else None),
            "polls": [
                {
                    "question": p.question,
                    "options": [{"text": o.text, "votes": o.votes, "percent": o.percent} for o in p.options],
                }
                for p in self.polls
            ],
            "translation_url": self.translation_url,
            "extractor_version": self.extractor_version,
        }


@dataclass(frozen=True, slots=True)
class PageFailure:
    """A page that gave no article record, with the reason. Never raised: returned."""

    url: str
    outcome: Outcome  # NOT_ARTICLE, FAILED or WITHDRAWN
    error_type: str  # short machine-readable kind, e.g. "listing", "empty-body", "decode-error"
    reason: str  # one line a person can read


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()
