"""Typed records of the replica's content: what the generator knows about every page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Person:
    """An expert: ``positions`` is the history, ``position_changes_on`` the day the second one starts."""

    index: int
    slug: str
    name_en: str
    name_ru: str
    positions_en: tuple[str, ...]
    positions_ru: tuple[str, ...]
    position_changes_on: int | None = None

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_ru

    def position(self, lang: str, day: int) -> str:
        positions = self.positions_en if lang == "en" else self.positions_ru
        if self.position_changes_on is not None and day >= self.position_changes_on and len(positions) > 1:
            return positions[1]
        return positions[0]


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """Cheap metadata of one article, generated up front for every index."""

    index: int
    lang: str  # "en" | "ru"
    section: str  # analytics | comments | interview | news | blogs
    slug: str  # as it appears in URLs (may be percent-encoded)
    blog: str | None  # blog slug for section "blogs"
    published: date
    day: int  # simulated day on which it appears (0 = present from the start)
    twin: int | None  # index of the twin in the other language
    author_ids: tuple[int, ...]
    rendering: str  # "full" | "body-only"
    charset: str  # "utf-8" | "windows-1251"
    charset_declared: str  # "header+meta" | "header" | "meta-charset" | "http-equiv"
    edited_on_day: int | None
    withdrawn_on_day: int | None
    withdrawn_status: int
    tags: tuple[str, ...]
    region: tuple[str, ...]

    @property
    def path(self) -> str:
        prefix = "/en" if self.lang == "en" else ""
        if self.section == "news":
            return f"{prefix}/news/{self.slug}/"
        if self.section == "blogs":
            return f"{prefix}/blogs/{self.blog}/{self.slug}/"
        return f"{prefix}/analytics-and-comments/{self.section}/{self.slug}/"

    @property
    def amp_path(self) -> str | None:
        if self.section != "news":
            return None
        prefix = "/en" if self.lang == "en" else ""
        return f"{prefix}/amp/news/{self.slug}/"


@dataclass(frozen=True, slots=True)
class PollOptionSpec:
    text: str
    votes: int


@dataclass(frozen=True, slots=True)
class PollQuestionSpec:
    question: str
    options: tuple[PollOptionSpec, ...]


@dataclass(frozen=True, slots=True)
class Content:
    """The text of one article page (for the current day), as the themes render it."""

    title: str
    type_label: str | None
    authors: tuple[tuple[str, str], ...]  # (name, position) as of the day
    author_roles: tuple[str, ...]  # "" or "Interviewer"/"Interviewee" labels per author
    summary: tuple[str, ...]  # teaser paragraphs exactly as rendered (may carry trailing NBSPs)
    body: tuple[str, ...]  # full paragraphs exactly as rendered
    teaser_form: str
    teaser_glued: bool = False  # last teaser paragraph not separated from the full text
    features: tuple[str, ...] = field(default=())
