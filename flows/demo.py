"""``riac-archive demo``: the whole mission offline, against the bundled replica."""

from __future__ import annotations

import re
from pathlib import Path

from rich.console import Console

from flows import replica


def run_demo(*, data: Path, days: int, articles: int, console: Console | None = None) -> None:
    console = console or Console()
    with replica.running(articles=articles) as site:
        console.print(f"[bold]Replica[/] of russiancouncil.ru serving at {site.base_url}")
        for day in range(days):
            site.set_day(day)
            truth = site.get_json("/__truth__/site.json")
            sitemaps = re.findall(r"<loc>([^<]+)</loc>", site.get_text("/sitemap.xml"))
            console.print(
                f"day {day} ({truth['date']}): {truth['published_count']} articles published, "
                f"{len(sitemaps)} sitemaps"
            )
    console.print(f"data directory: {data}")
