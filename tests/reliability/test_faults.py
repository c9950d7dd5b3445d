"""A crawl of a replica that fails in every way a site fails: 100% archived within two runs, every
failed attempt a failure row, nothing duplicated, truncated answers never stored as articles."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from crawler.replica.process import ReplicaProcess
from crawler.warc import read_record
from tests.reliability import datasets
from tests.reliability.access import ERROR_TYPE, NO_ANSWER, faulted_requests, page_key
from tests.reliability.cli import run_crawl

# The fault rates; hang=1 so a "timeout" costs one second, not thirty.
FAULTS = "5xx=0.1,429=0.02,timeout=0.02,reset=0.01,truncate=0.01"
TUNING = ",hang=1,retry_after=0.2"
# seed 5 with 80 articles draws every fault mode in the first run (checked below).
SEED = 5
ARTICLES = 80
# The replica's fixed fault pages (linked from page 1 of /en/news/ and .../analytics/): kinds expected.
FIXED = {"redirect-loop", "offsite-redirect", "too-large"}
AS_OF = ("2025-03-03T12:00:00", "2025-03-03T13:00:00")


def test_faulty_site_archived_whole_within_two_runs(
    replica_factory: Callable[..., ReplicaProcess], tmp_path: Path, env: dict[str, str]
) -> None:
    access_log = tmp_path / "access.log"
    site = replica_factory(articles=ARTICLES, seed=SEED, faults=FAULTS + TUNING, access_log=access_log)
    data = tmp_path / "data"
    truth = datasets.truth_article_ids(site.index())

    runs_needed, durations = 0, []
    for as_of in AS_OF:
        t0 = time.monotonic()
        result = run_crawl(site.base_url, data, env, as_of)
        durations.append(time.monotonic() - t0)
        assert result.returncode == 0, result.stderr[-3000:]
        runs_needed += 1
        if truth <= datasets.stored_article_ids(data):
            break
    missing = truth - datasets.stored_article_ids(data)
    assert not missing, f"not archived after {runs_needed} runs: {sorted(missing)[:5]}"

    # every faulted attempt (replayed from the replica's access log) is one failure row of its kind,
    # except one that ended without an answer on a reused keep-alive connection: the crawler cannot
    # tell it from a connection the server had closed as idle, so it sends it again on a fresh
    # connection and counts a reconnect (crawler/download.py)
    time.sleep(0.2)  # the replica flushes each line as it handles the request; nothing is in flight now
    everything = faulted_requests(access_log, FAULTS, SEED)
    modes = Counter(f.mode for f in everything)
    assert set(modes) == set(ERROR_TYPE), f"the seed no longer draws every mode: {modes}"
    faulted = [f for f in everything if not f.reconnect]
    reconnects = sum(
        json.loads(path.read_text(encoding="utf-8")).get("riac/reconnects", 0)
        for path in (data / "warc").glob("*/stats.json")
    )
    assert reconnects == sum(f.reconnect for f in everything)
    assert {f.mode for f in faulted} >= set(ERROR_TYPE) - NO_ANSWER
    failures = datasets.rows(data, "failures")
    fetch_failures = Counter(
        (page_key(row["url"]), row["error_type"])
        for row in failures
        if row["stage"] == "fetch" and row["error_type"] not in FIXED
    )
    expected = Counter(f.key for f in faulted)
    assert fetch_failures == expected, (
        f"missing rows: {expected - fetch_failures}; unexpected rows: {fetch_failures - expected}"
    )
    kinds = Counter(row["error_type"] for row in failures)
    assert set(kinds) >= FIXED
    for row in failures:
        assert row["url"].startswith("https://russiancouncil.ru/") and row["stage"] in ("fetch", "extract")
        assert row["error_type"] and row["message"] and "\n" not in row["message"]

    assert datasets.duplicates(data) == {dataset: [] for dataset in datasets.KEYS}
    assert not datasets.only_committed_files(data)

    # truncated answers never became articles: each stored capture is whole (Content-Length bytes)
    articles = datasets.rows(data, "articles", "article_id, warc_file, warc_offset")
    assert {a["article_id"] for a in articles} >= truth
    for article in articles:
        _, headers, body = read_record(data / article["warc_file"], article["warc_offset"])
        declared = {k.lower(): v for k, v in headers}["content-length"]
        assert len(body) == int(declared) and body.rstrip().endswith(b"</html>"), article["article_id"]

    print(
        f"\nfaults: {runs_needed} run(s) for {len(truth)}/{len(truth)} articles "
        f"({', '.join(f'{d:.1f} s' for d in durations)}); faulted attempts {dict(modes)}, "
        f"{reconnects} of them on a reused connection (reconnects); "
        f"failure rows by type {dict(sorted(kinds.items()))}"
    )
