"""Where the site is fetched from, without Scrapy: importable by the command's own process cheaply.

:class:`SiteMapping` maps the real site's host and every alias onto a base URL (the replica on
loopback, or the real site itself) and back to canonical ``https://russiancouncil.ru`` URLs.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit, urlunsplit

from crawler.urls import canonicalize, is_site_host


class SiteMapping:
    """Canonical site URLs ↔ the URLs actually fetched from ``base``."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base.rstrip("/") or base)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"site base must be an http(s) URL, got {base!r}")
        self.scheme = parts.scheme
        self.netloc = parts.netloc.lower()
        self.host = parts.hostname.lower()
        self.prefix = parts.path.rstrip("/")
        self.is_real_site = is_site_host(self.host)

    @property
    def base(self) -> str:
        return urlunsplit((self.scheme, self.netloc, self.prefix or "", "", ""))

    def on_base(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme == self.scheme and parts.netloc.lower() == self.netloc

    def canonical(self, url: str) -> str | None:
        """The canonical https://russiancouncil.ru URL a site or base URL names; None off the site."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return None
        if is_site_host(parts.hostname):
            return canonicalize(urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, "")))
        if self.on_base(url):
            path = parts.path[len(self.prefix) :] if self.prefix else parts.path
            return canonicalize(urlunsplit(("https", "russiancouncil.ru", path or "/", parts.query, "")))
        return None

    def fetch_url(self, url: str) -> str | None:
        """Where to fetch a site URL from (canonical form on the base); None for off-site URLs."""
        canonical = self.canonical(url)
        if canonical is None:
            return None
        if self.is_real_site:
            return canonical
        parts = urlsplit(canonical)
        return urlunsplit((self.scheme, self.netloc, self.prefix + parts.path, parts.query, ""))


def is_loopback(url: str) -> bool:
    """``localhost`` or a loopback address (127.0.0.0/8, ::1); not a name that merely starts with 127."""
    host = (urlsplit(url).hostname or "").rstrip(".")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
