"""The archive of record: HTTP exchanges in gzipped WARC files (warcio), and reading them back.

No Scrapy here. :class:`WarcWriter` writes one ``response`` record and its ``request`` record per
fetch into ``<directory>/<prefix>-NNNNN.warc.gz``, rotating to a new file past ``max_bytes``. Each
record is its own gzip member and the file is flushed after every exchange, so a killed process
leaves a file that warcio reads up to its last complete record. :func:`read_record` and
:func:`iter_responses` give the bodies back for re-extraction without touching the network, never
inflating one past ``crawler.limits.MAX_PAGE_BYTES`` (:class:`PayloadTooLarge`).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.limits import MAX_PAGE_BYTES

# Beside the WARC files of a crawl: one JSON line per fetch, and the crawl's stats at its end.
MANIFEST_NAME = "manifest.jsonl"
STATS_NAME = "stats.json"
# the article ids the run's sitemaps list, as the spider read them (JSON list; null: no sitemap read)
SITEMAP_LISTED_NAME = "sitemap-articles.json"
ARCHIVE_WRITE_FAILED = "archive-write-failed"  # a crawl's finish reason when the archive cannot be written

DEFAULT_MAX_BYTES = 256 * 1024 * 1024
_READ_BLOCK = 256 * 1024  # a stored payload is read back in blocks of this size, against its cap
# Headers describing the transfer, not the payload: the body we hold is already de-chunked, so a
# stored ``Transfer-Encoding: chunked`` would make readers de-chunk it a second time.
_TRANSFER_HEADERS = frozenset({"transfer-encoding"})

Headers = Sequence[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Exchange:
    """One HTTP request and the response it got, as fetched."""

    url: str
    status: int
    response_headers: Headers
    body: bytes
    fetched_at: datetime
    method: str = "GET"
    request_headers: Headers = ()
    request_body: bytes = b""
    reason: str = ""
    protocol: str = "HTTP/1.1"
    ip_address: str | None = None


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """Where a response record landed: file, byte offset of its gzip member, its length as stored
    (the whole gzip member), payload digest and ``WARC-Record-ID``."""

    path: Path
    offset: int
    length: int
    payload_digest: str
    record_id: str = ""


@dataclass(frozen=True, slots=True)
class WarcResponse:
    """A response record read back: body is the payload with content-encoding undone."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    fetched_at: datetime | None
    offset: int
    payload_digest: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class OriginalRecord:
    """What a revisit record names of the response record it points at."""

    record_id: str
    target_uri: str
    date: str  # its WARC-Date, as written
    payload_digest: str


class WarcWriter:
    """Append exchanges to size-rotated ``.warc.gz`` files in one directory. Not thread-safe."""

    def __init__(
        self,
        directory: str | os.PathLike[str],
        prefix: str = "riac",
        max_bytes: int = DEFAULT_MAX_BYTES,
        software: str = "riac-archive",
    ) -> None:
        self.directory = Path(directory)
        self.prefix = prefix
        self.max_bytes = max_bytes
        self.software = software
        self.paths: list[Path] = []
        self._file: BinaryIO | None = None
        self._writer: WARCWriter | None = None

    def write(self, exchange: Exchange) -> StoredRecord:
        """Write the response and its request; return where the response record starts."""
        writer, handle = self._current()
        path = self.paths[-1]
        offset = handle.tell()
        response = writer.create_warc_record(
            exchange.url,
            "response",
            payload=io.BytesIO(exchange.body),
            length=len(exchange.body),
            http_headers=_status_headers(exchange),
            warc_headers_dict=_warc_headers(exchange),
        )
        writer.write_record(response)
        length = handle.tell() - offset
        self._write_request(writer, exchange, response.rec_headers.get_header("WARC-Record-ID"))
        handle.flush()
        digest = response.rec_headers.get_header("WARC-Payload-Digest") or ""
        record_id = response.rec_headers.get_header("WARC-Record-ID") or ""
        return StoredRecord(path, offset, length, digest, record_id)

    def write_revisit(self, exchange: Exchange, original: OriginalRecord) -> StoredRecord:
        """Write a ``revisit`` record (profile identical-payload-digest) pointing at ``original``
        instead of the payload, with the exchange's HTTP headers, then its request record."""
        writer, handle = self._current()
        path = self.paths[-1]
        offset = handle.tell()
        headers = _warc_headers(exchange)
        headers["WARC-Refers-To"] = original.record_id
        revisit = writer.create_revisit_record(
            exchange.url,
            original.payload_digest,
            original.target_uri,
            original.date,
            http_headers=_status_headers(exchange),
            warc_headers_dict=headers,
        )
        writer.write_record(revisit)
        length = handle.tell() - offset
        self._write_request(writer, exchange, revisit.rec_headers.get_header("WARC-Record-ID"))
        handle.flush()
        record_id = revisit.rec_headers.get_header("WARC-Record-ID") or ""
        return StoredRecord(path, offset, length, original.payload_digest, record_id)

    def _write_request(self, writer: WARCWriter, exchange: Exchange, concurrent_to: str) -> None:
        request = writer.create_warc_record(
            exchange.url,
            "request",
            payload=io.BytesIO(exchange.request_body),
            length=len(exchange.request_body),
            http_headers=StatusAndHeaders(
                f"{exchange.method} {_request_target(exchange.url)} {exchange.protocol}",
                _clean(exchange.request_headers),
                is_http_request=True,
            ),
            warc_headers_dict={
                "WARC-Date": _warc_date(exchange.fetched_at),
                "WARC-Concurrent-To": concurrent_to,
            },
        )
        writer.write_record(request)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
            self._writer = None

    def __enter__(self) -> WarcWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _current(self) -> tuple[WARCWriter, BinaryIO]:
        if self._file is not None and self._file.tell() >= self.max_bytes:
            self.close()
        if self._file is None or self._writer is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            path = self.directory / f"{self.prefix}-{len(self.paths):05d}.warc.gz"
            self._file = open(path, "xb")  # noqa: SIM115 - kept open across writes, closed in close()
            self._writer = WARCWriter(self._file, gzip=True, warc_version="1.1")
            info = self._writer.create_warcinfo_record(
                path.name, {"software": self.software, "format": "WARC File Format 1.0"}
            )
            self._writer.write_record(info)
            self.paths.append(path)
        return self._writer, self._file


class PayloadTooLarge(ValueError):
    """A stored payload that inflates (content-encoding undone) past the reader's cap: a page the
    crawl would have refused as ``too-large``, or a compression bomb. The record stays in the WARC."""


class PayloadUnreadable(ValueError):
    """A stored payload whose content-encoding cannot be undone (corrupt compressed data)."""


def read_record(
    path: str | os.PathLike[str], offset: int, max_bytes: int = MAX_PAGE_BYTES
) -> tuple[str, list[tuple[str, str]], bytes]:
    """The response record at ``offset``: (target URL, HTTP headers, body with content-encoding undone).

    Raises :class:`PayloadTooLarge` as soon as the body passes ``max_bytes``: never more than that
    (plus one decompressed block) is held in memory, whatever the payload inflates to."""
    with open(path, "rb") as handle:
        return read_response_at(handle, offset, max_bytes, where=str(path))


def read_response_at(
    handle: BinaryIO, offset: int, max_bytes: int, where: str
) -> tuple[str, list[tuple[str, str]], bytes]:
    """:func:`read_record` on an open binary file (a local file, or an fsspec file of object storage)."""
    handle.seek(offset)
    for record in ArchiveIterator(handle):
        if record.rec_type != "response":
            raise ValueError(f"record at {where}:{offset} is a {record.rec_type!r} record")
        url = record.rec_headers.get_header("WARC-Target-URI") or ""
        headers = list(record.http_headers.headers) if record.http_headers else []
        return url, headers, read_capped(record, max_bytes)
    raise ValueError(f"no record at {where}:{offset}")


def read_original(path: str | os.PathLike[str], offset: int) -> OriginalRecord:
    """The WARC headers a revisit record repeats of the response record at ``offset``."""
    with open(path, "rb") as handle:
        handle.seek(offset)
        for record in ArchiveIterator(handle):
            if record.rec_type != "response":
                raise ValueError(f"record at {path}:{offset} is a {record.rec_type!r} record")
            headers = record.rec_headers
            return OriginalRecord(
                record_id=headers.get_header("WARC-Record-ID") or "",
                target_uri=headers.get_header("WARC-Target-URI") or "",
                date=headers.get_header("WARC-Date") or "",
                payload_digest=headers.get_header("WARC-Payload-Digest") or "",
            )
    raise ValueError(f"no record at {path}:{offset}")


def iter_responses(path: str | os.PathLike[str], max_bytes: int = MAX_PAGE_BYTES) -> Iterator[WarcResponse]:
    """Every complete response record of a WARC file, in order; a truncated tail ends the iteration.

    A record whose body inflates past ``max_bytes`` (or cannot be inflated) comes with an empty body
    and the reason in ``extra["too-large"]`` (``extra["unreadable"]``)."""
    with open(path, "rb") as handle:
        iterator = ArchiveIterator(handle)
        try:
            for record in iterator:
                if record.rec_type != "response":
                    continue
                extra: dict[str, str] = {}
                try:
                    body = read_capped(record, max_bytes)
                except PayloadTooLarge as exc:
                    body, extra = b"", {"too-large": str(exc)}
                except PayloadUnreadable as exc:
                    body, extra = b"", {"unreadable": str(exc)}
                offset = iterator.get_record_offset()
                response = _response(record, body, offset)
                response.extra.update(extra)
                yield response
        except (ArchiveLoadFailed, EOFError, OSError, ValueError):
            return  # the last record was cut short (killed writer): everything before it stands


def read_capped(record: object, max_bytes: int) -> bytes:
    """The record's payload with content-encoding undone, read in blocks up to ``max_bytes``."""
    http = record.http_headers  # type: ignore[attr-defined]
    encoding = ((http.get_header("Content-Encoding") if http else None) or "identity").strip().lower()
    body = _Capped(max_bytes, encoding)
    if encoding == "br":  # warcio's brotli hook fails on brotli 1.2 (Scrapy's): inflate it here
        _inflate_brotli(_transfer_decoded(record), body)
        return body.value()
    stream = record.content_stream()  # type: ignore[attr-defined]
    while chunk := stream.read(_READ_BLOCK):
        body.add(chunk)
    return body.value()


class _Capped:
    """Decoded payload bytes, refused (:class:`PayloadTooLarge`) past ``max_bytes``."""

    def __init__(self, max_bytes: int, encoding: str) -> None:
        self.max_bytes, self.encoding = max_bytes, encoding
        self.chunks: list[bytes] = []
        self.size = 0

    def add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.max_bytes:
            raise PayloadTooLarge(
                f"stored payload larger than {self.max_bytes} bytes once decoded "
                f"(Content-Encoding: {self.encoding}); not read further"
            )
        self.chunks.append(chunk)

    def value(self) -> bytes:
        return b"".join(self.chunks)


def _transfer_decoded(record: object) -> BinaryIO:
    """The stored payload without chunked transfer coding (this archive stores bodies de-chunked;
    other writers may not), content-encoding still on."""
    http = record.http_headers  # type: ignore[attr-defined]
    if http and (http.get_header("Transfer-Encoding") or "").strip().lower() == "chunked":
        return ChunkedDataReader(record.raw_stream)  # type: ignore[attr-defined,no-any-return]
    return record.raw_stream  # type: ignore[attr-defined,no-any-return]


def _inflate_brotli(stream: BinaryIO, body: _Capped) -> None:
    import brotli  # Scrapy's dependency; imported only for the rare brotli record

    decompressor = brotli.Decompressor()
    try:
        while chunk := stream.read(_READ_BLOCK):
            body.add(decompressor.process(chunk, output_buffer_limit=_READ_BLOCK))
            while not decompressor.can_accept_more_data():
                body.add(decompressor.process(b"", output_buffer_limit=_READ_BLOCK))
    except brotli.error as exc:
        raise PayloadUnreadable(f"stored payload is not valid brotli (Content-Encoding: br): {exc}") from exc


def _response(record: object, body: bytes, offset: int) -> WarcResponse:
    rec_headers = record.rec_headers  # type: ignore[attr-defined]
    http = record.http_headers  # type: ignore[attr-defined]
    date = rec_headers.get_header("WARC-Date")
    return WarcResponse(
        url=rec_headers.get_header("WARC-Target-URI") or "",
        status=int(http.get_statuscode() or 0) if http else 0,
        headers=list(http.headers) if http else [],
        body=body,
        fetched_at=datetime.fromisoformat(date.replace("Z", "+00:00")) if date else None,
        offset=offset,
        payload_digest=rec_headers.get_header("WARC-Payload-Digest"),
    )


def _status_headers(exchange: Exchange) -> StatusAndHeaders:
    status = f"{exchange.status} {exchange.reason}".strip()
    return StatusAndHeaders(status, _clean(exchange.response_headers), protocol=exchange.protocol)


def _warc_headers(exchange: Exchange) -> dict[str, str]:
    headers = {"WARC-Date": _warc_date(exchange.fetched_at)}
    if exchange.ip_address:
        headers["WARC-IP-Address"] = exchange.ip_address
    return headers


def _clean(headers: Headers) -> list[tuple[str, str]]:
    return [(k, v) for k, v in headers if k.lower() not in _TRANSFER_HEADERS]


def _request_target(url: str) -> str:
    rest = url.split("://", 1)[-1]
    slash = rest.find("/")
    return rest[slash:] if slash >= 0 else "/"


def _warc_date(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
