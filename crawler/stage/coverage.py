"""Coverage: which article ids the site's sitemaps list, read back from the run's WARC records."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from crawler.feeds import DiscoveryError, gunzip
from crawler.stage.extract import FetchRecord, read_response
from crawler.urls import article_id, article_url, is_article_url

_LOC = re.compile(rb"<loc>\s*([^<\s]+)\s*</loc>")
_SITEMAP = re.compile(r"/sitemap[^/]*\.xml(?:\.gz)?$")


def is_sitemap(url: str) -> bool:
    return bool(_SITEMAP.search(urlsplit(url).path))


def sitemap_article_ids(records: Iterable[FetchRecord], warc_root: Path) -> frozenset[str] | None:
    """Article ids listed by the sitemaps fetched in this run; None when no sitemap was fetched."""
    ids: set[str] = set()
    seen = False
    for record in records:
        if not is_sitemap(record.url) or record.status != 200 or record.warc_file is None:
            continue
        try:
            _, body = read_response(warc_root, record)
        except Exception:  # an unreadable sitemap leaves coverage unknown for its part
            continue
        if body[:2] == b"\x1f\x8b":
            try:
                body = gunzip(body)  # capped: a gzip bomb took 680 MB here
            except DiscoveryError:
                continue
        seen = True
        for match in _LOC.finditer(body):
            loc = match.group(1).decode("utf-8", "replace").replace("&amp;", "&")
            if is_article_url(article_url(loc)):
                ids.add(article_id(loc))
    return frozenset(ids) if seen else None
