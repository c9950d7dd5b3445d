"""The one spider of the site: discovery and scheduling only, English and Russian.

Discovery surfaces: RSS feeds, the sitemap index (child sitemaps with ``lastmod``) and the section
listings with ``?PAGEN_1=N`` pagination. Article responses are not parsed here: the archive
(``crawler.recorder``) keeps them for the extraction stage.

Incremental (default): an article already known is fetched again only when due (the caller's refresh
policy), when a sitemap shows a newer ``lastmod``, or when no sitemap lists it any more (re-checked
in the same run, reason ``unlisted``: a 404/410 is a withdrawal); a listing stops paging once a page
shows only known articles, plus ``RIAC_LISTING_LOOKAHEAD`` more pages. Every child sitemap of the
crawled languages is read on every run. ``full=1`` re-walks everything.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from typing import Any

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.feeds import DiscoveryError, parse_rss, parse_sitemap
from crawler.middlewares import fetch_failed
from crawler.pages.listing import ListingPage
from crawler.site_mapping import SiteMapping
from crawler.spiders.known import KnownUrls, load_known
from crawler.spiders.schedule import (
    FEEDS,
    PRIORITY,
    SITEMAP_ARTICLE_PRIORITY,
    SITEMAP_INDEX,
    UNLISTED_MAX,
    WEAK_DATE_SOURCES,
    HeldLink,
    HeldLinks,
    daily_share,
    listing_paths,
    sitemap_wanted,
)
from crawler.urls import LANGUAGES, article_id, article_url, is_article_url, language_of

logger = logging.getLogger(__name__)


class RiacSpider(scrapy.Spider):
    name = "riac"

    def __init__(
        self,
        lang: str = ",".join(LANGUAGES),
        full: str = "0",
        known: str = "",
        urls: str = "",
        discover: str = "1",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.langs = tuple(x.strip() for x in lang.split(",") if x.strip())
        if not self.langs or set(self.langs) - set(LANGUAGES):
            raise ValueError(f"lang must be en, ru or en,ru; got {lang!r}")
        self.full = str(full).lower() in ("1", "true", "yes")
        self.known_path = known
        self.extra_urls = tuple(u.strip() for u in urls.split(" ") if u.strip())  # space-separated
        self.discover = str(discover).lower() not in ("0", "false", "no")
        # Articles already requested by this crawl. Feeds, sitemaps and listings name the same
        # articles (three times over in a full crawl); Scrapy's dupefilter would drop the repeats,
        # but only after each was built and sent through the spider middlewares (a third of the
        # crawl's CPU). Bounded by one crawl's articles, like the dupefilter's own fingerprints.
        self.requested: set[str] = set()
        # Withdrawals: every article of the crawled languages is in one child sitemap. Once every
        # sitemap of the run has been read, a known article none of them lists is fetched again in
        # the same run ("unlisted"): a 404/410 there records the withdrawal.
        self.sitemap_listed: set[str] = set()
        self.sitemaps_pending = 0
        self.sitemaps_complete = True  # until one cannot be read
        self.sitemaps_read = False  # a sitemap was read: the run knows what the site lists (coverage)
        # article requests sent with no date or only a sitemap lastmod, by canonical URL, until their
        # response: a listing or feed that shows the article before then gives it its date
        self.weakly_dated: dict[str, scrapy.Request] = {}
        # A listing's date outranks a feed's (DATE_SOURCES): the feeds' article links wait until
        # every listing walk of the run has ended, so an article both show is dated by the listing
        # whichever document arrived first, and ``published_raw`` is the same in every run.
        self.held = HeldLinks()

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> RiacSpider:
        spider: RiacSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.site = SiteMapping(crawler.settings.get("RIAC_SITE"))
        spider.lookahead = crawler.settings.getint("RIAC_LISTING_LOOKAHEAD", 1)
        spider.known = load_known(spider.known_path)
        spider.newest_known = spider.known.newest
        crawler.signals.connect(spider.spider_idle, signal=signals.spider_idle)
        return spider

    site: SiteMapping
    known: KnownUrls
    lookahead: int
    newest_known: date | None

    # ----- start -----------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        self.crawler.stats.set_value("riac/known_urls", len(self.known))
        self.crawler.stats.set_value("riac/mode", "full" if self.full else "incremental")
        for request in self.start_requests_list():
            yield request

    def start_requests_list(self) -> list[scrapy.Request]:
        requests: list[scrapy.Request | None] = []
        for url in self.extra_urls:  # pages asked for by name, e.g. one article on demand
            if is_article_url(
                self.site.canonical(self.site.base + url if url.startswith("/") else url) or ""
            ):
                requests.append(self._article(url, None, None, asked=True))
            else:
                requests.append(self._request(url, "other", self.parse_other, reason="asked"))
        if not self.discover:
            return [r for r in requests if r is not None]
        for lang in self.langs:
            requests += [self._request(p, "feed", self.parse_feed) for p in FEEDS[lang]]
            walks = [self._request(p, "listing", self.parse_listing, stale=0) for p in listing_paths(lang)]
            self.held.open_walks += sum(walk is not None for walk in walks)
            requests += walks
        requests.append(self._sitemap_request(SITEMAP_INDEX))
        for url in self.known.due():
            if language_of(url) in self.langs and (request := self._article(url, None, None)) is not None:
                requests.append(request)
        return [r for r in requests if r is not None]

    # ----- callbacks ---------------------------------------------------------------------------------
    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        try:
            entries = parse_rss(response.body)
        except DiscoveryError as exc:
            self._bad_document(response, exc)
            return
        for entry in entries:
            if self.held.hold(HeldLink(entry.url, entry.date, "feed", entry.raw)):
                continue  # a listing may still show it: the listing's date first
            request = self._article(entry.url, entry.date, "feed", raw=entry.raw)
            if request is not None:
                yield request

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        self.sitemaps_pending -= 1
        try:
            sitemap = parse_sitemap(response.body)
        except DiscoveryError as exc:
            self.sitemaps_complete = False
            self._bad_document(response, exc)
            return
        self.sitemaps_read = True
        if sitemap.is_index:
            for entry in sitemap.entries:
                if not sitemap_wanted(self.site.canonical(entry.url), self.langs):
                    continue
                request = self._sitemap_request(entry.url)
                if request is not None:
                    yield request
        else:
            for entry in sitemap.entries:
                canonical = self.site.canonical(entry.url)
                if canonical is not None and is_article_url(canonical):
                    self.sitemap_listed.add(article_url(canonical))
                # lastmod is the day of the last edit: a publication date of last resort, for an
                # article neither the archive nor a listing or feed has dated (``_article``)
                request = self._article(entry.url, entry.date, "sitemap", lastmod=entry.date, raw=entry.raw)
                if request is not None:
                    yield request
        if self.sitemaps_pending == 0:
            yield from self._unlisted_checks()

    def sitemap_article_ids(self) -> list[str] | None:
        """The article ids every sitemap read in this run lists (the run's coverage); None: none read."""
        if not self.sitemaps_read:
            return None
        return sorted({article_id(url) for url in self.sitemap_listed})

    def _unlisted_checks(self) -> Iterator[scrapy.Request]:
        """Known articles that every sitemap of the run left out: fetched again in this run."""
        if not self.sitemaps_complete or not self.sitemap_listed:
            self.crawler.stats.set_value("riac/unlisted/skipped", 1)  # a sitemap was unreadable
            return
        missing = [
            url
            for url in self.known.archived()
            if url not in self.sitemap_listed and language_of(url) in self.langs
        ]
        self.crawler.stats.set_value("riac/unlisted/known", len(missing))
        limit = self.crawler.settings.getint("RIAC_UNLISTED_MAX", UNLISTED_MAX)
        if len(missing) > limit:
            # more than withdrawals explain: the sitemaps leave some out; a different share each day
            logger.warning("%d known articles in no sitemap: re-checking %d of them", len(missing), limit)
            missing = daily_share(missing, limit, datetime.now(UTC).date())
        for url in missing:
            request = self._article(url, None, None, unlisted=True)
            if request is not None:
                yield request

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        page = ListingPage(response.url, response.body, _headers(response))
        links = page.links()
        fresh = 0
        for link in links:
            canonical = self.site.canonical(link.url)
            if canonical is None or not is_article_url(canonical):
                continue
            if article_url(canonical) not in self.known:
                fresh += 1
            request = self._article(link.url, link.published, "listing", raw=link.published_raw)
            if request is not None:
                yield request
        stale = 0 if fresh else response.meta.get("riac_stale", 0) + 1
        next_url = page.next_page_url()
        request = None
        if next_url is not None and not self.full and stale > self.lookahead:
            self.crawler.stats.inc_value("riac/listing/stopped_early")
        elif next_url is not None:
            request = self._request(next_url, "listing", self.parse_listing, stale=stale)
        if request is not None:
            yield request
        else:
            yield from self._listing_walk_ended()

    def _listing_walk_ended(self) -> Iterator[scrapy.Request]:
        yield from self._requests_of(self.held.walk_ended())

    def _requests_of(self, links: list[HeldLink]) -> Iterator[scrapy.Request]:
        """The held links' article requests (the feeds' links, once released)."""
        for link in links:
            self.crawler.stats.inc_value(f"riac/dates/held_{link.source}_links")
            request = self._article(link.url, link.listed, link.source, raw=link.raw)
            if request is not None:
                yield request

    def spider_idle(self) -> None:
        """A walk that ended unseen (its next page dropped as a duplicate, say): the held links go
        out now rather than never."""
        if not self.held.links:
            return
        for request in self._requests_of(self.held.release()):
            self.crawler.engine.crawl(request)
        raise DontCloseSpider

    def parse_article(self, response: Response) -> None:
        """Nothing to do: the archive keeps the response; extraction runs later, in parallel."""
        self.crawler.stats.inc_value("riac/articles_fetched")
        self.weakly_dated.pop(response.meta.get("riac_article", ""), None)

    def parse_other(self, response: Response) -> None:
        """A page named by the caller that is not an article: archived, nothing to follow."""
        self.crawler.stats.inc_value("riac/other_fetched")

    def errback(self, failure: Failure) -> list[scrapy.Request]:
        request = getattr(failure, "request", None)
        if request is not None:
            self.weakly_dated.pop(request.meta.get("riac_article", ""), None)
        if request is not None and request.meta.get("riac_kind") == "sitemap":
            self.sitemaps_pending -= 1
            self.sitemaps_complete = False  # what it lists is unknown: no article counts as unlisted
        self.crawler.stats.inc_value(f"riac/errback/{failure.type.__name__}")
        logger.info("failed: %s (%s)", request.url if request else "?", failure.getErrorMessage()[:200])
        if request is not None and request.meta.get("riac_kind") == "listing":
            return list(self._listing_walk_ended())
        return []

    # ----- scheduling --------------------------------------------------------------------------------
    def _article(
        self,
        url: str,
        listed: date | None,
        source: str | None,
        lastmod: date | None = None,
        asked: bool = False,
        raw: str | None = None,
        unlisted: bool = False,
    ) -> scrapy.Request | None:
        canonical = self.site.canonical(self.site.base + url if url.startswith("/") else url)
        if canonical is None or not is_article_url(canonical):
            return None
        canonical = article_url(canonical)
        if language_of(canonical) not in self.langs:
            return None
        known = self.known.get(canonical)
        if known is None:
            reason = "new"
        elif known.retry:
            reason = "retry"
        elif known.due:
            reason = "due"
        elif self.full:
            reason = "full"
        elif lastmod is not None and known.lastmod is not None and lastmod > known.lastmod:
            reason = "modified"
        else:
            reason = None
        if reason is None and asked:
            reason = "asked"  # named by the caller: fetched even when known and not due
        if reason is None and unlisted:
            reason = "unlisted"  # gone from every sitemap: withdrawn, or back under another listing
        if reason is None:
            return None
        if canonical in self.requested:
            self.crawler.stats.inc_value("riac/links/already_requested")
            self._date_late(canonical, listed, source, raw)
            return None
        self.requested.add(canonical)
        if known is not None and known.listing_date is not None:
            # the date belongs to the article: once the archive knows it, a listing or feed that
            # shows another day (a re-dated teaser, an edit) does not change it; only the page does.
            # A stored date without its wording (stored before published_raw was kept) takes the
            # wording of a listing or feed that shows the same day.
            same_day = listed == known.listing_date
            raw = known.listing_raw or (raw if same_day else None)
            listed, source = known.listing_date, "known"
        request = self._request(
            canonical,
            "article",
            self.parse_article,
            reason=reason,
            listing_date=listed.isoformat() if listed else None,
            date_source=source if listed else None,
            listing_raw=raw if listed else None,
        )
        if request is not None and (source if listed else None) in WEAK_DATE_SOURCES:
            request.meta["riac_article"] = canonical
            self.weakly_dated[canonical] = request
            if source == "sitemap" and reason == "new":
                request.priority = SITEMAP_ARTICLE_PRIORITY
        return request

    def _date_late(self, canonical: str, listed: date | None, source: str | None, raw: str | None) -> None:
        """A listing or feed dates an article already requested with no date or a sitemap lastmod:
        the request, still waiting for its response, carries this date instead."""
        request = self.weakly_dated.get(canonical)
        if request is None or listed is None or source in WEAK_DATE_SOURCES:
            return
        request.meta.update(
            riac_listing_date=listed.isoformat(), riac_date_source=source, riac_listing_raw=raw
        )
        del self.weakly_dated[canonical]
        self.crawler.stats.inc_value("riac/dates/late")

    def _request(
        self,
        url: str,
        kind: str,
        callback: Any,
        stale: int | None = None,
        reason: str | None = None,
        listing_date: str | None = None,
        date_source: str | None = None,
        listing_raw: str | None = None,
    ) -> scrapy.Request | None:
        target = self.site.fetch_url(self.site.base + url if url.startswith("/") else url)
        if target is None:
            self.crawler.stats.inc_value("riac/refused/offsite_link")
            return None
        meta: dict[str, Any] = {"riac_kind": kind, "riac_reason": reason or ("full" if self.full else None)}
        if kind == "article":
            meta.update(
                riac_listing_date=listing_date, riac_date_source=date_source, riac_listing_raw=listing_raw
            )
        if stale is not None:
            meta["riac_stale"] = stale
        request = scrapy.Request(
            target, callback=callback, errback=self.errback, meta=meta, priority=PRIORITY.get(kind, 0)
        )
        limit = self.crawler.settings.getint("URLLENGTH_LIMIT")
        if limit and len(target) > limit:  # Scrapy's UrlLengthMiddleware would drop it silently
            message = f"URL of {len(target)} characters, longer than URLLENGTH_LIMIT={limit}: not fetched"
            self.crawler.signals.send_catch_log(
                fetch_failed, request=request, error_type="url-too-long", error_message=message
            )
            return None
        return request

    def _sitemap_request(self, url: str) -> scrapy.Request | None:
        request = self._request(url, "sitemap", self.parse_sitemap)
        if request is not None:
            self.sitemaps_pending += 1
        return request

    def _bad_document(self, response: Response, exc: DiscoveryError) -> None:
        """An unreadable or hostile feed or sitemap (entity bomb, external entities, gzip bomb, bad
        XML): archived as fetched, and recorded as a failed attempt so the run has a failure row."""
        self.crawler.stats.inc_value("riac/discovery/bad_document")
        logger.warning("unreadable feed or sitemap %s: %s", response.url, exc)
        kind = response.meta.get("riac_kind") or "document"
        self.crawler.signals.send_catch_log(
            fetch_failed,
            request=response.request,
            error_type=f"bad-{kind}",
            error_message=f"unreadable {kind} (HTTP {response.status}): {exc}"[:500],
        )


def _headers(response: Response) -> dict[str, str]:
    out = {}
    for key in response.headers:
        value = response.headers.get(key)
        if value is not None:
            out[key.decode("latin-1")] = value.decode("latin-1")
    return out
