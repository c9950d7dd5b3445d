"""The HTTP download handler: Scrapy's, without Twisted's silent second try.

Twisted's ``HTTPConnectionPool`` retries an idempotent request once, on a fresh connection, when a
pooled keep-alive connection fails before any answer (timeout closed by the server, connection
reset). That attempt never reaches Scrapy, so the archive could not record it: on the replica with
``timeout=0.02,reset=0.01`` 15 of 17 such failed attempts were invisible. With it off, Scrapy's
``RetryMiddleware`` retries them (they are in ``RETRY_EXCEPTIONS``) and
:class:`crawler.middlewares.ArchiveMiddleware` records every attempt in the manifest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class RecordedHTTPDownloadHandler(HTTP11DownloadHandler):
    """Every attempt goes through Scrapy's middlewares (and into the manifest); no hidden retries."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._pool.retryAutomatically = False
