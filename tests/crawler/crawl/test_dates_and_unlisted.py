"""An incremental crawl of the replica: publication dates travel with their wording, a known article
keeps its stored date, and a known article no sitemap lists is re-checked in the same run."""

from __future__ import annotations

import json
from pathlib import Path

from crawler.replica.process import ReplicaProcess
from tests.crawler.crawl.test_crawl import articles, crawl, truth_urls

GONE = "https://russiancouncil.ru/en/news/an-article-the-site-no-longer-lists/"


def test_dates_keep_their_wording_and_unlisted_articles_are_rechecked(
    replica: ReplicaProcess, tmp_path: Path
) -> None:
    english = sorted(u for u in truth_urls(replica) if "/en/" in u)
    new, redated, *rest = english
    known = tmp_path / "known.jsonl"
    with known.open("w", encoding="utf-8") as out:
        # stored with a date the listings do not show: the stored date wins (only the page may differ)
        row = {"url": redated, "due": True, "listing_date": "2001-02-03", "listing_raw": "3 February 2001"}
        out.write(json.dumps(row) + "\n")
        for url in [*rest, GONE]:
            out.write(json.dumps({"url": url, "due": False}) + "\n")

    result = crawl(replica, tmp_path / "data", "dates", known_urls=known, langs=("en",))
    lines = {line["canonical_url"]: line for line in articles(result)}

    assert (lines[redated]["listing_date"], lines[redated]["date_source"]) == ("2001-02-03", "known")
    assert lines[redated]["listing_raw"] == "3 February 2001"

    first = lines[new]  # not known: its date and the string it was read from, from a listing or feed
    assert first["reason"] == "new" and first["date_source"] in ("listing", "feed")
    assert first["listing_date"] and first["listing_raw"]
    assert any(ch.isdigit() for ch in first["listing_raw"])

    # every child sitemap was read; the one known article none lists was fetched again in this run
    assert (lines[GONE]["reason"], lines[GONE]["status"]) == ("unlisted", 404)
    assert result.stats["riac/unlisted/known"] == 1
    assert not any(line["reason"] == "unlisted" for url, line in lines.items() if url != GONE)
    assert all(line["listing_date"] is None for line in result.manifest_lines() if line["kind"] == "sitemap")


def test_unlisted_rechecks_are_capped_per_run(replica: ReplicaProcess, tmp_path: Path) -> None:
    """Sitemaps that leave out many known articles (a whole section, say) cost at most the cap."""
    known = tmp_path / "known.jsonl"
    with known.open("w", encoding="utf-8") as out:
        for n in range(7):
            out.write(
                json.dumps({"url": f"https://russiancouncil.ru/en/news/not-in-any-sitemap-{n}/"}) + "\n"
            )
    settings = {"RIAC_UNLISTED_MAX": 3}
    result = crawl(replica, tmp_path / "data", "capped", known_urls=known, langs=("en",), settings=settings)
    unlisted = [line for line in articles(result) if line["reason"] == "unlisted"]
    assert len(unlisted) == 3 and {line["status"] for line in unlisted} == {404}
    assert result.stats["riac/unlisted/known"] == 7
