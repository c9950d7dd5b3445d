from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from crawler.warc import Exchange, WarcWriter, iter_responses, read_record

WHEN = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def _exchange(n: int, body: bytes | None = None, headers: list[tuple[str, str]] | None = None) -> Exchange:
    return Exchange(
        url=f"http://127.0.0.1:8000/en/news/item-{n}/?PAGEN_1=2",
        status=200,
        reason="OK",
        response_headers=headers or [("Content-Type", "text/html; charset=utf-8")],
        body=body if body is not None else f"<html><p>article {n} Привет</p></html>".encode(),
        fetched_at=WHEN,
        request_headers=[("User-Agent", "riac-archive test")],
    )


def test_written_records_read_back_at_their_offsets(tmp_path: Path) -> None:
    with WarcWriter(tmp_path, prefix="run") as writer:
        stored = [writer.write(_exchange(n)) for n in range(3)]
    assert [s.path.name for s in stored] == ["run-00000.warc.gz"] * 3
    assert len({s.offset for s in stored}) == 3
    for n, record in enumerate(stored):
        url, headers, body = read_record(record.path, record.offset)
        assert url.endswith(f"/item-{n}/?PAGEN_1=2")
        assert ("Content-Type", "text/html; charset=utf-8") in headers
        assert body == f"<html><p>article {n} Привет</p></html>".encode()
        assert record.payload_digest.startswith("sha1:")


def test_each_response_has_its_request(tmp_path: Path) -> None:
    with WarcWriter(tmp_path) as writer:
        writer.write(_exchange(1))
    with open(writer.paths[0], "rb") as handle:
        records = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI")) for r in ArchiveIterator(handle)]
    assert [t for t, _ in records] == ["warcinfo", "response", "request"]
    assert records[1][1] == records[2][1]


def test_rotation_by_size(tmp_path: Path) -> None:
    with WarcWriter(tmp_path, max_bytes=600) as writer:
        stored = [writer.write(_exchange(n, body=bytes(range(256)) * 8)) for n in range(4)]
    assert len(writer.paths) == 4
    assert [s.path for s in stored] == writer.paths
    assert [len(list(iter_responses(p))) for p in writer.paths] == [1, 1, 1, 1]


def test_content_encoding_is_undone_on_read(tmp_path: Path) -> None:
    raw = b"<html>compressed page</html>"
    headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]
    with WarcWriter(tmp_path) as writer:
        record = writer.write(_exchange(1, body=gzip.compress(raw), headers=headers))
    _, stored_headers, body = read_record(record.path, record.offset)
    assert body == raw
    assert all(k.lower() != "transfer-encoding" for k, _ in stored_headers)


def test_truncated_file_reads_up_to_last_complete_record(tmp_path: Path) -> None:
    with WarcWriter(tmp_path) as writer:
        stored = [writer.write(_exchange(n)) for n in range(5)]
    path = writer.paths[0]
    data = path.read_bytes()
    path.write_bytes(data[: stored[4].offset + 40])  # killed while writing the fifth exchange
    responses = list(iter_responses(path))
    assert [r.offset for r in responses] == [s.offset for s in stored[:4]]
    assert responses[3].body == "<html><p>article 3 Привет</p></html>".encode()
    assert responses[0].fetched_at == WHEN
    assert responses[0].status == 200
