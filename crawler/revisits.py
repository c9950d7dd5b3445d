"""Revisit records: an unchanged re-fetch is archived as a pointer to its URL's previous capture.

The flows write, before a crawl, one JSON line per URL the archive holds a capture of (its latest
2xx capture: ``url``, ``payload_digest``, ``warc_file``, ``warc_offset``, ``warc_length``,
``warc_record_id``; ``storage.read.latest_captures``). When a response's payload digest equals its
URL's previous capture's, the recorder writes a ``revisit`` record (profile
``identical-payload-digest``, with ``WARC-Refers-To``, ``-Target-URI`` and ``-Date`` of the
original) instead of a second copy of the payload, and the fetch's manifest line points at the
original response record, so extraction and every reader read the original's payload.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

CAPTURES_NAME = "captures.jsonl"


@dataclass(frozen=True, slots=True)
class PreviousCapture:
    """Where a URL's latest capture is archived (``warc_file`` relative to the data directory)."""

    url: str
    payload_digest: str
    warc_file: str
    warc_offset: int
    warc_length: int | None = None
    warc_record_id: str | None = None


def payload_digest(body: bytes) -> str:
    """The ``WARC-Payload-Digest`` warcio writes for this payload: ``sha1:`` + base32."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def write_captures_file(path: Path, captures: Iterable[Mapping[str, Any] | PreviousCapture]) -> Path:
    """One JSON line per capture, written atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        for capture in captures:
            row = asdict(capture) if isinstance(capture, PreviousCapture) else capture
            fields = {name: row.get(name) for name in PreviousCapture.__dataclass_fields__}
            out.write(json.dumps(fields, ensure_ascii=False) + "\n")
    os.replace(tmp, path)
    return path


def read_captures_file(path: str | os.PathLike[str] | None) -> dict[str, PreviousCapture]:
    """URL → its previous capture; empty without a file."""
    if not path:
        return {}
    captures: dict[str, PreviousCapture] = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                capture = PreviousCapture(**json.loads(line))
                captures[capture.url] = capture
    return captures
