"""One request budget for the site across every process: a Prefect rate limit taken per request.

The site's slot (``flows/site_limit.py``) keeps two archive runs apart; this keeps the *requests*
to the site at the crawl delay's pace whoever sends them (a worker's crawl, a manual crawl under the
same Prefect server). The limit ``riac-site-requests-<host>`` holds one slot that decays at
``1 / crawl delay`` per second (Prefect's rate limits: ``slot_decay_per_second``), so the site sees
at most one request per crawl delay from all crawls together, after a burst of one.

The flow creates or updates the limit (:func:`request_budget_settings`) and adds
:class:`SiteRateMiddleware` to the crawl's Scrapy settings; the crawl runs in a subprocess, which
imports this module (``crawler/`` never imports Prefect). The middleware takes one slot before each
request leaves, in a thread (Prefect's sync client blocks), so the crawl's reactor never waits. A
robots.txt ``Crawl-delay`` longer than the limit's delay slows the limit down to it. Loopback runs
with ``--unthrottled`` take no budget: they lift the politeness limits on purpose.
"""

from __future__ import annotations

import logging
import os
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)

LIMIT_SETTING = "RIAC_SITE_REQUEST_LIMIT"  # the limit's name; empty: no budget taken
DELAY_SETTING = "RIAC_SITE_REQUEST_DELAY"  # seconds per request the limit was made for
MIDDLEWARE = "flows.site_rate.SiteRateMiddleware"
# After robots.txt (PolitenessMiddleware, 560), off-site refusal and the page budget
# (SiteHostMiddleware, 650), before the wire (ArchiveMiddleware, 950): only requests that are sent
# take a slot.
MIDDLEWARE_ORDER = 660
WAIT_SECONDS = 3600.0  # one request waits this long for the budget, then fails (a dead server)


def limit_name(site: str) -> str:
    """``riac-site-requests-russiancouncil.ru`` (the host, port included: two replicas, two sites)."""
    host = urlsplit(site).netloc or site
    return "riac-site-requests-" + re.sub(r"[^A-Za-z0-9.-]+", "-", host.lower()).strip("-")


def crawl_delay() -> float:
    """The delay the crawl keeps between requests unless robots.txt asks for more (DOWNLOAD_DELAY)."""
    from crawler import settings

    return float(settings.DOWNLOAD_DELAY)


def ensure_rate_limit(name: str, delay: float) -> None:
    """Create the limit ``name`` (1 slot, decaying at ``1 / delay``) or set it to ``delay``, on the
    server of ``PREFECT_API_URL``: the one the crawl's own process (which inherits the environment)
    takes its slots from, whatever Prefect settings context this process is in."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate, GlobalConcurrencyLimitUpdate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound
    from prefect.settings import PREFECT_API_URL, temporary_settings

    decay = 1.0 / delay
    with (
        temporary_settings(updates={PREFECT_API_URL: os.environ["PREFECT_API_URL"]}),
        get_client(sync_client=True) as client,
    ):
        try:
            current = client.read_global_concurrency_limit_by_name(name)
        except ObjectNotFound:
            try:
                client.create_global_concurrency_limit(
                    GlobalConcurrencyLimitCreate(name=name, limit=1, active=True, slot_decay_per_second=decay)
                )
                return
            except ObjectAlreadyExists:  # another worker made it meanwhile
                current = client.read_global_concurrency_limit_by_name(name)
        if current.slot_decay_per_second != decay or current.limit != 1 or not current.active:
            client.update_global_concurrency_limit(
                name, GlobalConcurrencyLimitUpdate(limit=1, active=True, slot_decay_per_second=decay)
            )


def request_budget_settings(site: str, unthrottled: bool, delay: float | None = None) -> dict[str, Any]:
    """The crawl's extra Scrapy settings that make it take the site's request budget, after creating
    or updating the limit; none without a Prefect server (``PREFECT_API_URL``) or when unthrottled."""
    if unthrottled or not os.environ.get("PREFECT_API_URL"):
        return {}
    delay = crawl_delay() if delay is None else delay
    name = limit_name(site)
    ensure_rate_limit(name, delay)
    log.info("requests to the site share the rate limit %s: one per %.2f s", name, delay)
    return {
        LIMIT_SETTING: name,
        DELAY_SETTING: delay,
        "DOWNLOADER_MIDDLEWARES": {MIDDLEWARE: MIDDLEWARE_ORDER},
    }


class SiteRateMiddleware:
    """Takes one slot of the site's rate limit before each request is sent (in a thread)."""

    def __init__(self, crawler: Crawler) -> None:
        from scrapy import signals

        self.crawler = crawler
        self.name = crawler.settings.get(LIMIT_SETTING, "")
        self.delay = crawler.settings.getfloat(DELAY_SETTING, 0.0)
        self.user_agent = crawler.settings.get("USER_AGENT", "")
        self.obey_crawl_delay = crawler.settings.getbool("RIAC_OBEY_CRAWL_DELAY", True)
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteRateMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        if not self.name:
            return
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet.threads import deferToThread

        await maybe_deferred_to_future(deferToThread(self._take))
        self.crawler.stats.inc_value("riac/site_rate/slots")

    def _take(self) -> None:
        from prefect.concurrency.sync import rate_limit

        rate_limit(self.name, occupy=1, timeout_seconds=WAIT_SECONDS, strict=True)

    def robots_parsed(self, robotparser: Any, request: Request) -> None:
        """A longer robots.txt ``Crawl-delay`` becomes the limit's pace (for every crawl of the site)."""
        delay = robotparser.crawl_delay(self.user_agent) if self.obey_crawl_delay else None
        if not self.name or not delay or float(delay) <= self.delay:
            return
        from twisted.internet.threads import deferToThread

        self.delay = float(delay)
        deferToThread(ensure_rate_limit, self.name, self.delay).addErrback(
            lambda failure: log.warning("rate limit %s not slowed down: %s", self.name, failure.value)
        )
        log.info("rate limit %s slowed down to robots.txt Crawl-delay %.2f s", self.name, self.delay)
