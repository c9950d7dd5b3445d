"""``riac-archive demo``: the whole mission offline, against the bundled replica."""

from __future__ import annotations

import re
from pathlib import Path

from rich.console import Console

from crawler.replica.process import start_replica


def run_demo(*, data: Path, days: int, articles: int, console: Console | None = None) -> None:
    console = console or Console()
    with start_replica(articles=articles) as site:
        console.print(f"[bold]Replica[/] of russiancouncil.ru serving at {site.base_url}")
        for day in range(days):
            site.set_day(day)
            truth = site.truth("site.json")
            sitemaps = re.findall(r"<loc>([^<]+)</loc>", _get(site.url("/sitemap.xml")))
            console.print(
                f"day {day} ({truth['date']}): {truth['published_count']} articles published, "
                f"{len(sitemaps)} sitemaps"
            )
    console.print(f"data directory: {data}")


def _get(url: str) -> str:
    import urllib.request

    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode("utf-8", "replace")
