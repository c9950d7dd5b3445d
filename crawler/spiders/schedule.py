"""What the spider crawls and in which order: the site's discovery surfaces, the request priorities,
and the sources of a new article's publication date by rank (``crawler/spiders/riac.py`` uses them)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

FEEDS = {"en": ("/en/rss/", "/en/rss/analytics-and-comments/"), "ru": ("/rss/analytics-and-comments/",)}
SECTIONS = (
    "/analytics-and-comments/analytics/",
    "/analytics-and-comments/comments/",
    "/analytics-and-comments/interview/",
    "/news/",
    "/blogs/",
)
SITEMAP_INDEX = "/sitemap.xml"
# Articles before further listing pages: the queue then holds about one listing page of links.
PRIORITY = {"feed": 50, "article": 45, "listing": 40, "sitemap": 30}
# A new article a sitemap names waits behind the listing pages: a listing or feed that shows it
# meanwhile gives it its publication date (a sitemap only has ``lastmod``, the day of the last edit).
SITEMAP_ARTICLE_PRIORITY = 35
WEAK_DATE_SOURCES = (None, "sitemap")
# Where a new article's publication date comes from, strongest first, after the article page itself
# (extraction) and the date the archive already holds ("known"): docs/datasets.md, "Publication dates".
DATE_SOURCES = ("listing", "feed", "sitemap")
# At most this many unlisted known articles are re-checked per run (setting RIAC_UNLISTED_MAX): a
# site whose sitemaps leave out a whole section must not make every run fetch that section again.
UNLISTED_MAX = 200


@dataclass(frozen=True, slots=True)
class HeldLink:
    """An article link of a feed, waiting for the listing walks to end."""

    url: str
    listed: date | None
    source: str  # "feed"
    raw: str | None


def sitemap_wanted(canonical: str | None, langs: tuple[str, ...]) -> bool:
    """Every child sitemap of the crawled languages (not the other language's), also on a quiet
    day: about one request per thousand articles, and the only listing of every article, so
    withdrawals are seen by it; ``lastmod`` does not decide (a withdrawal does not move it)."""
    if canonical is None:
        return False
    name = canonical.rsplit("/", 1)[-1]
    split_by_language = "-en-" in name or "-ru-" in name
    return not split_by_language or any(f"-{lang}-" in name for lang in langs)


def daily_share(urls: list[str], limit: int, day: date) -> list[str]:
    """``limit`` of ``urls``, a different share each day (the same all day long)."""
    return sorted(urls, key=lambda u: hashlib.sha1(f"{day.isoformat()} {u}".encode()).digest())[:limit]


def listing_paths(lang: str) -> list[str]:
    prefix = "/en" if lang == "en" else ""
    return [prefix + path for path in SECTIONS]


class HeldLinks:
    """The article links of feeds, held while a listing walk of the run is still paging (a listing
    that shows the article dates it first), then released in their order. A feed names few articles,
    the newest, so holding them costs nothing; sitemap links are not held (they name every article
    and keep the crawl busy): a new article a sitemap names waits behind the listing pages
    (``SITEMAP_ARTICLE_PRIORITY``) and takes a listing's or feed's date while its request waits."""

    def __init__(self) -> None:
        self.open_walks = 0  # listing walks still paging
        self.links: list[HeldLink] = []

    def hold(self, link: HeldLink) -> bool:
        """Keep ``link`` for later while a walk is open (True), else leave it to the caller."""
        if self.open_walks > 0:
            self.links.append(link)
        return self.open_walks > 0

    def walk_ended(self) -> list[HeldLink]:
        """One listing walk is over; after the last one, every held link."""
        self.open_walks -= 1
        return self.release() if self.open_walks <= 0 else []

    def release(self) -> list[HeldLink]:
        held, self.links, self.open_walks = self.links, [], 0
        return sorted(held, key=lambda link: DATE_SOURCES.index(link.source))  # stable
