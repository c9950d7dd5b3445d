"""The article page: ``(url, body bytes, headers, fetched_at)`` in, typed fields and ``to_item()`` out.

Parse once (decode → lxml tree → text lines → layout); every field reads from that one parse.
Site rules run on the text-level structure of the contract, so they hold whatever the markup.
When a page shows none of the site's structure and the plain-text reading finds too little,
trafilatura's body extraction is the fallback.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from functools import cached_property
from urllib.parse import urljoin, urlsplit

from lxml import etree

from crawler.items import ArticleItem, Author, Outcome, PageFailure, Poll, Rating
from crawler.pages import EXTRACTOR_VERSION
from crawler.pages import meta as page_meta
from crawler.pages.decode import decode_html, header_value
from crawler.pages.layout import Layout, analyse
from crawler.pages.lines import Line, page_lines, text_lines
from crawler.pages.normalise import match_key
from crawler.pages.parse import parse_html
from crawler.pages.teaser import Separation, separate_content
from crawler.pages.widgets import Kind, extract_rating, is_structural
from crawler.urls import (
    CANONICAL_ORIGIN,
    article_id,
    article_url,
    canonicalize,
    is_site_host,
    language_of,
    section_of,
)

RATING = frozenset({Kind.VOTES, Kind.COUNT})
# Pages with more text lines than this never go to trafilatura (articles have a few hundred lines).
FALLBACK_MAX_LINES = 20_000
MIN_BODY_WORDS = 25  # a page without the site's widgets needs at least this much text to be an article
MIN_REPEATED_WORDS = 6  # ... or a paragraph of this many words repeated as its short version
_CYRILLIC = re.compile(r"[а-яё]", re.I)
_LATIN = re.compile(r"[a-z]", re.I)
_NOT_FOUND = re.compile(r"\b404\b|not found|не найден|page does not exist|страница не существует", re.I)
_TEXTUAL = re.compile(r"text/|application/(?:xhtml\+)?xml$|[^/]*/[^/]*html")  # else: PDF, images...
# Control characters (not tab, newlines, form feed), C1 codes and U+FFFD: text has almost none,
# binary data decoded as windows-1252 about 12 %. Random bytes were stored as an "article" before.
# an HTML page has at least one of these elements; text without any is not a page (README.md, a log)
_HTML_ELEMENT = re.compile(
    r"<\s*(?:!doctype|html|head|body|div|p|article|main|section|h[1-6]|title|meta|span|br)\b", re.I
)
_BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
BINARY_SHARE = 0.02
_BLOCKED = re.compile(
    r"access denied|forbidden|captcha|are you a robot|too many requests|доступ запрещ|blocked", re.I
)


class NotAnArticle(Exception):
    """Raised inside the page class; :func:`extract_article` turns it into a PageFailure."""

    def __init__(self, error_type: str, reason: str) -> None:
        super().__init__(reason)
        self.error_type = error_type
        self.reason = reason


class ArticlePage:
    """One fetched article page. Fields are methods reading from one parse."""

    def __init__(
        self,
        url: str,
        body: bytes,
        headers: Mapping[str, str] | None = None,
        fetched_at: datetime | None = None,
        listing_date: date | None = None,
    ) -> None:
        self.fetched_url = url
        self.body = body
        self.headers = headers
        self.fetched_at = fetched_at
        self.listing_date = listing_date

    # ----- the one parse ---------------------------------------------------------------------------
    @cached_property
    def html(self) -> str:
        return decode_html(self.body, self.headers)

    @cached_property
    def tree(self) -> etree._Element:
        return parse_html(self.html)

    @cached_property
    def lines(self) -> list[Line]:
        if "<" not in self.html:  # a bare text rendering
            return text_lines(self.html)
        return page_lines(self.tree, is_structural)

    @cached_property
    def layout(self) -> Layout:
        return analyse(self.lines, self.title())

    @cached_property
    def separation(self) -> Separation:
        content = self.layout.content
        found = separate_content(
            [line.text for line in content], self.layout.split_hint, self.layout.labelled
        )
        return _hidden_panel_aside(content, found)

    @cached_property
    def reads_as_article(self) -> bool:
        """The line reading shows an article: the site's widgets, enough text, or a short version
        that the full version repeats (a one-paragraph news item: the paragraph twice)."""
        found = self.separation
        return (
            self.layout.recognised
            or _words(found.body) >= MIN_BODY_WORDS
            or (found.method == "text" and _words(found.body) >= MIN_REPEATED_WORDS)
        )

    @cached_property
    def fallback_used(self) -> bool:
        return not self.reads_as_article

    @cached_property
    def chosen_separation(self) -> Separation:
        """The line reading's separation, or trafilatura's reading on a fallback page (run once)."""
        if not self.fallback_used or len(self.lines) > FALLBACK_MAX_LINES:
            # trafilatura on a hostile 8 MB table: 15 s, +500 MB
            return self.separation
        return _trafilatura_separation(self.tree, self.separation, self.title())

    # ----- fields ----------------------------------------------------------------------------------
    def url(self) -> str:
        """Canonical URL of the article (AMP copies fold onto their main page)."""
        return self._url

    @cached_property
    def _url(self) -> str:
        fetched, canonical = self.fetched_url, self.page_canonical()
        on_site = [c for c in (fetched, canonical) if c and is_site_host(urlsplit(c).hostname)]
        for candidate in on_site:
            if section_of(article_url(candidate)):
                return article_url(candidate)
        if fetched and not on_site and section_of(_on_site(fetched)):
            return article_url(_on_site(fetched))  # a mirror or the replica: the same path on the site
        for other in (*on_site, fetched, canonical):
            if other:
                return canonicalize(other)
        return ""  # no URL given and none in the page

    def page_canonical(self) -> str | None:
        found = page_meta.canonical_url(self.tree)
        if found and self.fetched_url:
            found = urljoin(self.fetched_url, found)
        return found

    def article_id(self) -> str:
        url = self.url()
        return article_id(url) if url else ""

    def lang(self) -> str:
        url = self.url()
        if url and is_site_host(urlsplit(url).hostname):
            return language_of(url)
        declared = page_meta.html_lang(self.tree)
        if declared:
            return declared
        text = " ".join(self.body_paragraphs()[:3])
        return "ru" if len(_CYRILLIC.findall(text)) > len(_LATIN.findall(text)) else "en"

    def section(self) -> str | None:
        return section_of(self.url())

    def title(self) -> str | None:
        return page_meta.page_title(self.tree)

    def published(self) -> tuple[date | None, str | None]:
        found, raw = page_meta.published(self.tree)
        if found:
            return found, raw
        if self.listing_date:
            return self.listing_date, None
        return None, None

    def authors(self) -> tuple[Author, ...]:
        return self.layout.authors

    def region(self) -> tuple[str, ...]:
        return self.layout.region

    def type(self) -> str | None:
        return self.layout.type

    def tags(self) -> tuple[str, ...]:
        return self.layout.tags

    def summary_paragraphs(self) -> tuple[str, ...]:
        return self.chosen_separation.summary

    def body_paragraphs(self) -> tuple[str, ...]:
        return self.chosen_separation.body

    def rating(self) -> Rating | None:
        kinds = self.layout.kinds
        return extract_rating(
            [line.text for line, k in zip(self.lines, kinds, strict=True) if k and k & RATING]
        )

    def polls(self) -> tuple[Poll, ...]:
        return self.layout.polls

    def translation_url(self) -> str | None:
        href = page_meta.translation_href(self.tree, self.lang())
        if not href:
            return None
        base = self.url() or self.fetched_url or ""
        absolute = urljoin(base, href) if base else href
        return article_url(absolute) if is_site_host(urlsplit(absolute).hostname) else absolute

    def stats(self) -> dict[str, int]:
        return {
            "teaser_paragraphs": len(self.summary_paragraphs()),
            "body_paragraphs": len(self.body_paragraphs()),
            "boilerplate_lines_removed": self.layout.boilerplate_lines,
            "authors": len(self.authors()),
            "widgets_recognised": int(self.layout.recognised),
            "fallback": int(self.fallback_used),
        }

    # ----- checks and the record -------------------------------------------------------------------
    def check(self) -> None:
        """Raise :class:`NotAnArticle` for pages that give no article record."""
        if not self.body or not self.body.strip():
            raise NotAnArticle("empty-body", "the response body is empty")
        content_type = (header_value(self.headers, "content-type") or "").split(";", 1)[0].strip().lower()
        if content_type and not _TEXTUAL.match(content_type):
            raise NotAnArticle("not-html", f"content type {content_type[:80]}, not HTML")
        if _looks_binary(self.html):
            raise NotAnArticle("binary-body", "the body is binary data, not text")
        url = self.url()
        on_the_web = urlsplit(url).scheme in ("http", "https")
        if on_the_web and section_of(_on_site(url)) is None:
            raise NotAnArticle("not-article-url", f"{urlsplit(url).path} is not an article URL")
        body = self.body_paragraphs()
        if not body:
            raise NotAnArticle(*self._why_empty())
        if not self.reads_as_article and _words(body) < MIN_BODY_WORDS:
            raise NotAnArticle(*self._why_empty())
        # Plain text is an article when it came from an article URL (a body-only rendering) or shows the
        # site's layout; a local file of neither kind (a README) is not one.
        if not on_the_web and not _HTML_ELEMENT.search(self.html) and not self.layout.recognised:
            raise NotAnArticle("not-html", "text without HTML markup or the site's article layout")

    def to_item(self) -> ArticleItem:
        self.check()
        published, published_raw = self.published()
        return ArticleItem(
            url=self.url(),
            article_id=self.article_id(),
            lang=self.lang(),
            section=self.section(),
            title=self.title(),
            published=published,
            published_raw=published_raw,
            authors=self.authors(),
            region=self.region(),
            type=self.type(),
            tags=self.tags(),
            summary_paragraphs=self.summary_paragraphs(),
            body_paragraphs=self.body_paragraphs(),
            rating=self.rating(),
            polls=self.polls(),
            translation_url=self.translation_url(),
            extractor_version=EXTRACTOR_VERSION,
            fetched_url=self.fetched_url or None,
            fetched_at=self.fetched_at,
            stats=self.stats(),
        )

    def _why_empty(self) -> tuple[str, str]:
        text = " ".join(line.text for line in self.lines[:60])
        title = self.title() or ""
        if _NOT_FOUND.search(title) or (len(text) < 2000 and _NOT_FOUND.search(text)):
            return "not-found", "the page says it was not found"
        if _BLOCKED.search(title) or (len(text) < 2000 and _BLOCKED.search(text)):
            return "blocked", "the page is a block or challenge page"
        if self.layout.polls and not self.layout.recognised:
            return "no-article-text", "a page with the site poll but no article text (listing or profile)"
        return "no-article-text", "no article text found on the page"


def extract_article(
    url: str,
    body: bytes,
    headers: Mapping[str, str] | None = None,
    fetched_at: datetime | None = None,
    listing_date: date | None = None,
) -> ArticleItem | PageFailure:
    """One page → one record, or a PageFailure with the reason. Never raises."""
    try:
        return ArticlePage(url, body, headers, fetched_at, listing_date).to_item()
    except NotAnArticle as exc:
        return PageFailure(url=url, outcome=Outcome.NOT_ARTICLE, error_type=exc.error_type, reason=exc.reason)
    except RecursionError:
        return PageFailure(url, Outcome.FAILED, "recursion", "the page nests too deeply to parse")
    except Exception as exc:
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
        return PageFailure(url=url, outcome=Outcome.FAILED, error_type=type(exc).__name__, reason=reason)


def _on_site(url: str) -> str:
    parts = urlsplit(url)
    return f"{CANONICAL_ORIGIN}{parts.path or '/'}" + (f"?{parts.query}" if parts.query else "")


def _looks_binary(text: str, sample: int = 65536) -> bool:
    head = text[:sample]
    return len(_BINARY.findall(head)) > max(8, BINARY_SHARE * len(head))


def _words(paragraphs: tuple[str, ...]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def _hidden_panel_aside(content: list[Line], found: Separation) -> Separation:
    """A hidden panel after the visible text is read aside: the short version when the visible text
    repeats it (a closed "short version" tab after the full one), dropped when it only copies
    visible paragraphs (a print or mobile copy); otherwise the page order stands."""
    first_hidden = next((i for i, line in enumerate(content) if line.hidden), None)
    if first_hidden is None or first_hidden == 0 or not all(line.hidden for line in content[first_hidden:]):
        return found
    visible = [line.text for line in content[:first_hidden]]
    hidden = [line.text for line in content[first_hidden:]]
    aside = separate_content([*hidden, *visible])
    if aside.method == "text" and len(aside.summary) == len(hidden) and aside.body == tuple(visible):
        return aside
    shown = {match_key(text) for text in visible}
    if all(match_key(text) in shown for text in hidden):
        return separate_content(visible)
    return found


def _trafilatura_separation(
    tree: etree._Element, current: Separation, title: str | None = None
) -> Separation:
    """trafilatura's reading of the main text, then the same teaser separation and widget filtering.

    trafilatura prunes the tree it reads, so it gets a copy (as fast as parsing the text again)."""
    from copy import deepcopy

    import trafilatura

    text = trafilatura.extract(
        deepcopy(tree), output_format="txt", include_comments=False, include_tables=False, deduplicate=False
    )
    if not text:
        return current
    layout = analyse(text_lines(text), title)
    paragraphs = [line.text for line in layout.content]
    found = separate_content(paragraphs, layout.split_hint, layout.labelled)
    return found if _words(found.body) > _words(current.body) else current
