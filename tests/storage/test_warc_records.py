"""A dataset row reads its WARC record with one ranged read, from a local root and from S3 (moto)."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from crawler.warc import Exchange, StoredRecord, WarcWriter
from storage import read
from storage.store import LocalStore, S3Store, open_store
from storage.warc_records import RecordMismatch, read_row_record
from tests.moto_s3 import moto_root

WHEN = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
BUCKET = "riac-warc"
PAGE = "<html><p>Статья: the full text</p></html>".encode()


def _exchange(n: int, body: bytes, headers: list[tuple[str, str]]) -> Exchange:
    return Exchange(
        url=f"https://russiancouncil.ru/en/news/item-{n}/",
        status=200,
        reason="OK",
        response_headers=headers,
        body=body,
        fetched_at=WHEN,
        request_headers=[("User-Agent", "riac-archive test")],
    )


def _write(root: Path) -> tuple[list[StoredRecord], list[bytes]]:
    """Three exchanges, the second gzip-encoded on the wire, as a crawl writes them."""
    bodies = [PAGE, gzip.compress(PAGE), b"<html>third</html>" * 50]
    encodings = [[], [("Content-Encoding", "gzip")], []]
    run = root / "warc" / "r1"
    with WarcWriter(run, prefix="riac-r1") as writer:
        stored = [
            writer.write(_exchange(n, body, [("Content-Type", "text/html"), *extra]))
            for n, (body, extra) in enumerate(zip(bodies, encodings, strict=True))
        ]
    return stored, bodies


def _row(root: Path, stored: StoredRecord) -> dict[str, Any]:
    """The WARC columns of a ``fetches``/``articles`` row (schema 3)."""
    return {
        "warc_file": stored.path.relative_to(root).as_posix(),
        "warc_offset": stored.offset,
        "warc_length": stored.length,
        "warc_record_id": stored.record_id,
    }


class CountingStore(LocalStore):
    """A local root that counts the reads made through it."""

    def __init__(self, base: Path) -> None:
        super().__init__(base)
        self.ranged: list[tuple[str, int, int]] = []
        self.streamed = 0

    def read_range(self, rel: str, offset: int, length: int) -> bytes:
        self.ranged.append((rel, offset, length))
        return super().read_range(rel, offset, length)

    def open_binary(self, rel: str) -> Any:
        self.streamed += 1
        return super().open_binary(rel)


def test_a_row_reads_its_record_with_one_ranged_read(tmp_path: Path) -> None:
    stored, bodies = _write(tmp_path)
    store = CountingStore(tmp_path)
    for one, body in zip(stored, bodies, strict=True):
        row = _row(tmp_path, one)
        record = read.warc_record(store, row)
        assert record.rec_type == "response"
        assert record.record_id == one.record_id and record.record_id.startswith("<urn:uuid:")
        assert record.payload == body  # as it came off the wire: gzip kept for the second
        assert record.raw == one.path.read_bytes()[one.offset : one.offset + one.length]
        assert record.raw[:2] == b"\x1f\x8b" and len(record.raw) == one.length  # its own gzip member
        assert record.warc_header("WARC-Payload-Digest") == one.payload_digest
        assert record.status == 200
    assert store.ranged == [(_row(tmp_path, s)["warc_file"], s.offset, s.length) for s in stored]
    assert store.streamed == 0
    assert ("Content-Encoding", "gzip") in read.warc_record(tmp_path, _row(tmp_path, stored[1])).http_headers


def test_a_row_of_an_older_schema_without_length_still_reads(tmp_path: Path) -> None:
    stored, bodies = _write(tmp_path)
    store = CountingStore(tmp_path)
    row = _row(tmp_path, stored[2]) | {"warc_length": None, "warc_record_id": None}
    record = read_row_record(store, row)
    assert record.payload == bodies[2]
    assert record.record_id == stored[2].record_id
    assert record.raw == stored[2].path.read_bytes()[stored[2].offset : stored[2].offset + stored[2].length]
    assert store.streamed == 1 and store.ranged == []


def test_a_row_naming_another_record_is_refused(tmp_path: Path) -> None:
    stored, _ = _write(tmp_path)
    row = _row(tmp_path, stored[0]) | {"warc_record_id": stored[1].record_id}
    with pytest.raises(RecordMismatch, match="the row names"):
        read.warc_record(tmp_path, row)
    with pytest.raises(ValueError, match="points at no WARC record"):
        read.warc_record(tmp_path, {"warc_file": None, "warc_offset": None})


@pytest.fixture
def s3_root(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with moto_root(monkeypatch, BUCKET) as root:
        yield root


def test_a_row_reads_its_record_from_an_s3_root(tmp_path: Path, s3_root: str) -> None:
    stored, bodies = _write(tmp_path)
    store = open_store(s3_root)
    assert isinstance(store, S3Store)
    rel = _row(tmp_path, stored[0])["warc_file"]
    store.put_file(rel, stored[0].path)  # as a run copies its WARC files to the datasets root
    for one, body in zip(stored, bodies, strict=True):
        record = read.warc_record(s3_root, _row(tmp_path, one))
        assert record.payload == body
        assert record.record_id == one.record_id
        assert len(record.raw) == one.length
    old = _row(tmp_path, stored[1]) | {"warc_length": None}
    assert read.warc_record(s3_root, old).payload == bodies[1]
