"""The HTTP download handler: Scrapy's, with stale keep-alive reconnects counted and oversize named.

Twisted's ``HTTPConnectionPool`` sends a request again, once, on a fresh connection when a pooled
keep-alive connection fails before any answer: the server had closed the idle connection while the
request was on its way (nginx ``keepalive_timeout``, Apache ``KeepAliveTimeout``). The
request never reached the server's application, so that attempt is no failure of the site: it is
retried as the stock handler does, counted as ``riac/reconnects`` in the crawl's stats, logged (the
first at INFO, the others at DEBUG), and never written as a failure row. Turning the retry off (as
this module did until issue 10) turned these races into ``connection-closed`` rows: 21 and 46 of 117
requests to Python's ``http.server``. Only requests on a reused connection are sent again, and only
once; a failure on a fresh connection goes through Scrapy's ``RetryMiddleware`` and into the
manifest like any other. A connection whose answer was HTTP/1.0 without keep-alive is closed
instead of pooled: Twisted pooled it although the server closes it, so the next request on it met
that close (0-29 times per full crawl of Python's ``http.server``).

Scrapy cancels a body that grows past ``DOWNLOAD_MAXSIZE`` without a ``Content-Length`` with a bare
``DownloadCancelledError``; :meth:`RecordedHTTPDownloadHandler.download_request` gives it the same
"larger than download max size" message as a declared oversize, so both are ``too-large``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.exceptions import DownloadCancelledError
from twisted.web.client import HTTPConnectionPool, _RetryingHTTP11ClientProtocol

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response
    from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)

RECONNECTS_STAT = "riac/reconnects"

OnReconnect = Callable[[bytes, bytes, BaseException], None]  # method, URL, why


class _CountedRetry(_RetryingHTTP11ClientProtocol):  # type: ignore[misc]
    """Twisted's one retry on a fresh connection, reported to ``on_reconnect`` when it happens."""

    def __init__(self, client_protocol: Any, new_connection: Any, on_reconnect: OnReconnect) -> None:
        super().__init__(client_protocol, new_connection)
        self._on_reconnect = on_reconnect
        self._url = b""

    def request(self, request: Any) -> Any:
        self._url = request.absoluteURI or request.uri or b""
        return super().request(request)

    def _shouldRetry(self, method: bytes, exception: BaseException, bodyProducer: Any) -> bool:
        retry = bool(super()._shouldRetry(method, exception, bodyProducer))
        if retry:
            self._on_reconnect(method, self._url, exception)
        return retry


class KeepAlivePool(HTTPConnectionPool):  # type: ignore[misc]
    """Twisted's pool, automatic retry on (its default), each such retry reported; a connection
    whose last answer was HTTP/1.0 without ``Connection: keep-alive`` is closed, not pooled (the
    server closes it anyway: reusing it could only meet that close)."""

    def __init__(self, reactor: Any, on_reconnect: OnReconnect, persistent: bool = True) -> None:
        super().__init__(reactor, persistent=persistent)
        self._on_reconnect = on_reconnect

    def getConnection(self, key: Hashable, endpoint: Any) -> Deferred[Any]:
        return super().getConnection(key, endpoint).addCallback(self._counted)

    def _putConnection(self, key: Hashable, connection: Any) -> None:
        if _closes_after_answer(connection):
            connection.transport.loseConnection()
            return
        super()._putConnection(key, connection)

    def _counted(self, connection: Any) -> Any:
        if type(connection) is not _RetryingHTTP11ClientProtocol:
            return connection  # a new connection: nothing to retry
        return _CountedRetry(connection._clientProtocol, connection._newConnection, self._on_reconnect)


class RecordedHTTPDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler: stale pooled connections retried and counted, HTTP/1.0 ones not
    pooled, oversize named."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        stock = self._pool
        self._pool = KeepAlivePool(stock._reactor, self._reconnected, persistent=stock.persistent)
        self._pool.maxPersistentPerHost = stock.maxPersistentPerHost
        self._pool._factory = stock._factory
        self._stats = crawler.stats
        self._reconnects = 0

    def _reconnected(self, method: bytes, url: bytes, exception: BaseException) -> None:
        if self._stats is not None:
            self._stats.inc_value(RECONNECTS_STAT)
        # the first at INFO, the others at DEBUG (a short keep-alive timeout can give many); all counted
        self._reconnects += 1
        logger.log(
            logging.INFO if self._reconnects == 1 else logging.DEBUG,
            "reconnect: <%s %s> met a pooled keep-alive connection the server had closed (%s); "
            "sent again on a fresh connection (counted in %s, not a failure)",
            method.decode("ascii", "replace"),
            url.decode("ascii", "replace"),
            _reason(exception),
            RECONNECTS_STAT,
        )

    async def download_request(self, request: Request) -> Response:
        try:
            return await super().download_request(request)
        except DownloadCancelledError as exc:
            if str(exc):
                raise
            # the only message-less cancel of Scrapy's HTTP/1.1 handler: a body past the max size
            maxsize = int(request.meta.get("download_maxsize", self._default_maxsize))
            raise DownloadCancelledError(
                f"Received more than {maxsize} bytes without a Content-Length, which is larger than "
                f"download max size ({maxsize}) in request {request}; download cancelled"
            ) from exc


def _closes_after_answer(connection: Any) -> bool:
    """HTTP/1.0 answer without keep-alive: the server closes the connection after it (Twisted's
    protocol still holds the parser of that answer when it offers itself back to the pool)."""
    parser: Any = getattr(connection, "_parser", None)
    response = getattr(parser, "response", None)
    if response is None or tuple(response.version)[1:] != (1, 0):
        return False
    tokens = b",".join(parser.connHeaders.getRawHeaders(b"Connection", ())).lower()
    return b"keep-alive" not in tokens


def _reason(exception: BaseException) -> str:
    reasons = getattr(exception, "reasons", None) or []
    inner = [type(getattr(r, "value", r)).__name__ for r in reasons]
    return f"{type(exception).__name__}: {', '.join(inner)}" if inner else type(exception).__name__
