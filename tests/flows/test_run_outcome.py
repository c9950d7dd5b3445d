"""Run outcomes cron and ``serve`` can trust (real crawls of loopback sites, local mode).

- A crawl that reaches nothing, or can fetch no feed or sitemap, ends Failed: exit 1, its report
  printed, then one line saying why; its fetches and failures are stored and its ``runs`` row says
  ``failed``.
- ``refresh`` before the first archive run has nothing to do: one line, exit 0.
- After ``compact`` the next ``crawl`` and ``reextract --write`` report no interrupted run.
- The report keeps attempts a retry fixed apart from failures for good, and names the listed
  articles that were not archived.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from crawler.replica.process import ReplicaProcess
from crawler.run import PROJECT_ROOT
from storage import read

AS_OF = "2025-03-03T12:00:00"


def riac(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", COLUMNS="200")
    command = [sys.executable, "-m", "flows.cli", *args]
    return subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300)


def crawl(site: str, data: Path, home: Path) -> subprocess.CompletedProcess[str]:
    return riac("crawl", "--site", site, "--data", str(data), "--unthrottled", "--as-of", AS_OF, home=home)


def test_a_crawl_that_reaches_nothing_fails_with_its_report_and_one_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = crawl("http://127.0.0.1:1", data, tmp_path / "home")
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Run failed: none of") and "got an answer (connection-refused" in last
    assert "Traceback" not in result.stderr
    assert "Pages fetched" in result.stdout and "failed for good" in result.stdout  # the report first
    runs = read.read_table(data, "runs").to_pylist()
    assert [r["status"] for r in runs] == ["failed"]
    assert read.count_rows(data, "failures") > 0


def test_a_crawl_that_can_fetch_no_feed_or_sitemap_fails(
    tmp_path: Path, replica_factory: Callable[..., ReplicaProcess]
) -> None:
    site = replica_factory(articles=20, faults="5xx=0.9,retry_after=0")  # robots.txt never faults
    result = crawl(site.base_url, tmp_path / "data", tmp_path / "home")
    assert result.returncode == 1, result.stderr[-2000:]
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Run failed: none of") and "no new article could be discovered" in last


def test_refresh_before_the_first_archive_has_nothing_to_do(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = riac("refresh", "--site", "http://127.0.0.1:1", "--data", str(data), home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines() == [
        "riac-archive refresh: nothing to refresh: the archive holds no article yet (run `crawl` first)"
    ]
    assert result.stderr == ""  # nothing else: no traceback, no CrawlFailed


def test_the_report_separates_recovered_attempts_and_names_missing_articles(
    tmp_path: Path, replica_factory: Callable[..., ReplicaProcess]
) -> None:
    import uuid
    from datetime import UTC, datetime

    from flows.options import ArchiveOptions
    from flows.pipeline import run_archive
    from storage.run_report import to_markdown

    # seed 2 at this rate: some pages recover on a retry, some articles fail every attempt
    site = replica_factory(articles=20, seed=2, faults="5xx=0.6,retry_after=0")
    as_of = datetime.fromisoformat(AS_OF).replace(tzinfo=UTC)
    options = ArchiveOptions(site=site.base_url, data=tmp_path, unthrottled=True, as_of=as_of)
    report = run_archive(options, str(uuid.uuid4()))

    assert report.recovered and report.failed_for_good
    for failure in report.recovered:  # a later attempt of the same URL was fetched
        assert failure.url in report.answered_urls
    fetch_failed_for_good = {f.url for f in report.failed_for_good if f.stage == "fetch"}
    assert not fetch_failed_for_good & report.answered_urls
    assert len(report.failures) == len(report.recovered) + len(report.failed_for_good)

    missing = report.sitemap_listed - report.sitemap_covered
    assert missing > 0 and len(report.missing_articles) == missing
    archived = {
        f"https://russiancouncil.ru/{aid}/"
        for aid in read.latest_articles(tmp_path)["article_id"].to_pylist()
    }
    assert not set(report.missing_articles) & archived
    text = to_markdown(report)
    listed = text.split("## Listed but not archived")[1].split("##")[0]
    assert [line.removeprefix("- ") for line in listed.strip().splitlines()] == report.missing_articles
    recovered = text.split("## Recovered on retry")[1].split("##")[0]
    assert all(f.url in recovered for f in report.recovered[:20])


def test_after_compact_the_next_runs_report_no_interrupted_run(
    tmp_path: Path, replica_factory: Callable[..., ReplicaProcess]
) -> None:
    site = replica_factory(articles=20)
    data, home = tmp_path / "data", tmp_path / "home"
    for _ in range(2):  # two runs: partitions with two files each
        assert crawl(site.base_url, data, home).returncode == 0
    compacted = riac("compact", "--data", str(data), home=home)
    assert compacted.returncode == 0 and not compacted.stdout.startswith("0 files"), compacted.stdout
    after = crawl(site.base_url, data, home)
    assert after.returncode == 0, after.stderr[-2000:]
    assert "interrupted run" not in after.stderr
    rewritten = riac("reextract", "--data", str(data), "--write", home=home)
    assert rewritten.returncode == 0 and "interrupted run" not in rewritten.stderr + rewritten.stdout
