"""A server that compresses with whatever the crawler accepts: the archived page reads back.

The WARC keeps the body as received, and extraction inflates it with warcio, which reads gzip and
deflate but not brotli (its hook fails on brotli 1.2) nor zstd. Scrapy 2.19 offers ``br`` and
``zstd`` too; the crawl asks for ``gzip, deflate`` only, so a negotiating server (a CDN, nginx with
the brotli module) never sends what the archive could not read back.
"""

from __future__ import annotations

import gzip
import json
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit

import brotli

from crawler.run import CrawlOptions, run_crawl
from crawler.stage.extract import extract_all, read_manifest
from tests.crawler.crawl.servers import Page, StaticServer

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "pages" / "classic-seed"
ROBOTS = Page(200, (("Content-Type", "text/plain"),), b"User-agent: *\nAllow: /\n")


def test_a_negotiating_server_sends_what_the_archive_reads_back(tmp_path: Path) -> None:
    html = gzip.decompress((SEED / "input.html.gz").read_bytes())
    url = json.loads((SEED / "expected.json").read_text(encoding="utf-8"))["fetched_url"]
    path = urlsplit(url).path
    offered: list[str] = []

    def negotiate(handler: BaseHTTPRequestHandler) -> None:
        accepted = handler.headers.get("Accept-Encoding", "")
        offered.append(accepted)
        tokens = {token.split(";")[0].strip() for token in accepted.split(",")}
        encoding, body = ("br", brotli.compress(html)) if "br" in tokens else ("gzip", gzip.compress(html))
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Encoding", encoding)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    with StaticServer({"/robots.txt": ROBOTS}, routes={path: negotiate}) as server:
        options = CrawlOptions(
            site=server.base_url,
            data_dir=tmp_path,
            run_id="encodings",
            unthrottled=True,
            discover=False,
            urls=(path,),
        )
        result = run_crawl(options)
    assert result.exit_code == 0
    assert offered == ["gzip, deflate"]

    extraction = extract_all(read_manifest(result.manifest), (), tmp_path, workers=1)
    failures = [page.failure for page in extraction.pages if page.failure is not None]
    assert failures == []
    assert [item.url for item in extraction.items] == [url]
    assert extraction.items[0].title and len(extraction.items[0].body_paragraphs) > 3
