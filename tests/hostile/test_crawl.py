"""End to end: ``riac-archive crawl`` of a replica serving every hostile case (``--faults hostile=1``).

Each case leaves a failure row (stage, error type, message) in the ``failures`` dataset, or, for a
wrong declared charset, a correctly decoded article; the run's process tree stays within a memory
bound; every request the crawler sent reached the replica, none another host.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

from crawler.replica import faults, hostile
from crawler.replica.process import ReplicaProcess
from storage import read

SITE = "https://russiancouncil.ru"
# path -> (stage, error type) of its failure row
EXPECTED = {
    hostile.EMPTY: ("extract", "empty-body"),
    hostile.BINARY: ("extract", "binary-body"),
    hostile.NESTED: ("extract", "no-article-text"),
    hostile.ATTRIBUTES: ("extract", "no-article-text"),
    hostile.MALFORMED: ("extract", "no-article-text"),
    faults.NOT_HTML: ("extract", "not-html"),
    hostile.GZIP_BOMB: ("extract", "too-large"),  # archived as received; inflated at most 8 MB
    faults.OVERSIZED: ("fetch", "too-large"),
    faults.LOOP_A: ("fetch", "redirect-loop"),
    faults.OFF_SITE: ("fetch", "offsite-redirect"),
    hostile.BOMB_FEED: ("fetch", "bad-feed"),
    hostile.XXE_FEED: ("fetch", "bad-feed"),
    hostile.BOMB_SITEMAP: ("fetch", "bad-sitemap"),
    hostile.XXE_SITEMAP: ("fetch", "bad-sitemap"),
    hostile.GZIP_SITEMAP: ("fetch", "bad-sitemap"),
    hostile.ODD_SITE_LINKS[0]: ("fetch", "http"),  # percent-encoded Cyrillic: 404
    hostile.ODD_SITE_LINKS[1]: ("fetch", "http"),  # double-encoded: 404
    hostile.ODD_SITE_LINKS[2]: ("fetch", "url-too-long"),
    hostile.ODD_SITE_LINKS[3]: ("fetch", "http"),  # NUL byte: 404
}
RUN_SECONDS = 120.0  # generous: the run takes about 5 s here
RUN_PEAK_MB = 600.0  # largest process of the run; measured 333 MB (254 MB on the plain replica)

# Runs a command and reports the peak resident set of its largest descendant (RUSAGE_CHILDREN).
MEASURE = (
    "import json, resource, subprocess, sys, time; t = time.monotonic(); "
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
    "print(json.dumps({'rc': done.returncode, 'seconds': time.monotonic() - t, 'stderr': done.stderr, "
    "'peak_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))"
)


@pytest.fixture(scope="module")
def hostile_run(
    replica_factory: Callable[..., ReplicaProcess], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("hostile")
    log = tmp / "access.log"
    site = replica_factory(articles=20, faults="hostile=1", crawl_delay=0, access_log=log)
    data = tmp / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    crawl = [sys.executable, "-m", "flows.cli", "crawl", "--site", site.base_url, "--data", str(data)]
    crawl += ["--unthrottled", "--as-of", "2025-03-03T06:00:00"]
    done = subprocess.run([sys.executable, "-c", MEASURE, *crawl], env=env, capture_output=True, text=True)
    figures = json.loads(done.stdout)
    assert figures["rc"] == 0, figures["stderr"][-3000:]
    stats = json.loads(next((data / "warc").glob("*/stats.json")).read_text())
    manifest = [json.loads(line) for path in (data / "warc").glob("*/manifest.jsonl") for line in path.open()]
    return {"site": site, "data": data, "figures": figures, "stats": stats, "manifest": manifest, "log": log}


def _path(url: str) -> str:
    return url[len(SITE) :] if url.startswith(SITE) else url


def test_every_hostile_case_leaves_a_clear_failure_row(hostile_run: dict[str, Any]) -> None:
    rows = read.read_table(hostile_run["data"], "failures").to_pylist()
    by_path: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_path.setdefault(_path(row["url"]), []).append(row)
    for path, (stage, kind) in EXPECTED.items():
        found = by_path.get(_path(path.replace("HTTPS://RussianCouncil.RU", SITE)), [])
        assert found, f"no failure row for {path[:80]}"
        row = found[0]
        assert row["stage"] == stage, (path[:80], row)
        # the crawler's kind is the error type (older rows: error type "fetch", the kind in the message)
        assert kind == row["error_type"] or f": {kind}:" in row["message"], (path[:80], row)
        assert row["message"] and row["run_id"] and row["at"] is not None
    assert "404" in by_path[hostile.ODD_SITE_LINKS[0]][0]["message"]
    assert "EntitiesForbidden" in by_path[hostile.BOMB_SITEMAP][0]["message"]
    assert "gzip expands beyond" in by_path[hostile.GZIP_SITEMAP][0]["message"]
    assert "52428800" in by_path[faults.OVERSIZED][0]["message"]  # refused on Content-Length, unread


def test_a_wrong_declared_charset_is_read_right(hostile_run: dict[str, Any]) -> None:
    articles = {row["article_id"]: row for row in read.latest_articles(hostile_run["data"]).to_pylist()}
    page = articles["news/hostile-charset"]
    assert page["body"].startswith("Россия и Европа обсуждают") and page["title"] == "Неверная кодировка"
    assert not any(aid.startswith("en/news/hostile-") for aid in articles)  # no garbage "article"


def test_no_request_leaves_the_site(hostile_run: dict[str, Any]) -> None:
    base = hostile_run["site"].base_url
    manifest, stats = hostile_run["manifest"], hostile_run["stats"]
    assert manifest and all(line["url"].startswith(base + "/") for line in manifest)
    hosts_seen = {line.split("\t")[2] for line in hostile_run["log"].read_text().splitlines()}
    assert hosts_seen == {base.removeprefix("http://")}
    sent = stats["downloader/request_count"]
    assert sent == len(hostile_run["log"].read_text().splitlines())  # every request reached the replica
    text = json.dumps(manifest)
    assert (
        "evil.example" not in text
        and "127.0.0.2" not in text
        and "example.com/" not in text.replace("-> https://example.com/en/news/moved-off-site/", "")
    )
    # the mixed-case host link is the same page as the plain one: fetched once
    assert sum("/en/news/hostile-empty/" in line["url"] for line in manifest) == 1


def test_the_run_stays_within_time_and_memory(hostile_run: dict[str, Any]) -> None:
    figures = hostile_run["figures"]
    print(f"\nhostile crawl: {figures['seconds']:.1f} s, peak RSS {figures['peak_mb']:.0f} MB")
    assert figures["seconds"] < RUN_SECONDS
    assert figures["peak_mb"] < RUN_PEAK_MB
    assert hostile_run["stats"]["downloader/response_bytes"] < 16 * 1024 * 1024  # the 50 MB page unread
