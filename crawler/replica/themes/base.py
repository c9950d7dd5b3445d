"""What every theme renders, as plain data in and HTML text out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from html import escape

from crawler.replica.model import PollQuestionSpec


def esc(text: str) -> str:
    return escape(text, quote=False)


def attr(text: str) -> str:
    return escape(text, quote=True)


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    href: str


@dataclass(frozen=True, slots=True)
class ListItem:
    title: str
    href: str
    date: str
    iso_date: str
    byline: str


@dataclass(frozen=True, slots=True)
class Frame:
    """The page around the main content."""

    lang: str
    title: str
    head: str  # extra <head> markup (charset declaration, canonical, meta)
    nav: tuple[Link, ...]
    search_action: str
    crumbs: tuple[Link, ...]
    main: str
    sidebar: str
    footer: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class ArticleParts:
    """An article page's text, ready for markup (strings already localised)."""

    lang: str
    title: str
    print_label: str
    translation: Link | None
    region_line: str | None  # "Region: Russia, Europe"
    type_line: str | None
    rate_label: str
    votes_line: str
    count_line: str
    share_label: str
    authors: tuple[tuple[str, str, str, str], ...]  # name, position, role, href
    summary: tuple[str, ...]
    body: tuple[str, ...]
    glued: bool
    # The short version is an abstract that never repeats the full text. The site sets such an abstract
    # apart (the contract: "labelled, or in its own container"); every theme must, or no reader could tell
    # it from the first paragraph of an article without a short version.
    abstract: bool
    bottom_rating: str  # "widget" | "counts"
    tags: tuple[Link, ...]
    tags_label: str
    related: tuple[Link, ...]
    related_label: str
    published_iso: str
    disallowed_link: Link  # a link into a robots.txt-disallowed path


class Theme(ABC):
    name: str

    @abstractmethod
    def document(self, frame: Frame) -> str: ...

    @abstractmethod
    def article(self, parts: ArticleParts) -> str: ...

    @abstractmethod
    def poll(
        self,
        lang: str,
        heading: str | None,
        questions: tuple[PollQuestionSpec, ...],
        percents: list[list[int]],
    ) -> str: ...

    @abstractmethod
    def listing(
        self, heading: str, items: tuple[ListItem, ...], pager: tuple[Link, ...], intro: str = ""
    ) -> str: ...

    @abstractmethod
    def head_meta(self, canonical: str, published_iso: str | None) -> str: ...
