"""Real crawls of the replica over HTTP on 127.0.0.1: discovery, incremental runs, WARC pointers."""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from crawler.replica.process import ReplicaProcess
from crawler.run import CrawlOptions, CrawlResult, run_crawl
from crawler.warc import read_record

CANONICAL = "https://russiancouncil.ru/"


def crawl(replica: ReplicaProcess, data: Path, run_id: str, **kwargs: Any) -> CrawlResult:
    options = CrawlOptions(site=replica.base_url, data_dir=data, run_id=run_id, unthrottled=True, **kwargs)
    result = run_crawl(options)
    assert result.exit_code == 0, result.log_file.read_text() if result.log_file else ""
    return result


def articles(result: CrawlResult) -> list[dict[str, Any]]:
    return [line for line in result.manifest_lines() if line["kind"] == "article"]


def truth_urls(replica: ReplicaProcess) -> set[str]:
    return {row["url"] for row in replica.index() if not row["withdrawn"]}


def write_known(path: Path, urls: set[str], due: set[str] = frozenset()) -> Path:  # type: ignore[assignment]
    with path.open("w", encoding="utf-8") as handle:
        for url in sorted(urls):
            handle.write(json.dumps({"url": url, "due": url in due}) + "\n")
    return path


@pytest.fixture(scope="module")
def full(replica: ReplicaProcess, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    return crawl(replica, tmp_path_factory.mktemp("data"), "full-1", full=True)


def test_full_crawl_finds_every_article_of_both_languages(full: CrawlResult, replica: ReplicaProcess) -> None:
    fetched = {line["canonical_url"] for line in articles(full) if line["status"] == 200}
    expected = truth_urls(replica)
    assert {"en", "ru"} <= {"en" if "/en/" in u else "ru" for u in expected}
    assert fetched == expected
    kinds = Counter(line["kind"] for line in full.manifest_lines())
    assert kinds["feed"] == 3 and kinds["robots"] == 1 and kinds["sitemap"] >= 2 and kinds["listing"] >= 10
    assert full.stats["finish_reason"] == "finished"
    assert full.stats["riac/manifest_lines"] == len(full.manifest_lines())


def test_the_crawl_records_the_sitemaps_article_ids(full: CrawlResult, replica: ReplicaProcess) -> None:
    """Coverage reads what the spider parsed, once: nobody parses the sitemaps again from the WARC."""
    from crawler.stage.crawl import read_sitemap_listed
    from crawler.urls import article_id

    listed = read_sitemap_listed(full.manifest.parent)
    assert listed == {article_id(url) for url in truth_urls(replica)}


def test_alias_and_sphrase_links_are_fetched_once(full: CrawlResult) -> None:
    counts = Counter(line["canonical_url"] for line in articles(full))
    assert counts and max(counts.values()) == 1
    for line in articles(full):
        assert line["canonical_url"].startswith(CANONICAL)
        assert "sphrase_id" not in line["url"] and "/amp/" not in line["url"]
        assert line["url"].startswith("http://127.0.0.1:")  # fetch records keep the URL actually fetched
    # the same pages were linked several ways (feeds, sitemaps, listings, aliases): the repeats are
    # dropped before a request is built
    assert full.stats["riac/links/already_requested"] > len(counts)


def test_manifest_lines_carry_dates_reasons_and_warc_pointers(full: CrawlResult) -> None:
    lines = articles(full)
    assert {line["reason"] for line in lines} == {"new"}
    dated = [line for line in lines if line["listing_date"]]
    assert len(dated) == len(lines)  # listings, feeds or sitemaps date every article
    assert {line["date_source"] for line in dated} <= {"listing", "feed", "sitemap"}
    assert all(line["fetched_at"].endswith("+00:00") for line in lines)
    assert all(Path(full.run_dir.parent.parent / line["warc_file"]).exists() for line in lines)


def test_warc_records_hold_the_fetched_bodies(full: CrawlResult, replica: ReplicaProcess) -> None:
    data_dir = full.run_dir.parent.parent
    lines = articles(full)[:15]
    for line in lines:
        url, headers, body = read_record(data_dir / line["warc_file"], line["warc_offset"])
        assert url == line["url"]
        assert len(body) == line["length"]
        digest = "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode()
        assert digest == line["payload_digest"]
        assert any(k.lower() == "content-type" for k, _ in headers)
    seed = next(
        x for x in articles(full) if x["canonical_url"].endswith("/the-art-of-expectation-management/")
    )
    _, _, body = read_record(data_dir / seed["warc_file"], seed["warc_offset"])
    assert b"The Art of Expectation Management" in body


def test_incremental_same_day_fetches_no_known_article(
    full: CrawlResult, replica: ReplicaProcess, tmp_path: Path
) -> None:
    known = write_known(tmp_path / "known.jsonl", truth_urls(replica))
    again = crawl(replica, tmp_path / "data", "incr-1", known_urls=known)
    assert articles(again) == []
    listings = [line for line in again.manifest_lines() if line["kind"] == "listing"]
    assert 10 <= len(listings) <= 20  # page 1 of each of 10 section listings, plus one page of look-ahead
    assert again.stats["downloader/request_count"] < full.stats["downloader/request_count"] / 2


def test_next_day_fetches_new_and_due_articles_only_and_runs_twice_in_one_process(
    replica_factory: Callable[..., ReplicaProcess], tmp_path: Path
) -> None:
    site = replica_factory(articles=30, seed=3, day=0)
    first = crawl(site, tmp_path / "data", "day-0")  # first crawl of this process's worker...
    day0 = {line["canonical_url"] for line in articles(first)}
    assert day0 == truth_urls(site)
    due = set(sorted(day0)[:2])
    known = write_known(tmp_path / "known.jsonl", day0, due)
    site.set_day(1)
    new = truth_urls(site) - day0
    assert len(new) == 4
    second = crawl(site, tmp_path / "data", "day-1", known_urls=known)  # ...and a second one
    fetched = Counter((line["canonical_url"], line["reason"]) for line in articles(second))
    assert set(fetched) == {(u, "new") for u in new} | {(u, "due") for u in due}
    assert max(fetched.values()) == 1
    assert second.stats["riac/known_urls"] == len(day0)
    assert first.warc_files[0].parent != second.warc_files[0].parent  # one set of WARC files per run


def test_listing_paging_stops_after_look_ahead_when_nothing_is_new(
    replica_factory: Callable[..., ReplicaProcess], tmp_path: Path
) -> None:
    site = replica_factory(articles=600, seed=5)
    known = write_known(tmp_path / "known.jsonl", truth_urls(site))
    result = crawl(site, tmp_path / "data", "quiet", known_urls=known, langs=("en",))
    assert articles(result) == []
    pages = Counter(
        line["canonical_url"].split("?")[0] for line in result.manifest_lines() if line["kind"] == "listing"
    )
    assert set(pages.values()) == {2}  # page 1 (all known) and one page of look-ahead, never page 3
    assert not any("PAGEN_1=3" in line["url"] for line in result.manifest_lines())
    assert result.stats["riac/listing/stopped_early"] >= 1  # listings with a page 3 stopped before it


def test_max_pages_bounds_the_crawl(replica: ReplicaProcess, tmp_path: Path) -> None:
    result = crawl(replica, tmp_path, "bounded", full=True, max_pages=10)
    assert result.stats["finish_reason"] == "closespider_pagecount"
    fetched = [line for line in result.manifest_lines() if line["kind"] != "robots"]
    assert len(fetched) == 10  # a hard cap, even with 16 requests in flight unthrottled
    assert result.stats["riac/max_pages/dropped"] >= 1
