"""The naive design, for comparison only: trafilatura inside the Scrapy callback, one process.

    .venv/bin/python benchmarks/perf_naive.py --site http://127.0.0.1:PORT --out items.jsonl

Walks the same section listings as the product's spider (EN and RU, every page), follows every
article link once (canonical URL, AMP folded, the product's host mapping so link variants land on
the replica) and calls ``trafilatura.extract`` on each article page in the callback. Items go to a
JSON-lines feed. Unthrottled like ``--unthrottled`` (loopback only). Prints one JSON line at the end:
``{"article_pages": N, "extracted": M, "requests": R, "memusage_max": B}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import scrapy  # noqa: E402
import trafilatura  # noqa: E402
from scrapy.crawler import CrawlerProcess  # noqa: E402
from scrapy.http import Response  # noqa: E402

from crawler.pages.listing import ListingPage  # noqa: E402
from crawler.site_mapping import SiteMapping  # noqa: E402
from crawler.spiders.schedule import listing_paths  # noqa: E402
from crawler.urls import article_url, is_article_url  # noqa: E402


class NaiveSpider(scrapy.Spider):
    name = "naive"

    def __init__(self, site: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mapping = SiteMapping(site)
        self.article_pages = 0
        self.extracted = 0

    async def start(self) -> Any:
        for lang in ("en", "ru"):
            for path in listing_paths(lang):
                yield scrapy.Request(self.mapping.base + path, callback=self.parse_listing)

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        headers = {"Content-Type": response.headers.get("Content-Type", b"").decode("latin-1")}
        page = ListingPage(response.url, response.body, headers)
        for link in page.links():
            canonical = self.mapping.canonical(link.url)
            if canonical is None or not is_article_url(canonical):
                continue
            target = self.mapping.fetch_url(article_url(canonical))
            if target is not None:
                yield scrapy.Request(target, callback=self.parse_article, priority=10)
        next_url = page.next_page_url()
        if next_url is not None and (target := self.mapping.fetch_url(next_url)) is not None:
            yield scrapy.Request(target, callback=self.parse_listing)

    def parse_article(self, response: Response) -> Iterator[dict[str, Any]]:
        self.article_pages += 1
        text = trafilatura.extract(response.body, url=self.mapping.canonical(response.url))
        self.extracted += bool(text)
        yield {"url": response.url, "text": text}

    def closed(self, reason: str) -> None:
        stats = self.crawler.stats
        print(
            json.dumps(
                {
                    "article_pages": self.article_pages,
                    "extracted": self.extracted,
                    "requests": stats.get_value("downloader/request_count"),
                    "memusage_max": stats.get_value("memusage/max"),
                }
            ),
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", required=True, help="the replica's base URL (loopback)")
    parser.add_argument("--out", type=Path, required=True, help="JSON-lines file for the items")
    args = parser.parse_args()
    process = CrawlerProcess(
        settings={
            "LOG_LEVEL": "WARNING",
            "ROBOTSTXT_OBEY": False,
            "COOKIES_ENABLED": False,
            "CONCURRENT_REQUESTS": 16,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "FEEDS": {str(args.out): {"format": "jsonlines", "encoding": "utf-8", "overwrite": True}},
        }
    )
    process.crawl(NaiveSpider, site=args.site)
    process.start()


if __name__ == "__main__":
    main()
