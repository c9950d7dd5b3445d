"""The site's request budget (``flows/site_rate.py``): a Prefect rate limit that every crawl of the
site takes one slot of per request, so two crawls at once share one pace, the crawl delay's.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from crawler.replica.process import ReplicaProcess
from crawler.run import CrawlOptions, CrawlResult, crawl_command, run_crawl
from flows.site_rate import MIDDLEWARE, limit_name, request_budget_settings
from tests.flows.api import call

DELAY = 0.2  # seconds per request to the site, both crawls together
PAGES = 20  # per crawl (plus its robots.txt)


def scrapy_settings(command: list[str]) -> Any:
    """The settings the crawl's ``scrapy crawl`` child builds from the project and the -s pairs."""
    from scrapy.settings import Settings

    pairs = [command[i + 1] for i, part in enumerate(command) if part == "-s"]
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.setdict(dict(pair.split("=", 1) for pair in pairs), priority="cmdline")
    return settings


def middlewares(settings: Any) -> list[str]:
    from scrapy.utils.conf import build_component_list

    return [str(m) for m in build_component_list(settings.getwithbase("DOWNLOADER_MIDDLEWARES"))]


def test_the_budget_middleware_joins_the_crawls_own(
    prefect_server: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = "http://127.0.0.1:8123"
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    assert request_budget_settings(site, unthrottled=False) == {}  # no Prefect server: no budget
    for key, value in prefect_server.items():
        monkeypatch.setenv(key, value)
    assert request_budget_settings(site, unthrottled=True) == {}  # loopback benchmarks: none

    extra = request_budget_settings(site, unthrottled=False, delay=0.25)
    settings = scrapy_settings(crawl_command(CrawlOptions(site=site, settings=extra), "run"))
    loaded = middlewares(settings)
    assert MIDDLEWARE in loaded
    assert "crawler.middlewares.PolitenessMiddleware" in loaded  # added to, not replaced
    assert loaded.index(MIDDLEWARE) < loaded.index("crawler.middlewares.ArchiveMiddleware")
    assert settings.get("RIAC_SITE_REQUEST_LIMIT") == limit_name(site)
    limit = call(prefect_server["PREFECT_API_URL"], f"/v2/concurrency_limits/{limit_name(site)}")
    assert limit["limit"] == 1 and limit["slot_decay_per_second"] == pytest.approx(4.0)

    request_budget_settings(site, unthrottled=False, delay=0.5)  # the delay changed: the limit follows
    limit = call(prefect_server["PREFECT_API_URL"], f"/v2/concurrency_limits/{limit_name(site)}")
    assert limit["slot_decay_per_second"] == pytest.approx(2.0)


def request_times(access_log: Path) -> list[float]:
    return sorted(float(line.split("\t", 1)[0]) for line in access_log.read_text().splitlines() if line)


def test_two_crawls_at_once_share_one_request_rate(
    prefect_server: dict[str, str],
    replica_factory: Callable[..., ReplicaProcess],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    access_log = tmp_path / "access.log"
    site = replica_factory(crawl_delay=0, access_log=access_log).base_url
    for key, value in prefect_server.items():
        monkeypatch.setenv(key, value)
    budget = request_budget_settings(site, unthrottled=False, delay=DELAY)
    own_pace = {"DOWNLOAD_DELAY": DELAY, "AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY_JITTER": 0}
    results: dict[str, CrawlResult] = {}

    def crawl(name: str) -> None:
        options = CrawlOptions(
            site=site,
            data_dir=tmp_path / name,
            run_id=name,
            langs=("en",),
            max_pages=PAGES,
            settings={**own_pace, **budget},
            timeout=120,
        )
        results[name] = run_crawl(options)

    threads = [threading.Thread(target=crawl, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert all(result.ok for result in results.values()), [r.log_file for r in results.values()]
    times = request_times(access_log)
    taken = sum(int(result.stats.get("riac/site_rate/slots", 0)) for result in results.values())
    assert taken == len(times) >= 2 * PAGES  # every request to the site took a slot first
    # each crawl alone keeps DELAY between its own requests: together, without the shared budget,
    # they would end in about half this time; the one slot lets at most one request per DELAY through
    assert times[-1] - times[0] >= (len(times) - 2) * DELAY
    per_second = max(sum(1 for t in times if start <= t < start + 2.0) for start in times) / 2.0
    assert per_second <= 1.0 / DELAY + 1.5, per_second


def test_a_flow_run_takes_the_budget_and_robots_crawl_delay_slows_it(
    prefect_server: dict[str, str],
    replica_factory: Callable[..., ReplicaProcess],
    tmp_path: Path,
) -> None:
    """``riac-archive crawl`` under the server, throttled: the flow made the limit, its crawl took a
    slot per request, and the replica's Crawl-delay (1.5 s > DOWNLOAD_DELAY 1 s) became its pace."""
    import json
    import subprocess
    import sys

    access_log = tmp_path / "access.log"
    site = replica_factory(crawl_delay=1.5, access_log=access_log).base_url
    data = tmp_path / "data"
    command = [sys.executable, "-m", "flows.cli", "crawl", "--site", site, "--data", str(data)]
    command += ["--max-pages", "3", "--lang", "en", "--as-of", "2025-03-03T06:00:00"]
    done = subprocess.run(command, env=prefect_server, capture_output=True, timeout=180)
    assert done.returncode in (0, 1), done.stderr.decode()[-3000:]  # 3 pages: may stop as incomplete
    (stats_file,) = data.glob("warc/*/stats.json")
    taken = json.loads(stats_file.read_text())["riac/site_rate/slots"]
    assert taken == len(request_times(access_log)) > 0
    limit = call(prefect_server["PREFECT_API_URL"], f"/v2/concurrency_limits/{limit_name(site)}")
    assert limit["slot_decay_per_second"] == pytest.approx(1 / 1.5)
