"""Downloader middlewares: site host mapping and refusal, politeness, and the tap that archives.

- :class:`crawler.site_mapping.SiteMapping` (re-exported here) maps the site's hosts onto ``RIAC_SITE``.
- :class:`SiteHostMiddleware` refuses requests and redirects that leave the site.
- :class:`PolitenessMiddleware` applies robots.txt ``Crawl-delay`` (Scrapy reads it but never uses it)
  and ``Retry-After`` on 429/503 to the host's download slot.
- :class:`ArchiveMiddleware` sits next to the wire and announces every attempt (response or error)
  through :data:`exchange_observed` / :data:`fetch_failed`; ``crawler.recorder`` records them.
"""

from __future__ import annotations

import logging
import time
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from scrapy import signals
from scrapy.dupefilters import RFPDupeFilter
from scrapy.exceptions import IgnoreRequest

from crawler.site_mapping import SiteMapping

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

# Custom signals (any unique object works as a Scrapy signal).
exchange_observed = object()  # kwargs: request, response
fetch_failed = object()  # kwargs: request, error_type, error_message


class OffsiteRefused(IgnoreRequest):
    """A request or redirect that would leave the site's hosts."""


class PageBudgetExhausted(IgnoreRequest):
    """``RIAC_MAX_PAGES`` requests were sent already: the rest are dropped, not recorded."""


class SiteHostMiddleware:
    """Only the site (its aliases mapped onto ``RIAC_SITE``) is ever contacted; redirects included."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.site = SiteMapping(crawler.settings.get("RIAC_SITE"))
        self.max_pages = crawler.settings.getint("RIAC_MAX_PAGES", 0)
        self.sent = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteHostMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> Request | None:
        if self.site.on_base(request.url):
            self._spend(request)
            return None
        mapped = self.site.fetch_url(request.url)
        if mapped is None:
            self.crawler.stats.inc_value("riac/refused/offsite_request")
            raise OffsiteRefused(f"off-site host refused: {urlsplit(request.url).hostname}")
        return request.replace(url=mapped)

    def _spend(self, request: Request) -> None:
        """A hard cap on requests sent (retries and redirects included); robots.txt is free."""
        if not self.max_pages or request.meta.get("dont_obey_robotstxt"):
            return
        if self.sent >= self.max_pages:
            self.crawler.stats.inc_value("riac/max_pages/dropped")
            raise PageBudgetExhausted(f"max_pages={self.max_pages} reached")
        self.sent += 1

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        if not (300 <= response.status < 400 and location):
            return response
        target = urljoin(request.url, location.decode("latin-1").strip())
        mapped = self.site.fetch_url(target)
        if mapped is None:
            self.crawler.stats.inc_value("riac/refused/offsite_redirect")
            message = f"off-site redirect refused: {request.url} -> {target}"
            self.crawler.signals.send_catch_log(
                fetch_failed, request=request, error_type="offsite-redirect", error_message=message
            )
            raise OffsiteRefused(message)
        if mapped != target:
            headers = response.headers.copy()
            headers[b"Location"] = mapped.encode("latin-1")
            return response.replace(headers=headers)
        return response


class PolitenessMiddleware:
    """Apply robots.txt ``Crawl-delay`` and ``Retry-After`` to the host's download slot.

    It also re-checks robots.txt rules: Scrapy 2.19's RobotsTxtMiddleware hands the parser to
    only the first of several requests waiting for robots.txt (each waiter awaits the same Deferred
    through ``asFuture``, which leaves ``None`` for the next one), so a disallowed request queued
    behind two others went out. The parser comes from Scrapy's ``robots_parsed`` signal.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.obey_crawl_delay = settings.getbool("RIAC_OBEY_CRAWL_DELAY", True)
        self.retry_after_max = settings.getfloat("RIAC_RETRY_AFTER_MAX", 300.0)
        self.user_agent = settings.get("USER_AGENT", "")
        self.floors: dict[str, float] = {}  # slot key -> minimum delay from Crawl-delay
        self.parsers: dict[str, Any] = {}  # netloc -> Scrapy RobotParser
        self.penalties: dict[str, tuple[float, float, float]] = {}  # slot key -> (until, old delay, delay)
        self.obey_robots = settings.getbool("ROBOTSTXT_OBEY")
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PolitenessMiddleware:
        return cls(crawler)

    def robots_parsed(self, robotparser: Any, request: Request) -> None:
        self.parsers[urlsplit(request.url).netloc] = robotparser
        delay = robotparser.crawl_delay(self.user_agent) if self.obey_crawl_delay else None
        if delay:
            key = self._slot_key(request)
            self.floors[key] = float(delay)
            self.crawler.stats.set_value("riac/crawl_delay", float(delay))
            logger.info("robots.txt Crawl-delay %.2fs applied to %s", delay, key)

    def process_request(self, request: Request) -> None:
        parser = self.parsers.get(urlsplit(request.url).netloc) if self.obey_robots else None
        if (
            parser is not None
            and not request.meta.get("dont_obey_robotstxt")
            and not parser.allowed(request.url, self.user_agent)
        ):
            self.crawler.stats.inc_value("robotstxt/forbidden")
            raise IgnoreRequest("Forbidden by robots.txt")
        self._restore(request)
        self._apply_floor(request)

    def process_response(self, request: Request, response: Response) -> Response:
        self._restore(request)
        if response.status in (429, 503):
            wait = retry_after_seconds(response.headers.get(b"Retry-After"), self.retry_after_max)
            if wait is not None:
                slot = self._slot(request)
                if slot is not None:
                    # The slot counts its delay from its last request sent (monotonic clock): the next
                    # request of this host goes ``wait`` seconds after this answer. The delay returns to
                    # what it was once that time has passed (_restore): one 429 does not slow the run.
                    now = time.monotonic()
                    needed = _unjittered(wait + max(0.0, now - slot.lastseen), slot)
                    if needed > slot.delay:
                        key = self._slot_key(request)
                        previous = self.penalties.get(key, (0.0, slot.delay, 0.0))[1]
                        self.penalties[key] = (now + wait, previous, needed)
                        slot.delay = needed
                self.crawler.stats.inc_value("riac/retry_after/count")
                self.crawler.stats.max_value("riac/retry_after/max_seconds", wait)
                logger.info("Retry-After %.1fs from %s (%d)", wait, request.url, response.status)
        self._apply_floor(request)  # after AutoThrottle's adjustment of this response
        return response

    def _restore(self, request: Request) -> None:
        key = self._slot_key(request)
        penalty = self.penalties.get(key)
        if penalty is None or time.monotonic() < penalty[0]:
            return
        del self.penalties[key]
        slot = self._slot(request)
        if slot is not None and slot.delay == penalty[2]:  # AutoThrottle may have moved it since
            slot.delay = penalty[1]

    def _apply_floor(self, request: Request) -> None:
        floor = self.floors.get(self._slot_key(request))
        if not floor:
            return
        slot = self._slot(request)
        if slot is not None:
            needed = _unjittered(floor, slot)
            if slot.delay < needed:
                slot.delay = needed

    def _slot_key(self, request: Request) -> str:
        engine = self.crawler.engine
        return engine.downloader.get_slot_key(request) if engine else urlsplit(request.url).netloc

    def _slot(self, request: Request) -> Any:
        engine = self.crawler.engine
        return engine.downloader.slots.get(self._slot_key(request)) if engine else None


class ArchiveMiddleware:
    """Next to the wire: every response and every download error, retries and redirects included."""

    def __init__(self, crawler: Crawler) -> None:
        self.signals = crawler.signals

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        self.signals.send_catch_log(exchange_observed, request=request, response=response)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, PageBudgetExhausted):
            return None  # never attempted: not a fetch
        error_type, message = describe_error(exception)
        self.signals.send_catch_log(
            fetch_failed, request=request, error_type=error_type, error_message=message
        )


def _unjittered(minimum: float, slot: Any) -> float:
    """The slot delay whose shortest jittered draw (delay × (1 - jitter)) is still ``minimum``."""
    if slot.jitter >= 1:
        slot.jitter = 0.5  # a jitter of 1 or more can draw no delay at all
    return minimum / (1 - slot.jitter) if slot.jitter > 0 else minimum


# Network failures without a usable answer, by the class name of the innermost cause: a kind a
# researcher can count, and what it means. Scrapy wraps Twisted's errors (DownloadFailedError around
# ResponseFailed around ConnectionDone, ...), so the wrapper's own name says little.
_CUT_SHORT = "response cut short: the connection closed before Content-Length bytes"
_NETWORK_KINDS = {
    "ResponseDataLossError": ("truncated", _CUT_SHORT),
    "_DataLoss": ("truncated", _CUT_SHORT),
    "ConnectionDone": ("connection-closed", "the server closed the connection without an answer"),
    "ConnectionLost": ("connection-lost", "the connection was lost or reset before an answer"),
    "ConnectionResetError": ("connection-lost", "the connection was reset before an answer"),
    "DownloadConnectionRefusedError": ("connection-refused", "connection refused"),
    "ConnectionRefusedError": ("connection-refused", "connection refused"),
    "CannotResolveHostError": ("dns", "the host name did not resolve"),
    "DNSLookupError": ("dns", "the host name did not resolve"),
}


def describe_error(exception: BaseException) -> tuple[str, str]:
    """A short machine-readable kind and a one-line message for a failed attempt."""
    message = str(exception) or type(exception).__name__
    lowered = message.lower()
    cause = _innermost(exception)
    known = _NETWORK_KINDS.get(type(exception).__name__) or _NETWORK_KINDS.get(type(cause).__name__)
    if "max size" in lowered or "maxsize" in lowered:
        kind = "too-large"
    elif isinstance(exception, OffsiteRefused):
        kind = "offsite"
    elif isinstance(exception, IgnoreRequest):
        kind = "robots-disallowed" if "robots" in lowered else "ignored"
    elif "timeout" in type(exception).__name__.lower() or "timed out" in lowered:
        kind = "timeout"
    elif known is not None:
        kind, meaning = known
        detail = str(cause) if cause is not exception else ""
        message = f"{meaning} ({type(cause).__name__}{': ' + detail if detail else ''})"
    else:
        kind = type(exception).__name__
    return kind, " ".join(message.split())[:500]


def _innermost(exception: BaseException) -> BaseException:
    """The root cause: ``__cause__`` links, then the first reason of a Twisted ``ResponseFailed``."""
    current = exception
    for _ in range(10):
        reasons = getattr(current, "reasons", None)
        if reasons:
            inner = getattr(reasons[0], "value", None)
            if isinstance(inner, BaseException) and inner is not current:
                current = inner
                continue
        if current.__cause__ is not None and current.__cause__ is not current:
            current = current.__cause__
            continue
        break
    return current


def retry_after_seconds(value: bytes | None, cap: float) -> float | None:
    """``Retry-After`` as seconds (delta or HTTP date), capped; None when absent or unreadable."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(text).timestamp() - time.time()
        except (TypeError, ValueError, IndexError):
            return None
    return min(max(seconds, 0.0), cap)


class RedirectLoopDupeFilter(RFPDupeFilter):
    """Scrapy's fingerprint dupefilter, plus a failure record when a redirect leads back to a page
    already requested: a redirect loop otherwise ends silently in the dupefilter."""

    crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectLoopDupeFilter:
        dupefilter = super().from_crawler(crawler)
        dupefilter.crawler = crawler
        return dupefilter

    def request_seen(self, request: Request) -> bool:
        seen = super().request_seen(request)
        redirects = request.meta.get("redirect_urls")
        if seen and redirects and self.crawler is not None:
            message = "redirect loop: " + " -> ".join([*redirects, request.url])
            self.crawler.signals.send_catch_log(
                fetch_failed, request=request, error_type="redirect-loop", error_message=message
            )
        return seen
