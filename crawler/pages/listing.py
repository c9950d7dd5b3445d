"""Listing pages (sections, home, blogs, experts, tag search): article links with their dates, and
the next page. Markup-independent: a link's date is the date text (or ``<time datetime>``) nearest
to it inside the smallest element that holds no other article link."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from urllib.parse import parse_qsl, urljoin, urlsplit

from lxml import etree

from crawler.items import Poll
from crawler.pages.dates import find_date_text, parse_date
from crawler.pages.decode import decode_html
from crawler.pages.normalise import collapse_ws
from crawler.pages.parse import parse_html
from crawler.pages.polls import extract_polls
from crawler.urls import canonicalize, is_article_url, is_site_host

_ANCHORS = etree.XPath("//a[@href]")
_REL_NEXT = etree.XPath("//link[@rel='next']/@href | //a[@rel='next']/@href")
_TIME = etree.XPath(".//time")
NEXT_LABELS = frozenset({"next", "next »", "next ›", "»", "›", "→", "следующая", "далее", "вперед", "вперёд"})
PAGE_PARAM = "PAGEN_1"


@dataclass(frozen=True, slots=True)
class ListingLink:
    url: str  # as found, made absolute
    published: date | None
    published_raw: str | None
    title: str | None = None


class ListingPage:
    def __init__(self, url: str, body: bytes, headers: Mapping[str, str] | None = None) -> None:
        self.url = url
        self.body = body
        self.headers = headers

    @cached_property
    def tree(self) -> etree._Element:
        return parse_html(decode_html(self.body, self.headers))

    @cached_property
    def _article_anchors(self) -> list[tuple[etree._Element, str]]:
        out = []
        for anchor in _ANCHORS(self.tree):
            href = (anchor.get("href") or "").strip()
            if not href or href.startswith(("#", "javascript:", "mailto:")):
                continue
            absolute = urljoin(self.url, href)
            parts = urlsplit(absolute)
            same_site = is_site_host(parts.hostname) or parts.hostname == urlsplit(self.url).hostname
            if parts.scheme in ("http", "https") and same_site and is_article_url(_site_form(absolute)):
                out.append((anchor, absolute))
        return out

    def links(self) -> list[ListingLink]:
        """Article links in page order, one per canonical URL, each with the date shown beside it."""
        anchors = self._article_anchors
        holders = _holder_counts(a for a, _ in anchors)
        seen: set[str] = set()
        out: list[ListingLink] = []
        for anchor, absolute in anchors:
            key = canonicalize(_site_form(absolute))
            if key in seen:
                continue
            seen.add(key)
            raw, published = _date_near(anchor, holders)
            title = collapse_ws(anchor.text_content()) or None
            out.append(ListingLink(absolute, published, raw, title))
        return out

    def next_page_url(self) -> str | None:
        for href in _REL_NEXT(self.tree):
            if str(href).strip():
                return urljoin(self.url, str(href).strip())
        current = _page_number(self.url)
        by_number = None
        for anchor in _ANCHORS(self.tree):
            href = (anchor.get("href") or "").strip()
            if not href or href.startswith(("#", "javascript:")):
                continue
            absolute = urljoin(self.url, href)
            if collapse_ws(anchor.text_content()).casefold() in NEXT_LABELS:
                return absolute
            if (
                by_number is None
                and _page_number(absolute) == current + 1
                and _same_listing(absolute, self.url)
            ):
                by_number = absolute
        return by_number

    def polls(self) -> tuple[Poll, ...]:
        return extract_polls(self.tree)


def _site_form(url: str) -> str:
    """A local replica URL (127.0.0.1:PORT/...) read as the site's, for path-based checks."""
    parts = urlsplit(url)
    return "https://russiancouncil.ru" + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _holder_counts(anchors: Iterable[etree._Element]) -> dict[etree._Element, int]:
    """Article links under each ancestor, saturating at 2 (all ``_date_near`` asks is "more than one").

    One walk up per link that stops at an ancestor already at 2 (its own ancestors are too), so each
    element is passed at most twice: linear. Counting by iterating each ancestor's subtree per link
    was quadratic (78 s for a page of 20,000 links). Keys are the elements themselves, which keeps
    lxml's proxies alive and their identity stable.
    """
    counts: dict[etree._Element, int] = {}
    for anchor in anchors:
        element = anchor.getparent()
        while element is not None:
            seen = counts.get(element, 0)
            if seen >= 2:
                break
            counts[element] = seen + 1
            element = element.getparent()
    return counts


def _date_near(anchor: etree._Element, holders: dict[etree._Element, int]) -> tuple[str | None, date | None]:
    element = anchor
    for _ in range(6):
        parent = element.getparent()
        if parent is None:
            break
        if holders.get(parent, 0) > 1:
            break
        element = parent
        for time in _TIME(element):
            raw = time.get("datetime") or collapse_ws(time.text_content())
            found = parse_date(raw)
            if found:
                return collapse_ws(time.text_content()) or raw, found
        text = element.text_content()
        anchor_text = anchor.text_content()
        raw = find_date_text(text.replace(anchor_text, " ", 1) if anchor_text else text)
        if raw:
            return raw, parse_date(raw)
    return None, None


def _page_number(url: str) -> int:
    for key, value in parse_qsl(urlsplit(url).query):
        if key == PAGE_PARAM and value.isdigit():
            return int(value)
    return 1


def _same_listing(a: str, b: str) -> bool:
    return urlsplit(a).path == urlsplit(b).path
