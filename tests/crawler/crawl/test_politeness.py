"""Politeness measured from the replica's access log: robots.txt, Crawl-delay, Retry-After."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from crawler.replica.process import ReplicaProcess
from crawler.run import CrawlOptions, CrawlResult, run_crawl

PAGES = (*tuple(f"/en/news/?PAGEN_1={n}" for n in range(1, 4)), "/en/", "/en/blogs/", "/")
# Scrapy's own pacing off, so any spacing measured comes from the middleware under test.
NO_PACING = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS_PER_DOMAIN": 2}


def access_log(path: Path) -> list[tuple[float, str, int, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        when, _client, _server, _method, target, status, agent = line.split("\t")[:7]
        rows.append((float(when), target, int(status), agent))
    return rows


def polite_crawl(site: ReplicaProcess, data: Path, run_id: str, **kwargs: Any) -> CrawlResult:
    options = CrawlOptions(site=site.base_url, data_dir=data, run_id=run_id, discover=False, **kwargs)
    result = run_crawl(options)
    assert result.exit_code == 0
    return result


def test_robots_disallowed_paths_are_never_fetched(
    replica_factory: Callable[..., ReplicaProcess], tmp_path: Path
) -> None:
    log = tmp_path / "access.log"
    site = replica_factory(access_log=log, crawl_delay=0)
    forbidden = ("/bitrix/admin/", "/en/search/index.php?q=Turkey", "/personal/profile/")
    result = polite_crawl(
        site, tmp_path / "data", "robots", urls=(*forbidden, "/en/news/"), settings=NO_PACING
    )
    targets = [target for _, target, _, _ in access_log(log)]
    assert targets[0] == "/robots.txt"
    assert "/en/news/" in targets
    assert not any(t.startswith(("/bitrix/", "/en/search/index.php", "/personal/")) for t in targets)
    refused = [line for line in result.manifest_lines() if line["error_type"] == "robots-disallowed"]
    assert sorted(line["canonical_url"] for line in refused) == sorted(
        "https://russiancouncil.ru" + path for path in forbidden
    )
    assert result.stats["robotstxt/forbidden"] == 3


def test_crawl_delay_spaces_requests_and_user_agent_is_honest(
    replica_factory: Callable[..., ReplicaProcess], tmp_path: Path
) -> None:
    log = tmp_path / "access.log"
    site = replica_factory(access_log=log, crawl_delay=0.4)
    result = polite_crawl(
        site, tmp_path / "data", "delay", urls=PAGES, settings=NO_PACING, contact_url="https://example.org/c"
    )
    rows = [row for row in access_log(log) if not row[1].startswith("/__")]
    assert result.stats["riac/crawl_delay"] == 0.4
    times = [when for when, target, _, _ in rows if target != "/robots.txt"]
    assert len(times) == len(PAGES)
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 0.4 * 0.98, gaps
    assert all("riac-archive" in agent and "+https://example.org/c" in agent for *_, agent in rows)

    # The same crawl unthrottled (loopback only) ignores Crawl-delay: the spacing above is the middleware's.
    fast_log = tmp_path / "fast.log"
    fast = replica_factory(access_log=fast_log, crawl_delay=0.4)
    polite_crawl(fast, tmp_path / "data", "fast", urls=PAGES, unthrottled=True)
    fast_times = [when for when, target, _, _ in access_log(fast_log) if target != "/robots.txt"]
    assert fast_times[-1] - fast_times[0] < 0.4 * (len(PAGES) - 1) / 2


def test_retry_after_on_429_is_honoured(
    replica_factory: Callable[..., ReplicaProcess], tmp_path: Path
) -> None:
    log = tmp_path / "access.log"
    site = replica_factory(access_log=log, crawl_delay=0, faults="429=0.5,retry_after=0.6")
    result = polite_crawl(site, tmp_path / "data", "retry-after", urls=PAGES, settings=NO_PACING)
    rows = [row for row in access_log(log) if row[1] != "/robots.txt"]
    limited = [(when, target) for when, target, status, _ in rows if status == 429]
    assert limited, "the fault spec should have answered some requests with 429"
    for when, target in limited:
        later = [w for w, t, _, _ in rows if t == target and w > when]
        assert later and later[0] - when >= 0.6 * 0.98
    assert result.stats["riac/retry_after/count"] == len(limited)
    statuses = [line["status"] for line in result.manifest_lines() if line["kind"] == "other"]
    assert statuses.count(429) == len(limited)  # every attempt recorded, not only the last
