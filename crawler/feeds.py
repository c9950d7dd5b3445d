"""RSS feeds and sitemaps, parsed with hardened XML: no Scrapy, no network, bounded input.

Feeds and sitemaps come from the network, so the parser refuses what a hostile server could send:
entity declarations (billion laughs), external entities and DTD retrieval (defusedxml raises
before expanding anything), oversized documents, and gzip bombs (decompression is capped).
Every function returns plain tuples of dataclasses; malformed input raises :class:`DiscoveryError`.
"""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

MAX_XML_BYTES = 50 * 1024 * 1024  # the sitemap protocol caps a file at 50 MB uncompressed
_GZIP_MAGIC = b"\x1f\x8b"


class DiscoveryError(ValueError):
    """A feed or sitemap that cannot be read safely."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One link announced by a feed or sitemap, with the date it carries (if any)."""

    url: str
    date: date | None = None
    raw: str | None = None  # the date exactly as the document wrote it


@dataclass(frozen=True, slots=True)
class Sitemap:
    """A sitemap: an index (``entries`` are child sitemaps) or a urlset (``entries`` are pages)."""

    is_index: bool
    entries: tuple[Entry, ...]


def parse_sitemap(body: bytes) -> Sitemap:
    """Parse a sitemap index or urlset (plain or gzipped); dates come from ``<lastmod>``."""
    root = _parse(body)
    kind = _local(root.tag)
    if kind not in ("sitemapindex", "urlset"):
        raise DiscoveryError(f"not a sitemap: root element <{kind}>")
    child = "sitemap" if kind == "sitemapindex" else "url"
    entries = []
    for node in root:
        if _local(node.tag) != child:
            continue
        loc = _child_text(node, "loc")
        if loc:
            lastmod = _child_text(node, "lastmod")
            entries.append(Entry(loc, parse_w3c_date(lastmod), lastmod.strip() if lastmod else None))
    return Sitemap(kind == "sitemapindex", tuple(entries))


def parse_rss(body: bytes) -> tuple[Entry, ...]:
    """Links of an RSS 2.0 feed (or Atom), dated by ``pubDate`` / ``published`` / ``updated``."""
    root = _parse(body)
    entries = []
    for node in root.iter():
        name = _local(node.tag)
        if name == "item":
            link = _child_text(node, "link") or _child_text(node, "guid")
            if link:
                raw = _child_text(node, "pubDate")
                entries.append(Entry(link, parse_rfc822_date(raw), raw.strip() if raw else None))
        elif name == "entry":  # Atom
            link = next((c.get("href") for c in node if _local(c.tag) == "link" and c.get("href")), None)
            when = _child_text(node, "published") or _child_text(node, "updated")
            if link:
                entries.append(Entry(link, parse_w3c_date(when), when.strip() if when else None))
    return tuple(entries)


def parse_w3c_date(text: str | None) -> date | None:
    """``2021-03-04`` or ``2021-03-04T10:00:00+03:00`` → the date; anything else → None."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def parse_rfc822_date(text: str | None) -> date | None:
    """``Thu, 04 Mar 2021 10:00:00 +0300`` → the date as written (publisher's local date)."""
    if not text:
        return None
    try:
        value: datetime = parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError):
        return parse_w3c_date(text)
    return value.date()


def _parse(body: bytes) -> Element:
    data = gunzip(body) if body[:2] == _GZIP_MAGIC else body
    if len(data) > MAX_XML_BYTES:
        raise DiscoveryError(f"document larger than {MAX_XML_BYTES} bytes")
    if not data.strip():
        raise DiscoveryError("empty document")
    try:
        return fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise DiscoveryError(f"refused XML: {type(exc).__name__}") from exc
    except (ParseError, ValueError, SyntaxError) as exc:
        raise DiscoveryError(f"malformed XML: {exc}") from exc


def gunzip(body: bytes) -> bytes:
    """Decompress a gzipped document, refusing (``DiscoveryError``) past ``MAX_XML_BYTES``."""
    out = io.BytesIO()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
            while chunk := stream.read(1 << 20):
                out.write(chunk)
                if out.tell() > MAX_XML_BYTES:
                    raise DiscoveryError(f"gzip expands beyond {MAX_XML_BYTES} bytes")
    except (OSError, EOFError, zlib.error) as exc:
        raise DiscoveryError(f"bad gzip: {exc}") from exc
    return out.getvalue()


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child_text(node: Element, name: str) -> str | None:
    for child in node:
        if _local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None
