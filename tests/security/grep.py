"""Look for a planted secret everywhere a run wrote: raw bytes, gzip members (WARC) and the values
inside Parquet files (compressed pages would hide it from a byte search)."""

from __future__ import annotations

import contextlib
import gzip
import io
import zlib
from pathlib import Path

import pyarrow.parquet as pq


def readable_forms(name: str, data: bytes) -> list[bytes]:
    """The bytes of a file as stored, plus its decompressed or decoded forms."""
    forms = [data]
    if data[:2] == b"\x1f\x8b":
        with contextlib.suppress(OSError, EOFError, zlib.error):
            forms.append(gzip.decompress(data))
    if name.endswith(".parquet") or data[:4] == b"PAR1":
        table = pq.read_table(io.BytesIO(data))
        forms.append(repr(table.to_pylist()).encode())
        forms.append(repr(table.schema.metadata).encode())
    return forms


def places(secret: str, files: dict[str, bytes]) -> list[str]:
    """Names of the files in which ``secret`` appears in any readable form."""
    needle = secret.encode()
    return [name for name, data in files.items() if any(needle in f for f in readable_forms(name, data))]


def local_files(root: Path) -> dict[str, bytes]:
    return {str(path): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}
