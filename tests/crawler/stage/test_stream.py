"""Extraction while the crawl runs (crawler/stage/stream.py): same pages as extracting the finished crawl."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from crawler.stage.extract import FetchRecord, extract_all
from crawler.stage.spill import SpilledPages, release, write_batch
from crawler.stage.stream import ManifestTail, StreamingExtractor, overlapped
from tests.flows.helpers import fetch_into_warc


def manifest_line(record: FetchRecord) -> bytes:
    row = {
        "url": record.url,
        "status": record.status,
        "fetched_at": record.fetched_at.isoformat(),
        "warc_file": record.warc_file,
        "warc_offset": record.warc_offset,
        "content_type": record.content_type,
        "length": record.length,
        "note": "Россия",  # multi-byte text, cut in the middle below
    }
    return (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")


def replica_records(replica: object, tmp_path: Path) -> list[FetchRecord]:
    from crawler.replica.process import ReplicaProcess

    assert isinstance(replica, ReplicaProcess)
    paths = [*[a["path"] for a in replica.index()][:12], "/en/", "/en/news/no-such-article/"]
    return fetch_into_warc(replica.base_url, paths, tmp_path / "a.warc.gz")


def test_pages_extracted_while_the_manifest_grows_equal_extract_all(tmp_path: Path, replica: object) -> None:
    records = replica_records(replica, tmp_path)
    manifest = tmp_path / "manifest.jsonl"
    tail = ManifestTail(manifest)
    assert tail.poll() == []  # the crawl has not written anything yet
    spill = tmp_path / "pages"
    extractor = StreamingExtractor(set(), tmp_path, spill, workers=2, batch_size=4, pool_start=4)
    with manifest.open("wb") as out:
        for record in records:
            line = manifest_line(record)
            cut = line.index("Россия".encode()) + 1  # inside a two-byte character
            for part in (line[:cut], line[cut:]):
                out.write(part)
                out.flush()
                extractor.add(tail.poll())
    extractor.add(tail.poll())
    assert tail.lines == len(records)
    streamed = extractor.finish()
    alone = extract_all(records, set(), tmp_path, workers=1)
    assert extractor.submitted == len(records)  # every page went through the worker processes
    assert [(p.record, p.outcome, p.item) for p in streamed.pages] == [
        (p.record, p.outcome, p.item) for p in alone.pages
    ]
    assert streamed.polls == alone.polls and streamed.polls_observed_at == alone.polls_observed_at
    assert streamed.stats == alone.stats
    assert streamed.by_outcome()["article"] >= 10
    assert isinstance(streamed.pages, SpilledPages)
    assert len(list(spill.iterdir())) == len(streamed.pages.batches) == 5  # 3 × 4 pages, the tail 1 + 1
    assert streamed.pages[13] == alone.pages[13] and streamed.pages[-1] == alone.pages[-1]
    release(streamed.pages)
    assert not spill.exists()


def test_a_warm_pool_starts_before_the_first_fetch_and_gives_the_same_pages(
    tmp_path: Path, replica: object
) -> None:
    records = replica_records(replica, tmp_path)
    spill = tmp_path / "pages"
    extractor = StreamingExtractor(set(), tmp_path, spill, workers=2, batch_size=4, warm=True)
    assert extractor._pool is not None  # started with the crawl, before any fetch
    extractor.add(records)  # far below the default pool start (200 waiting fetches)
    streamed = extractor.finish()
    alone = extract_all(records, set(), tmp_path, workers=1)
    assert extractor.submitted == len(records)
    assert [(p.record, p.outcome, p.item) for p in streamed.pages] == [
        (p.record, p.outcome, p.item) for p in alone.pages
    ]
    assert streamed.by_outcome() == alone.by_outcome() and streamed.by_outcome()["article"] >= 10
    release(streamed.pages)


def test_the_store_plan_of_spilled_pages_equals_the_in_memory_one(tmp_path: Path, replica: object) -> None:
    from crawler.stage.extract import summarise
    from storage.known_state import load_known_state
    from storage.plan import plan_rows
    from storage.run_report import RunReport

    records = replica_records(replica, tmp_path)
    alone = extract_all(records, set(), tmp_path, workers=1)
    pages = list(alone.pages)
    amp = replace(
        pages[0], record=replace(pages[0].record, url=pages[0].record.url.replace("/en/", "/en/amp/"))
    )
    pages = [pages[0], amp, *pages[1:], amp]  # an AMP copy after its page: the main page still wins
    spill = tmp_path / "pages"
    batches = [pages[i : i + 5] for i in range(0, len(pages), 5)]
    for number, batch in enumerate(batches):
        write_batch(spill / f"b{number}", batch)
    spilled = SpilledPages(spill, [(f"b{n}", len(b)) for n, b in enumerate(batches)])
    known = load_known_state(tmp_path / "empty")
    in_memory = summarise(pages)
    on_disk = replace(in_memory, pages=spilled)
    report_a, report_b = RunReport("archive", "r", "s", "d"), RunReport("archive", "r", "s", "d")
    plan_a = plan_rows(in_memory, known, "r", report_a)
    plan_b = plan_rows(on_disk, known, "r", report_b)
    for dataset in plan_a.rows:
        rows_a, rows_b = list(plan_a.rows[dataset]), list(plan_b.rows[dataset])
        for row in rows_a + rows_b:
            row.pop("stored_at", None)
        assert rows_a == rows_b, dataset
    assert report_a == report_b
    assert [r["fetched_url"] for r in plan_b.rows["articles"]].count(pages[0].item.fetched_url) == 1


def test_a_small_run_never_starts_a_pool(tmp_path: Path, replica: object) -> None:
    records = replica_records(replica, tmp_path)[:3]
    extractor = StreamingExtractor(set(), tmp_path, tmp_path / "p", workers=2, batch_size=4, pool_start=100)
    extractor.add(records)
    result = extractor.finish()
    assert extractor.submitted == 0
    assert len(result.pages) == 3


def test_a_failed_crawl_stops_the_workers_and_raises(tmp_path: Path, replica: object) -> None:
    records = replica_records(replica, tmp_path)
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_bytes(b"".join(manifest_line(r) for r in records))
    extractor = StreamingExtractor(set(), tmp_path, tmp_path / "p", workers=2, batch_size=2, pool_start=2)

    def crawl() -> None:
        import time

        time.sleep(0.6)  # the feeder thread sends batches to the pool meanwhile
        raise RuntimeError("crawl process died")

    with pytest.raises(RuntimeError, match="crawl process died"):
        overlapped(crawl, ManifestTail(manifest), extractor, every=0.05)
    assert extractor.submitted > 0
    assert extractor._pool is None  # shut down
