"""An oversized page is ``too-large`` with a clear message, with or without a ``Content-Length``.

Served by the stdlib ``http.server`` (HTTP/1.0): without a length, the body ends when the server
closes the connection, so Scrapy can only cancel it once ``DOWNLOAD_MAXSIZE`` bytes have arrived;
it used to be recorded as ``DownloadCancelledError: DownloadCancelledError``.
"""

from __future__ import annotations

import contextlib
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from crawler.run import CrawlOptions, run_crawl
from tests.crawler.crawl.servers import Page, StaticServer

MAXSIZE = 200_000  # a small cap for the test, so the pages need not be megabytes
PAGE_BYTES = 1_000_000
UNSIZED = "/en/news/endless-page/"
SIZED = "/en/news/declared-page/"
ROBOTS = Page(200, (("Content-Type", "text/plain"),), b"User-agent: *\nAllow: /\n")


def big_page(handler: BaseHTTPRequestHandler, declare_length: bool) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    if declare_length:
        handler.send_header("Content-Length", str(PAGE_BYTES))
    handler.end_headers()
    chunk = b"<p>" + b"padding " * 1000 + b"</p>\n"
    sent = 0
    with contextlib.suppress(OSError):  # the crawler hangs up at its cap
        while sent < PAGE_BYTES:
            piece = chunk[: PAGE_BYTES - sent]
            handler.wfile.write(piece)
            sent += len(piece)


def test_oversized_pages_are_too_large_whether_or_not_they_declare_a_length(tmp_path: Path) -> None:
    routes = {UNSIZED: lambda h: big_page(h, False), SIZED: lambda h: big_page(h, True)}
    with StaticServer({"/robots.txt": ROBOTS}, routes=routes) as server:
        options = CrawlOptions(
            site=server.base_url,
            data_dir=tmp_path,
            run_id="oversize",
            unthrottled=True,
            discover=False,
            urls=(UNSIZED, SIZED),
            settings={"DOWNLOAD_MAXSIZE": MAXSIZE, "RETRY_ENABLED": False},
        )
        result = run_crawl(options)
    assert result.exit_code == 0
    failed = {
        line["canonical_url"].split("russiancouncil.ru", 1)[1]: line
        for line in result.manifest_lines()
        if line["status"] is None
    }
    assert set(failed) == {UNSIZED, SIZED}
    assert {path: line["error_type"] for path, line in failed.items()} == {
        UNSIZED: "too-large",
        SIZED: "too-large",
    }
    for line in failed.values():
        assert f"larger than download max size ({MAXSIZE})" in line["error_message"]
    assert "without a Content-Length" in failed[UNSIZED]["error_message"]
    assert f"Expected to receive {PAGE_BYTES} bytes" in failed[SIZED]["error_message"]
