from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from crawler.items import Outcome
from crawler.stage.extract import (
    Extraction,
    FetchRecord,
    PageResult,
    batches,
    classify,
    read_manifest,
    read_response,
    site_poll,
)
from tests.flows.helpers import T0, item, write_warc

ORIGIN = "https://russiancouncil.ru"


def test_manifest_lines_become_records_on_the_run_clock(tmp_path: Path) -> None:
    manifest = tmp_path / "fetches.jsonl"
    manifest.write_text(
        '{"url": "https://russiancouncil.ru/en/news/a/", "status": 200, "fetched_at": "2026-11-28T10:00:00Z",'
        ' "warc_file": "x.warc.gz", "warc_offset": 0}\n\n'
        '{"url": "https://russiancouncil.ru/en/", "status": null, "fetched_at": "2026-11-28T10:00:01+00:00",'
        ' "error_type": "timeout", "error_message": "no answer in 180 s"}\n'
    )
    records = read_manifest(manifest, shift=timedelta(days=-1))
    assert [r.status for r in records] == [200, None]
    assert records[0].fetched_at.isoformat() == "2026-11-27T10:00:00+00:00"
    assert records[1].error == "timeout: no answer in 180 s"


def test_warc_records_are_read_back_by_offset(tmp_path: Path) -> None:
    records = write_warc(
        tmp_path / "a.warc.gz",
        [(f"{ORIGIN}/en/news/a/", 200, b"<p>first</p>"), (f"{ORIGIN}/en/news/b/", 200, b"<p>second</p>")],
    )
    headers, body = read_response(tmp_path, records[1])
    assert body == b"<p>second</p>"
    assert headers["Content-Type"].startswith("text/html")


def test_classification_without_extraction(tmp_path: Path) -> None:
    listing, gone, unknown_gone, error = write_warc(
        tmp_path / "a.warc.gz",
        [
            (f"{ORIGIN}/en/analytics-and-comments/analytics/", 200, b"<p>list</p>"),
            (f"{ORIGIN}/en/news/old/", 410, b"gone"),
            (f"{ORIGIN}/en/news/never-seen/", 404, b"nope"),
            (f"{ORIGIN}/en/news/x/", 503, b"busy"),
        ],
    )
    known = frozenset({"en/news/old"})
    assert classify(listing, known, tmp_path).outcome == Outcome.NOT_ARTICLE
    withdrawn = classify(gone, known, tmp_path)
    assert withdrawn.outcome == Outcome.WITHDRAWN and withdrawn.failure is not None
    assert classify(unknown_gone, known, tmp_path).outcome == Outcome.FAILED
    failed = classify(error, known, tmp_path)
    assert (failed.outcome, failed.failure and failed.failure.error_type) == (Outcome.FAILED, "http")
    no_response = classify(FetchRecord(f"{ORIGIN}/en/news/y/", None, T0, error="timeout"), known, tmp_path)
    assert no_response.failure is not None and no_response.failure.reason == "timeout"


def test_broken_warc_reference_fails_the_page_not_the_run(tmp_path: Path) -> None:
    record = FetchRecord(f"{ORIGIN}/en/news/a/", 200, T0, "missing.warc.gz", 0)
    result = classify(record, frozenset(), tmp_path)
    assert result.outcome == Outcome.FAILED and result.failure is not None
    assert result.failure.error_type == "warc-read"


def test_batches_are_big_enough_and_cover_everything() -> None:
    records = [FetchRecord(f"{ORIGIN}/en/news/{i}/", 200, T0) for i in range(450)]
    parts = batches(records, workers=2)
    assert len(parts) == 4 and all(len(p) >= 100 for p in parts)
    assert [r.url for p in parts for r in p] == [r.url for r in records]
    assert len(batches(records[:150], workers=2)) == 1
    assert batches([], workers=2) == []


def test_one_poll_observation_per_run_from_the_latest_page_per_language() -> None:
    def page(path: str, votes: int, minutes: int) -> PageResult:
        at = T0 + timedelta(minutes=minutes)
        record = FetchRecord(ORIGIN + path, 200, at)
        return PageResult(record, Outcome.ARTICLE, item=item(path, votes=votes, at=at))

    pages = [page("/en/news/a/", 5, 0), page("/en/news/b/", 6, 2), page("/news/c/", 7, 1)]
    polls, observed = site_poll(pages)
    assert observed == T0 + timedelta(minutes=2)
    # each language copy is its own poll, even where both share the wording (question_index 0 each)
    assert [(p.lang, p.options[0].votes) for p in polls] == [("en", 6), ("ru", 7)]
    ru = replace(
        pages[2], item=item("/news/c/", votes=7, polls=(replace(pages[2].item.polls[0], question="Вопрос?"),))
    )
    polls, _ = site_poll([*pages[:2], ru])
    assert [p.question for p in polls] == ["Question?", "Вопрос?"]
    assert Extraction(pages=pages).items[0].article_id == "en/news/a"


def test_process_pool_gives_the_same_pages_in_the_same_order(tmp_path: Path, replica: object) -> None:
    from crawler.replica.process import ReplicaProcess
    from crawler.stage.extract import extract_all
    from tests.flows.helpers import fetch_into_warc

    assert isinstance(replica, ReplicaProcess)
    paths = [*[a["path"] for a in replica.index()][:12], "/en/", "/en/news/no-such-article/"]
    records = fetch_into_warc(replica.base_url, paths, tmp_path / "a.warc.gz")
    alone = extract_all(records, set(), tmp_path, workers=1)
    pooled = extract_all(records, set(), tmp_path, workers=2, min_batch=4, pool_min_pages=0)
    assert [(p.record.url, p.outcome, p.item) for p in pooled.pages] == [
        (p.record.url, p.outcome, p.item) for p in alone.pages
    ]
    assert pooled.by_outcome()["article"] >= 10
    assert pooled.stats["teasers_separated"] == alone.stats["teasers_separated"] > 0
