"""A new article's publication date comes from the strongest source that shows it, whichever
document the crawl read first: a section listing outranks a feed (docs/datasets.md, "Publication
dates"), so ``published_raw`` is the same in every run. The spider is fed the replica's real feed
and listing responses in both orders, without network timing in between."""

from __future__ import annotations

import urllib.request
from typing import Any

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, XmlResponse
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from crawler.replica.process import ReplicaProcess
from crawler.spiders.riac import RiacSpider
from crawler.urls import article_url

FEED = "/en/rss/"
LISTING = "/en/analytics-and-comments/analytics/"


def _fetch(request: scrapy.Request, kind: type[HtmlResponse] | type[XmlResponse]) -> Any:
    with urllib.request.urlopen(request.url, timeout=30) as answer:
        return kind(url=request.url, body=answer.read(), request=request, encoding="utf-8")


def _failed(spider: RiacSpider, request: scrapy.Request) -> list[scrapy.Request]:
    """The request ends in the errback (a listing walk that stops there)."""
    failure = Failure(IgnoreRequest("not fetched in this test"))
    failure.request = request  # type: ignore[attr-defined]
    return list(spider.errback(failure) or [])


def _crawl_in_order(replica: ReplicaProcess, feed_first: bool) -> dict[str, tuple[str, str]]:
    """Article requests (canonical URL -> date source, raw date) when the feed is read before or
    after the listing; every other listing walk fails, the listing's next page too."""
    spider = RiacSpider.from_crawler(get_crawler(RiacSpider, {"RIAC_SITE": replica.base_url}), lang="en")
    start = spider.start_requests_list()
    feed = next(r for r in start if r.url.endswith(FEED))
    listing = next(r for r in start if r.url.endswith(LISTING))
    out: list[scrapy.Request] = []
    for other in start:
        if other.meta["riac_kind"] == "listing" and other is not listing:
            out += _failed(spider, other)
    read_feed = lambda: list(spider.parse_feed(_fetch(feed, XmlResponse)))  # noqa: E731
    out += read_feed() if feed_first else []
    for request in list(spider.parse_listing(_fetch(listing, HtmlResponse))):
        out += _failed(spider, request) if request.meta["riac_kind"] == "listing" else [request]
    out += [] if feed_first else read_feed()
    assert spider.held.open_walks == 0 and not spider.held.links
    dated = {}
    for request in out:
        if request.meta["riac_kind"] == "article":
            canonical = article_url(spider.site.canonical(request.url) or "")
            dated[canonical] = (request.meta["riac_date_source"], request.meta["riac_listing_raw"])
    return dated


def test_a_listing_dates_an_article_the_feed_shows_too_in_either_order(replica: ReplicaProcess) -> None:
    feed_first = _crawl_in_order(replica, feed_first=True)
    listing_first = _crawl_in_order(replica, feed_first=False)
    assert feed_first == listing_first
    by_listing = {url for url, (source, _) in feed_first.items() if source == "listing"}
    by_feed = {url for url, (source, _) in feed_first.items() if source == "feed"}
    assert by_listing and by_feed  # the feed also names articles this listing page does not
    with urllib.request.urlopen(replica.base_url + FEED, timeout=30) as answer:
        feed_text = answer.read().decode()
    in_both = [url for url in by_listing if url.rstrip("/").rsplit("/", 1)[-1] in feed_text]
    assert in_both  # articles the feed and the listing both date: the listing's wording won
    assert all(feed_first[url][1] and "+0" not in feed_first[url][1] for url in in_both)
