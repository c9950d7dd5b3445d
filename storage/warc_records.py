"""The WARC record a dataset row points at, read with one ranged read (local root or ``s3://``).

Every ``fetches`` and ``articles`` row names its response record by ``warc_file`` (relative to the
root), ``warc_offset`` (where its gzip member starts) and, from schema 3 on, ``warc_length`` (the
member's bytes as stored) and ``warc_record_id``: the Common Crawl convention, so a reader takes
exactly those bytes (one ``pread`` locally, one ranged GET on S3) and parses them with warcio.
Rows of older files have no length: their record is read as a stream from its offset instead.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from storage.store import Store


class RecordMismatch(ValueError):
    """The bytes at a row's offset hold another record than the row names (wrong id or no record)."""


@dataclass(frozen=True, slots=True)
class WarcRecord:
    """One record as stored and as warcio reads it."""

    raw: bytes  # the record exactly as stored in the WARC file (its gzip member)
    rec_type: str  # response, revisit, request, ...
    record_id: str  # WARC-Record-ID
    target_uri: str  # WARC-Target-URI
    date: str  # WARC-Date
    warc_headers: list[tuple[str, str]]
    status: int | None  # HTTP status (None for records without HTTP headers)
    http_headers: list[tuple[str, str]]
    payload: bytes  # the HTTP payload as it came off the wire: content-encoding kept

    def warc_header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((value for key, value in self.warc_headers if key.lower() == wanted), None)


def read_row_record(store: Store, row: Mapping[str, Any]) -> WarcRecord:
    """The record a row points at; :class:`RecordMismatch` when its id is not the row's."""
    rel, offset = row.get("warc_file"), row.get("warc_offset")
    if rel is None or offset is None:
        raise ValueError("the row points at no WARC record (warc_file or warc_offset is null)")
    length = row.get("warc_length")
    if length is not None:
        raw = store.read_range(str(rel), int(offset), int(length))
        record = parse_record(raw)
    else:  # a row of schema 1 or 2: the record's end is found by reading it
        with store.open_binary(str(rel)) as handle:
            handle.seek(int(offset))
            record = _read_one(handle, None, int(offset))
    expected = row.get("warc_record_id")
    if expected is not None and record.record_id != expected:
        raise RecordMismatch(
            f"{rel} at {offset}: record {record.record_id!r}, but the row names {expected!r}"
        )
    return record


def parse_record(raw: bytes) -> WarcRecord:
    """The one record in ``raw`` (a gzip member or an uncompressed record)."""
    return _read_one(io.BytesIO(raw), raw, 0)


def _read_one(stream: BinaryIO, raw: bytes | None, start: int) -> WarcRecord:
    iterator = ArchiveIterator(stream)
    for record in iterator:
        payload = record.raw_stream.read()
        if raw is None:  # streamed: the bytes it took are known once the record is read
            iterator.read_to_end(record)
            stream.seek(start)
            raw = stream.read(iterator.get_record_length())
        headers = record.rec_headers
        http = record.http_headers
        status = http.get_statuscode() if http is not None and record.rec_type != "request" else None
        return WarcRecord(
            raw=raw,
            rec_type=record.rec_type,
            record_id=headers.get_header("WARC-Record-ID") or "",
            target_uri=headers.get_header("WARC-Target-URI") or "",
            date=headers.get_header("WARC-Date") or "",
            warc_headers=list(headers.headers),
            status=int(status) if status and str(status).isdigit() else None,
            http_headers=list(http.headers) if http is not None else [],
            payload=payload,
        )
    raise RecordMismatch("no WARC record at the row's offset")
