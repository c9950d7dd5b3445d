"""One archive run at a time per data directory: an exclusive ``flock`` on ``_locks/run.lock``.

Two runs on the same root at once would both read the same "known" state, both fetch the same new
articles and both store them as new versions: per-run file names keep the files apart (no
corruption) but not the rows (duplicates). So a run holds this lock from reading what the archive
knows until its commit is done; a second run started meanwhile refuses at once with
:class:`DataDirBusy`, naming the holder, and touches nothing. The kernel drops the lock when the
holder dies, even by ``kill -9``. Local roots only (``flock`` also works on NFSv4); on S3 keep one
run at a time by scheduling (one Prefect work pool slot).
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import IO

from storage import locations
from storage.store import LocalStore, Store, open_store

RUN_LOCK = "run.lock"


class DataDirBusy(RuntimeError):
    """Another archive run holds the data directory's run lock."""

    transient = False  # retrying seconds later rarely helps: a run takes minutes


@contextmanager
def run_lock(root: str | os.PathLike[str] | Store, run_id: str) -> Iterator[bool]:
    """Hold the root's run lock for the block; yields False when the root cannot be locked (S3)."""
    store = open_store(root)
    if not isinstance(store, LocalStore):
        yield False
        return
    import fcntl

    path = store.base / locations.LOCKS / RUN_LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise DataDirBusy(
                f"another archive run is using {store.base} ({_holder(handle)}); nothing was done. "
                "Run again when it has finished."
            ) from exc
        try:
            handle.seek(0)
            handle.truncate()
            owner = {
                "run_id": run_id,
                "pid": os.getpid(),
                "host": socket.gethostname(),
                "since": datetime.now(UTC).isoformat(timespec="seconds"),
            }
            handle.write(json.dumps(owner) + "\n")
            handle.flush()
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _holder(handle: IO[str]) -> str:
    """Who holds the lock, as its holder wrote it (best effort: it may be mid-write)."""
    try:
        handle.seek(0)
        owner = json.loads(handle.read() or "{}")
    except (OSError, ValueError):
        return "holder unknown"
    if not owner:
        return "holder unknown"
    where = f"pid {owner.get('pid')} on {owner.get('host')}"
    return f"run {owner.get('run_id')}, {where}, since {owner.get('since')}"
