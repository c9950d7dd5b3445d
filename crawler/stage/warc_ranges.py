"""WARC records read in place from object storage: a seek and a few ranged GETs, never the whole file.

A re-extraction worker on another machine has no data directory; it reads each record it was given
from the WARC copies under the datasets root (``s3://bucket/prefix/warc/<run>/...``, where every
run leaves them). fsspec's file object turns the seek and reads into HTTP range requests of
``RANGE_BLOCK`` bytes, so a record of a 1 GB WARC file costs about one request.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

# one gzip member (a response record) of an article page is 5-30 kB; 256 kB covers almost all in one GET
RANGE_BLOCK = 256 * 1024


def is_remote(root: str | Path) -> bool:
    """Whether a WARC root is a URL (``s3://...``) rather than a local folder."""
    return isinstance(root, str) and "://" in root and not root.startswith("file://")


def read_remote_record(
    root: str, relative: str, offset: int, max_bytes: int
) -> tuple[str, list[tuple[str, str]], bytes]:
    """``crawler.warc.read_record`` for ``root/relative`` in object storage: (URL, headers, body)."""
    import fsspec

    from crawler.warc import read_response_at

    location = f"{root.rstrip('/')}/{relative}"
    protocol, path = fsspec.core.split_protocol(location)
    filesystem = _filesystem(protocol or "file", os.environ.get("AWS_ENDPOINT_URL"))
    handle: Any
    with filesystem.open(path, "rb", block_size=RANGE_BLOCK, cache_type="readahead") as handle:
        return read_response_at(handle, offset, max_bytes, where=location)


@lru_cache(maxsize=4)
def _filesystem(protocol: str, endpoint: str | None) -> Any:
    """One file system per protocol and endpoint in a worker process (a new one per record would open
    a new connection pool each time); no listing cache: only known files are opened."""
    import fsspec

    return fsspec.filesystem(protocol, skip_instance_cache=True, use_listings_cache=False)
