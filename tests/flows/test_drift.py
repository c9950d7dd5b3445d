"""The layout drift alarm on the real extraction and store stages, fed a WARC file whose article
pages no longer look like articles (as after a redesign of the site)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from crawler.replica.process import ReplicaProcess
from crawler.stage.crawl import CrawlOutput
from flows import pipeline
from flows.options import ArchiveOptions
from storage.run_report import LayoutDriftError
from tests.flows.helpers import fetch_into_warc, write_warc

REDESIGNED = b"<html><body><div id=app></div><script>render()</script></body></html>"


def _manifest(path: Path, records: list) -> Path:
    with path.open("w") as out:
        for r in records:
            row = {"url": r.url, "status": r.status, "fetched_at": r.fetched_at.isoformat()}
            row |= {"warc_file": r.warc_file, "warc_offset": r.warc_offset}
            out.write(json.dumps(row) + "\n")
    return path


def _run(
    tmp_path: Path, records: list, threshold: float, listed: frozenset[str] | None = None
) -> tuple[pipeline.Prepared, object]:
    options = ArchiveOptions(site="http://127.0.0.1:1", data=tmp_path, drift_threshold=threshold)
    prepared = pipeline.prepare(options, "run-1")
    manifest = _manifest(tmp_path / "fetches.jsonl", records)
    crawled = CrawlOutput(manifest, tmp_path / "warc", len(records), sitemap_article_ids=listed)
    extraction = pipeline.extract(options, prepared, crawled)
    report = pipeline.new_report(options, prepared)
    pipeline.store(options, prepared, extraction, crawled, report)
    return prepared, report


def test_redesigned_pages_fail_the_run_but_everything_stays_archived(
    tmp_path: Path, replica: ReplicaProcess
) -> None:
    (tmp_path / "warc").mkdir()
    good = [a["path"] for a in replica.index() if not a["withdrawn"]][:4]
    records = fetch_into_warc(replica.base_url, good, tmp_path / "warc" / "a.warc.gz")
    broken = [(f"https://russiancouncil.ru/en/news/redesigned-{i}/", 200, REDESIGNED) for i in range(12)]
    records += write_warc(tmp_path / "warc" / "b.warc.gz", broken)
    _, report = _run(tmp_path, records, threshold=0.5)
    message = pipeline.check_drift(report, 0.5)  # type: ignore[arg-type]
    assert message is not None and "layout" in message and "12 of 16" in message
    with pytest.raises(LayoutDriftError, match="changed its layout"):
        pipeline.finish(ArchiveOptions(site="http://127.0.0.1:1", data=tmp_path, drift_threshold=0.5), report)  # type: ignore[arg-type]

    from storage import read

    assert read.count_rows(tmp_path, "articles") == 4
    assert read.count_rows(tmp_path, "fetches") == 16
    assert read.count_rows(tmp_path, "failures") == 12
    [run] = read.read_table(tmp_path, "runs").to_pylist()
    assert run["status"] == "failed"


def test_a_few_failures_under_the_threshold_pass(tmp_path: Path, replica: ReplicaProcess) -> None:
    (tmp_path / "warc").mkdir()
    good = [a["path"] for a in replica.index() if not a["withdrawn"]][:12]
    records = fetch_into_warc(replica.base_url, good, tmp_path / "warc" / "a.warc.gz")
    records += write_warc(
        tmp_path / "warc" / "b.warc.gz", [("https://russiancouncil.ru/en/news/x/", 200, REDESIGNED)]
    )
    _, report = _run(tmp_path, records, threshold=0.3)
    pipeline.finish(ArchiveOptions(site="http://127.0.0.1:1", data=tmp_path), report)  # type: ignore[arg-type]
    assert len(report.failures) == 1  # type: ignore[attr-defined]
    assert report.article_pages == 13  # type: ignore[attr-defined]


def test_shifted_clock_is_applied_to_fetch_times(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    as_of = datetime(2025, 3, 3, 6, tzinfo=UTC)
    prepared = pipeline.prepare(ArchiveOptions(data=tmp_path, as_of=as_of), "run-1")
    assert abs(prepared.now - as_of) < timedelta(minutes=1)
    assert prepared.day_label == "2025-03-03"


def test_coverage_against_the_article_ids_the_crawl_recorded(tmp_path: Path, replica: ReplicaProcess) -> None:
    """The crawl records what its sitemaps list (tests/crawler/crawl/test_crawl.py); the store stage
    counts the archived ones among them."""
    from crawler.urls import article_id

    (tmp_path / "warc").mkdir()
    listed_paths = [a["path"] for a in replica.index() if not a["withdrawn"]]
    records = fetch_into_warc(replica.base_url, listed_paths[:5], tmp_path / "warc" / "a.warc.gz")
    listed = frozenset(article_id(f"https://russiancouncil.ru{path}") for path in listed_paths)
    _, report = _run(tmp_path, records, threshold=0.5, listed=listed)
    assert report.sitemap_listed == len(listed_paths)  # type: ignore[attr-defined]
    assert report.sitemap_covered == 5  # type: ignore[attr-defined]


@pytest.mark.usefixtures("prefect_harness")
def test_archive_flow_ends_failed_on_drift_with_the_data_stored(
    tmp_path: Path, replica_factory: Callable[..., ReplicaProcess]
) -> None:
    """The replica's fixed fault pages include an article URL that serves no article text."""
    from flows.archive import archive
    from storage import read

    site = replica_factory(articles=30, seed=3, faults="5xx=0")
    options = ArchiveOptions(site=site.base_url, data=tmp_path, unthrottled=True, drift_threshold=0.01)
    state = archive(options, return_state=True)
    assert state.is_failed()
    assert "Layout drift" in str(state.message)
    [run] = read.read_table(tmp_path, "runs").to_pylist()
    assert run["status"] == "failed"
    assert read.count_rows(tmp_path, "articles") >= 25
    statuses = {r["status"] for r in read.read_table(tmp_path, "fetches").to_pylist()}
    assert 302 in statuses
    reasons = [r["message"] for r in read.read_table(tmp_path, "failures").to_pylist()]
    assert not any("HTTP 30" in m for m in reasons)  # redirects are hops, not failures


def test_a_retried_crawl_writes_next_to_the_failed_attempt(tmp_path: Path, replica: ReplicaProcess) -> None:
    from crawler.stage.crawl import run_crawl_stage

    options = ArchiveOptions(site=replica.base_url, data=tmp_path, unthrottled=True, max_pages=5)
    known = tmp_path / "known.jsonl"
    known.write_text("")
    first = run_crawl_stage(options, "run-x", known, tmp_path)
    second = run_crawl_stage(options, "run-x", known, tmp_path)
    assert first.manifest.parent.name == "run-x"
    assert second.manifest.parent.name == "run-x-attempt-2"
    assert first.pages > 0 and second.pages > 0
    assert sorted(p.name for p in first.manifest.parent.glob("*.warc.gz"))  # the first attempt's files stay
