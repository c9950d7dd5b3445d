"""Page metadata from ``<head>`` and structured data: canonical URL, title, publication date, language,
translation link. XPath expressions are compiled once."""

from __future__ import annotations

import json
import re
from datetime import date

from lxml import etree

from crawler.pages.dates import parse_date
from crawler.pages.normalise import collapse_ws
from crawler.pages.widgets import TRANSLATION_LINKS

_CANONICAL = etree.XPath("//link[@rel='canonical']/@href | //link[@rel='Canonical']/@href")
_OG_URL = etree.XPath("//meta[@property='og:url']/@content | //meta[@name='og:url']/@content")
_OG_TITLE = etree.XPath("//meta[@property='og:title']/@content | //meta[@name='og:title']/@content")
_H1 = etree.XPath("//h1")
_TITLE = etree.XPath("//title")
_PUBLISHED = etree.XPath(
    "//meta[@property='article:published_time' or @name='article:published_time' or "
    "@itemprop='datePublished' or @name='pubdate' or @name='publishdate' or @name='date' or "
    "@name='DC.date.issued' or @name='dcterms.created']/@content"
    " | //*[@itemprop='datePublished']/@datetime"
)
_JSON_LD = etree.XPath("//script[@type='application/ld+json']/text()")
_HTML_LANG = etree.XPath("/html/@lang")
_ALTERNATE = etree.XPath("//link[@rel='alternate'][@hreflang]")
_ANCHORS = etree.XPath("//a[@href]")
_SITE_SUFFIX = re.compile(
    r"\s+[|—–-]\s+[^|—–]*(?:riac|рсмд|russian international affairs council|российский совет)[^|—–]*$", re.I
)


def canonical_url(tree: etree._Element) -> str | None:
    for xpath in (_CANONICAL, _OG_URL):
        for value in xpath(tree):
            value = str(value).strip()
            if value:
                return value
    return None


def page_title(tree: etree._Element) -> str | None:
    for value in _OG_TITLE(tree):
        text = collapse_ws(str(value))
        if text:
            return text
    for element in _H1(tree):
        text = collapse_ws(element.text_content())
        if text:
            return text
    for element in _TITLE(tree):
        text = _SITE_SUFFIX.sub("", collapse_ws(element.text_content()))
        if text:
            return text
    return None


def published(tree: etree._Element) -> tuple[date | None, str | None]:
    for value in _PUBLISHED(tree):
        raw = str(value).strip()
        parsed = parse_date(raw)
        if parsed:
            return parsed, raw
    for blob in _JSON_LD(tree):
        found = _json_ld_date(str(blob))
        if found and parse_date(found):
            return parse_date(found), found
    return None, None


def _json_ld_date(blob: str) -> str | None:
    try:
        data = json.loads(blob)
    except (ValueError, RecursionError):
        return None
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            value = item.get("datePublished")
            if isinstance(value, str):
                return value
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def html_lang(tree: etree._Element) -> str | None:
    for value in _HTML_LANG(tree):
        lang = str(value).strip().lower()[:2]
        if lang in ("en", "ru"):
            return lang
    return None


def translation_href(tree: etree._Element, lang: str) -> str | None:
    """The link to the twin in the other language: ``Читать на русском`` / ``Read in English``."""
    for anchor in _ANCHORS(tree):
        if collapse_ws(anchor.text_content()).casefold() in TRANSLATION_LINKS:
            href = (anchor.get("href") or "").strip()
            if href and not href.startswith(("javascript:", "#")):
                return href
    other = "ru" if lang == "en" else "en"
    for link in _ALTERNATE(tree):
        if (link.get("hreflang") or "").lower().startswith(other) and link.get("href"):
            return str(link.get("href")).strip()
    return None
