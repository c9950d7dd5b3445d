"""Canonical URLs of russiancouncil.ru, its host aliases, and ids derived from them.

The contract: ``http://``, ``www.``, ``beta.`` and the trailing-dot host all name the canonical
``https://russiancouncil.ru``; site search appends ``?sphrase_id=<n>``, which never changes the page.
Canonical form: https, bare host, no ``sphrase_id``, a trailing slash on the path, other query
parameters kept in their order. AMP copies (``/en/amp/news/<slug>/``) are the same article as the
page without ``amp/``: :func:`article_url` folds them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

CANONICAL_HOST = "russiancouncil.ru"
CANONICAL_ORIGIN = f"https://{CANONICAL_HOST}"
LANGUAGES = ("en", "ru")  # the site's two languages; a run crawls both unless told otherwise
HOST_ALIASES = frozenset({CANONICAL_HOST, f"www.{CANONICAL_HOST}", f"beta.{CANONICAL_HOST}"})
DROPPED_QUERY_KEYS = frozenset({"sphrase_id"})

ARTICLE_SECTIONS = ("analytics", "comments", "interview", "blogs", "news")
_SECTION_PATH = re.compile(
    r"^/(?:(?P<lang>en)/)?(?:amp/)?"
    r"(?:analytics-and-comments/(?P<ac>analytics|comments|interview)/[^/]+/"
    r"|(?P<news>news)/[^/]+/"
    r"|(?P<blogs>blogs)/[^/]+/[^/]+/)$"
)
_AMP = re.compile(r"^/((?:en/)?)amp/")


def is_site_host(host: str | None) -> bool:
    """True for the canonical host and every alias the contract lists (any case, trailing dot)."""
    if not host:
        return False
    return host.lower().rstrip(".").split(":", 1)[0] in HOST_ALIASES


@lru_cache(maxsize=65536)
def canonicalize(url: str) -> str:
    """Canonical form of a site URL; URLs of other hosts come back unchanged but for scheme/host case."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").rstrip(".")
    if not is_site_host(host):
        return url.strip()
    path = _normalise_path(parts.path or "/")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in DROPPED_QUERY_KEYS]
    return urlunsplit(("https", CANONICAL_HOST, path, urlencode(query, quote_via=quote, safe="-._~"), ""))


def article_url(url: str) -> str:
    """Canonical URL of the article a page shows: AMP copies fold onto their main page."""
    canonical = canonicalize(url)
    parts = urlsplit(canonical)
    return urlunsplit((parts.scheme, parts.netloc, _AMP.sub(r"/\1", parts.path), parts.query, ""))


def article_id(url: str) -> str:
    """Stable id of an article: its canonical path without the outer slashes.

    ``https://russiancouncil.ru/en/news/foo/`` → ``en/news/foo``. Readable, unique, and the same
    whichever alias, AMP copy or search link the page was reached through.
    """
    return unquote(urlsplit(article_url(url)).path).strip("/")


def language_of(url: str) -> str:
    """``en`` under ``/en/``, else ``ru`` (the Russian site has no prefix)."""
    path = urlsplit(url).path
    return "en" if path == "/en" or path.startswith("/en/") else "ru"


def section_of(url: str) -> str | None:
    """The article section a URL belongs to, or None for pages that are not article URLs."""
    match = _SECTION_PATH.match(urlsplit(url).path)
    if not match:
        return None
    return match.group("ac") or match.group("news") or match.group("blogs")


def is_article_url(url: str) -> bool:
    return section_of(url) is not None


def _normalise_path(path: str) -> str:
    # Re-quote so that equivalent percent-encodings compare equal; keep reserved characters.
    path = quote(unquote(path), safe="/:@!$&'()*+,;=-._~")
    if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
        path += "/"
    return path
