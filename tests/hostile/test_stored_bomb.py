"""A gzip bomb in the archive: 1 GiB of spaces, stored as sent (about 1 MB, ``Content-Encoding: gzip``).

Scrapy refuses such a response when it inflates it, but the archive keeps the body as received, so
every reader of stored payloads inflates it again: extraction, re-extraction, coverage, readers.
They stop at ``crawler.limits.MAX_PAGE_BYTES`` and say ``too-large``; the extraction process's peak
memory (``VmHWM`` of a fresh process) stays near that of a small page. Before the cap, one
extraction worker grew to about 2 GB on this bomb.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import brotli
import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.limits import MAX_PAGE_BYTES
from crawler.replica.hostile import gzip_bomb
from crawler.run import PROJECT_ROOT
from crawler.warc import (
    Exchange,
    PayloadTooLarge,
    PayloadUnreadable,
    WarcWriter,
    iter_responses,
    read_record,
)

BOMB_BYTES = 1 << 30  # 1 GiB once inflated
URL = "https://russiancouncil.ru/en/news/bomb/"
# Extra peak memory the bomb may cost over a small page: the cap (8 MB), one inflated block and a copy.
MARGIN_MB = 100

# One extraction in a fresh process: classify the stored fetch, report the outcome and peak RSS.
CLASSIFY = """
import json, sys
from datetime import UTC, datetime
from pathlib import Path
import crawler.pages.article  # imported up front: both measurements carry the same baseline
from crawler.stage.extract import FetchRecord, classify
root, warc_file, offset = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
record = FetchRecord(url=sys.argv[4], status=200, fetched_at=datetime.now(UTC), warc_file=warc_file,
                     warc_offset=offset)
page = classify(record, frozenset(), root)
def peak_mb():  # this process's own high-water mark (ru_maxrss would carry the parent's from fork)
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024
print(json.dumps({
    "outcome": str(page.outcome),
    "error_type": page.failure.error_type if page.failure else None,
    "reason": page.failure.reason if page.failure else None,
    "peak_mb": peak_mb(),
}))
"""


def store(directory: Path, body: bytes, url: str = URL, encoding: str = "gzip") -> tuple[str, int]:
    headers = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Encoding", encoding),
        ("Content-Length", str(len(body))),
    ]
    with WarcWriter(directory / "warc" / "run") as writer:
        stored = writer.write(Exchange(url, 200, headers, body, datetime.now(UTC)))
    return str(stored.path.relative_to(directory)), stored.offset


def classify_in_fresh_process(root: Path, warc_file: str, offset: int, url: str = URL) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", CLASSIFY, str(root), warc_file, str(offset), url],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.fixture(scope="module")
def bomb() -> bytes:
    body = gzip_bomb(BOMB_BYTES)  # the replica's hostile page (--faults hostile=1) serves the same
    assert len(body) < 1_100_000  # sent as about 1 MB, under the crawl's 8 MB wire cap
    return body


def test_extraction_of_a_stored_gzip_bomb_is_too_large_with_flat_memory(bomb: bytes, tmp_path: Path) -> None:
    small = gzip.compress(
        b"<!DOCTYPE html><html><head><title>x</title></head><body><p>Hello.</p></body></html>"
    )
    (tmp_path / "small").mkdir()
    reference = classify_in_fresh_process(tmp_path / "small", *store(tmp_path / "small", small))
    assert reference["error_type"] != "too-large"

    (tmp_path / "bomb").mkdir()
    warc_file, offset = store(tmp_path / "bomb", bomb)
    result = classify_in_fresh_process(tmp_path / "bomb", warc_file, offset)
    assert (result["outcome"], result["error_type"]) == ("failed", "too-large")
    assert f"larger than {MAX_PAGE_BYTES} bytes" in str(result["reason"])
    assert "gzip" in str(result["reason"])
    peak, baseline = float(result["peak_mb"]), float(reference["peak_mb"])  # type: ignore[arg-type]
    assert peak < baseline + MARGIN_MB, f"bomb {peak:.0f} MB vs small page {baseline:.0f} MB"
    print(f"\nstored gzip bomb: extraction peak {peak:.0f} MB, small page {baseline:.0f} MB")

    # the raw record stays in the archive, readable as stored
    path = tmp_path / "bomb" / warc_file
    responses = list(iter_responses(path))
    assert len(responses) == 1 and responses[0].body == b"" and "too-large" in responses[0].extra
    with pytest.raises(PayloadTooLarge):
        read_record(path, offset)
    with path.open("rb") as handle:
        handle.seek(offset)
        assert next(iter(ArchiveIterator(handle))).raw_stream.read() == bomb


def brotli_bomb(size: int = BOMB_BYTES) -> bytes:
    compressor = brotli.Compressor(quality=5)
    block = b" " * (1 << 24)
    return b"".join(compressor.process(block) for _ in range(size // len(block))) + compressor.finish()


def test_brotli_records_read_back_and_a_brotli_bomb_is_too_large(tmp_path: Path) -> None:
    """warcio cannot inflate brotli with Scrapy's brotli 1.2 (it crashed: AttributeError); a server
    may send it unasked, so the reader inflates it itself, under the same cap."""
    page = b"<!DOCTYPE html><html><body><p>" + "Привет, мир. ".encode() * 2000 + b"</p></body></html>"
    (tmp_path / "page").mkdir()
    warc_file, offset = store(tmp_path / "page", brotli.compress(page), encoding="br")
    assert read_record(tmp_path / "page" / warc_file, offset)[2] == page

    bomb = brotli_bomb()
    assert len(bomb) < 10_000  # brotli packs 1 GiB of spaces into a few hundred bytes
    (tmp_path / "bomb").mkdir()
    warc_file, offset = store(tmp_path / "bomb", bomb, encoding="br")
    result = classify_in_fresh_process(tmp_path / "bomb", warc_file, offset)
    assert (result["outcome"], result["error_type"]) == ("failed", "too-large")
    assert "Content-Encoding: br" in str(result["reason"])
    assert float(result["peak_mb"]) < 200  # type: ignore[arg-type]
    responses = list(iter_responses(tmp_path / "bomb" / warc_file))
    assert len(responses) == 1 and "too-large" in responses[0].extra

    (tmp_path / "corrupt").mkdir()
    warc_file, offset = store(tmp_path / "corrupt", b"\x1b\xff" * 50, encoding="br")
    with pytest.raises(PayloadUnreadable):
        read_record(tmp_path / "corrupt" / warc_file, offset)
