"""Byte fidelity and revisit records, on real archive runs against a private replica.

Day 0 archives the site; a run a day later (every known article due, the replica's clock not moved)
re-fetches pages whose bytes have not changed: each is written as a ``revisit`` record pointing at
day 0's response record, its rows point at that original, and extraction, ``reextract`` and
``storage.read.warc_record`` read the original's payload. Every response and revisit record has
its request record (``WARC-Concurrent-To``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.replica import clock
from crawler.replica.process import ReplicaProcess
from crawler.revisits import payload_digest

ALL_DUE = "7:1,365:1,1"


def _options(site: ReplicaProcess, data: Path, later: int) -> Any:
    """A run ``later`` days after the first, the replica's clock left at day 0 (nothing changed)."""
    from flows.options import ArchiveOptions
    from storage.refresh_policy import RefreshPolicy

    as_of = datetime.combine(clock.date_of_day(0), time(6, 0), tzinfo=UTC) + timedelta(days=later)
    policy = RefreshPolicy.parse(ALL_DUE)
    return ArchiveOptions(site=site.base_url, data=data, unthrottled=True, as_of=as_of, policy=policy)


@pytest.fixture(scope="module")
def runs(
    replica_factory: Callable[..., ReplicaProcess], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    from flows.pipeline import run_archive

    site = replica_factory(articles=24, seed=11)
    data = tmp_path_factory.mktemp("revisits")
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    run_archive(_options(site, data, 0), first)
    run_archive(_options(site, data, 1), second)
    return {"site": site, "data": data, "first": first, "second": second}


def _records(path: Path) -> list[Any]:
    out = []
    with path.open("rb") as handle:
        for record in ArchiveIterator(handle):
            out.append((record.rec_type, record.rec_headers, record.http_headers, record.raw_stream.read()))
    return out


def _manifest(data: Path, run: str) -> list[dict[str, Any]]:
    lines = (data / "warc" / run / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_unchanged_refetches_are_revisit_records_pointing_at_the_original(runs: dict[str, Any]) -> None:
    data, first, second = runs["data"], runs["first"], runs["second"]
    originals = {line["url"]: line for line in _manifest(data, first) if line["status"] == 200}
    revisits = [line for line in _manifest(data, second) if line.get("revisit")]
    articles = [line for line in revisits if line["kind"] == "article"]
    assert len(articles) >= 20, "the same day again: article pages are byte for byte the same"
    second_files = sorted((data / "warc" / second).glob("*.warc.gz"))
    records = [r for path in second_files for r in _records(path)]
    by_id = {h.get_header("WARC-Record-ID"): (kind, h, http) for kind, h, http, _ in records}
    for line in revisits:
        original = originals[line["url"]]
        # the fetch's row points at the original response record, not at the revisit
        assert (line["warc_file"], line["warc_offset"], line["warc_length"]) == (
            original["warc_file"],
            original["warc_offset"],
            original["warc_length"],
        )
        assert line["warc_record_id"] == original["warc_record_id"]
        kind, headers, http = by_id[line["revisit"]["warc_record_id"]]
        assert kind == "revisit"
        assert headers.get_header("WARC-Profile").endswith("/revisit/identical-payload-digest")
        assert headers.get_header("WARC-Refers-To") == original["warc_record_id"]
        assert headers.get_header("WARC-Refers-To-Target-URI") == line["url"]
        assert headers.get_header("WARC-Payload-Digest") == original["payload_digest"]
        assert http.get_statuscode() == "200"  # the revisit keeps the new response's HTTP headers
    refers_dates = {
        headers.get_header("WARC-Refers-To-Date") for kind, headers, _, _ in records if kind == "revisit"
    }
    first_dates = {
        headers.get_header("WARC-Date")
        for path in (data / "warc" / first).glob("*.warc.gz")
        for kind, headers, _, _ in _records(path)
        if kind == "response"
    }
    assert refers_dates <= first_dates
    # no payload copied: the second run's files hold no response record for those URLs
    responses = {h.get_header("WARC-Target-URI") for kind, h, _, _ in records if kind == "response"}
    assert not responses & {line["url"] for line in revisits}


def test_rows_of_revisits_point_at_the_original_and_read_its_payload(runs: dict[str, Any]) -> None:
    from storage import read

    data, first, second = runs["data"], runs["first"], runs["second"]
    fetches = read.read_table(data, "fetches").to_pylist()
    assert all(r["warc_length"] and r["warc_record_id"] for r in fetches if r["warc_file"])
    second_rows = [r for r in fetches if r["run_id"] == second and r["status"] == 200]
    pointing_back = [r for r in second_rows if r["warc_file"].startswith(f"warc/{first}/")]
    assert len(pointing_back) >= 20
    assert {r["outcome"] for r in pointing_back} >= {"article"}  # extraction read the original
    for row in pointing_back:
        record = read.warc_record(data, row)
        assert record.rec_type == "response"
        assert record.record_id == row["warc_record_id"]
        assert payload_digest(record.payload) == row["payload_digest"]
    # the articles rows (first run) point at their response records too
    for row in read.latest_articles(data).to_pylist():
        record = read.warc_record(data, row)
        assert record.rec_type == "response" and record.target_uri == row["fetched_url"]


def test_every_response_and_revisit_has_its_request_record(runs: dict[str, Any]) -> None:
    data = runs["data"]
    for path in sorted((data / "warc").glob("*/*.warc.gz")):
        records = _records(path)
        ids = {headers.get_header("WARC-Record-ID"): kind for kind, headers, _, _ in records}
        requests = [headers for kind, headers, _, _ in records if kind == "request"]
        targets = [headers.get_header("WARC-Concurrent-To") for headers in requests]
        answered = sorted(kind for kind in ids.values() if kind in ("response", "revisit"))
        assert sorted(ids[t] for t in targets) == answered


def test_a_third_run_keeps_pointing_at_the_one_full_record_and_reextract_reads_it(
    runs: dict[str, Any],
) -> None:
    from flows.pipeline import run_archive
    from flows.reextract import reextract

    data, first = runs["data"], runs["first"]
    third = str(uuid.uuid4())
    run_archive(_options(runs["site"], data, 2), third)
    revisits = [line for line in _manifest(data, third) if line.get("revisit")]
    assert revisits and all(line["warc_file"].startswith(f"warc/{first}/") for line in revisits)
    report = reextract(data)
    assert report.checked > 0 and report.same == report.checked and not report.unreadable
