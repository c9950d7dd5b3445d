"""Hostile answers: off-site redirects, redirect loops, oversized and non-HTML bodies, off-site links."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from crawler.replica.process import ReplicaProcess
from crawler.run import CrawlOptions, CrawlRefused, crawl_command, run_crawl

OFF_SITE = "/en/news/moved-off-site/"
LOOP = "/en/news/redirect-loop-a/"
OVERSIZED = "/en/analytics-and-comments/analytics/oversized-report/"
PDF = "/en/analytics-and-comments/analytics/annual-report-2024/"


def test_hostile_answers_are_refused_and_recorded(
    replica_factory: Callable[..., ReplicaProcess], tmp_path: Path
) -> None:
    log = tmp_path / "access.log"
    site = replica_factory(access_log=log, faults="5xx=0", crawl_delay=0)  # fixed fault URLs only
    options = CrawlOptions(
        site=site.base_url,
        data_dir=tmp_path / "data",
        run_id="hostile",
        unthrottled=True,
        discover=False,
        urls=(OFF_SITE, LOOP, OVERSIZED, PDF, "https://example.com/en/news/elsewhere/", "/en/news/"),
    )
    result = run_crawl(options)
    assert result.exit_code == 0
    lines = result.manifest_lines()
    by_error = {line["error_type"]: line for line in lines if line["error_type"]}

    redirect = by_error["offsite-redirect"]
    assert redirect["canonical_url"] == "https://russiancouncil.ru" + OFF_SITE
    assert "example.com" in redirect["error_message"]
    assert any(line["status"] == 301 and line["canonical_url"].endswith(OFF_SITE) for line in lines)

    too_large = by_error["too-large"]
    assert too_large["canonical_url"].endswith(OVERSIZED) and too_large["warc_file"] is None

    pdf = next(line for line in lines if line["canonical_url"].endswith(PDF))
    assert pdf["status"] == 200 and pdf["content_type"] == "application/pdf"  # archived; extraction decides

    loop_hops = [line for line in lines if "redirect-loop" in line["url"]]
    assert 2 <= len(loop_hops) <= 7  # bounded by REDIRECT_MAX_TIMES
    assert "redirect-loop-a" in by_error["redirect-loop"]["error_message"]

    # Nothing left the site: the replica saw every request, and no line points off the site.
    assert result.stats["riac/refused/offsite_link"] == 1
    assert all(line["url"].startswith(site.base_url) for line in lines)
    assert result.stats["downloader/response_bytes"] < 8 * 1024 * 1024 + 1024 * 1024
    assert any(line["canonical_url"].endswith("/en/news/") and line["status"] == 200 for line in lines)


def test_unthrottled_is_refused_off_loopback(tmp_path: Path) -> None:
    with pytest.raises(CrawlRefused):
        crawl_command(CrawlOptions(site="https://russiancouncil.ru", unthrottled=True), "x")
    command = crawl_command(CrawlOptions(site="http://127.0.0.1:9/", unthrottled=True, max_pages=5), "x")
    assert (
        "RIAC_MAX_PAGES=5" in command
        and "CLOSESPIDER_PAGECOUNT=6" in command
        and "RIAC_OBEY_CRAWL_DELAY=False" in command
    )
    polite = crawl_command(CrawlOptions(), "x")
    assert "RIAC_SITE=https://russiancouncil.ru" in polite and not any("AUTOTHROTTLE" in c for c in polite)


def test_contact_url_comes_from_the_option_or_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RIAC_CONTACT_URL", "https://archive.example.org/contact")
    from_env = crawl_command(CrawlOptions(), "x")
    assert "RIAC_CONTACT_URL=https://archive.example.org/contact" in from_env
    assert any(
        c.startswith("USER_AGENT=riac-archive/") and c.endswith("archive.example.org/contact)")
        for c in from_env
    )
    explicit = crawl_command(CrawlOptions(contact_url="https://other.example.org/"), "x")
    assert "RIAC_CONTACT_URL=https://other.example.org/" in explicit
    monkeypatch.delenv("RIAC_CONTACT_URL")
    assert not any(c.startswith("USER_AGENT=") for c in crawl_command(CrawlOptions(), "x"))


def test_a_crawl_that_cannot_write_its_archive_stops_and_its_stage_fails(
    replica: ReplicaProcess, tmp_path: Path
) -> None:
    """Nothing is fetched that is not kept: the fourth WARC file cannot be created (its name is
    taken), so the crawl stops at once with its own finish reason, and the archive run's crawl stage
    fails saying why, instead of fetching on without archiving."""
    from crawler.stage.crawl import CrawlFailed, run_crawl_stage
    from crawler.warc import ARCHIVE_WRITE_FAILED
    from flows.options import ArchiveOptions

    data = tmp_path / "data"
    run_dir = data / "warc" / "nospace"
    run_dir.mkdir(parents=True)
    (run_dir / "riac-nospace-00003.warc.gz").write_bytes(b"")  # in the way of the fourth file
    options = CrawlOptions(
        site=replica.base_url,
        data_dir=data,
        run_id="nospace",
        unthrottled=True,
        settings={"RIAC_WARC_MAX_BYTES": 1},  # a new file for every record
    )
    result = run_crawl(options)
    assert result.stats["finish_reason"] == ARCHIVE_WRITE_FAILED
    assert "FileExistsError" in result.stats["riac/archive_write_error"]
    lines = result.manifest_lines()
    assert len(lines) == 3  # the three records written, each complete, each with its line
    assert all(line["warc_file"] for line in lines)
    assert result.stats["downloader/request_count"] < 40  # stopped, not a full walk of 60 articles

    run_dir.rename(tmp_path / "first")
    (run_dir).mkdir(parents=True)
    (run_dir / "riac-nospace-00000.warc.gz").write_bytes(b"")  # the first file cannot be created
    archive = ArchiveOptions(site=replica.base_url, data=data, unthrottled=True)
    with pytest.raises(CrawlFailed, match="cannot write the WARC archive"):
        run_crawl_stage(archive, "nospace", None, tmp_path / "work", crawl_run="nospace")
