"""Finish what killed runs left behind, so the next run starts from a clean, committed state.

A run killed inside ``RunWriter.commit`` after it wrote ``_pending/<run_id>.json`` has published
some of its files and not its completion marker: ``storage.read`` ignores them, but plain
``read_parquet`` one-liners see them, and the next run (which does not know those rows) would store
the same article versions again. :func:`recover` rolls such a run forward when every file the
pending list names is still there (published or staged): it publishes the rest and writes the
marker, exactly as the commit would have. Otherwise it discards the run (``discard_run``). A run
killed before publishing leaves only its staging folder, which is removed.

Call it only while no other writer of the root can be committing: the archive runs call it right
after taking the data directory's run lock (``storage.lock``).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.parquet as pq

from storage import locations
from storage.schemas import SCHEMA_VERSION
from storage.store import LocalStore, Store, open_store
from storage.write import abandoned_runs, discard_run


@dataclass
class Recovery:
    completed: list[str] = field(default_factory=list)  # runs rolled forward (marker written)
    discarded: list[str] = field(default_factory=list)  # runs whose published files were removed
    staging_removed: list[str] = field(default_factory=list)  # runs killed before publishing

    def __bool__(self) -> bool:
        return bool(self.completed or self.discarded or self.staging_removed)

    def summary(self) -> str:
        parts = [
            f"{len(self.completed)} run(s) killed while publishing completed ({', '.join(self.completed)})"
            if self.completed
            else "",
            f"{len(self.discarded)} discarded ({', '.join(self.discarded)})" if self.discarded else "",
            f"staging of {len(self.staging_removed)} unpublished run(s) removed"
            if self.staging_removed
            else "",
        ]
        return "; ".join(p for p in parts if p)


def recover(root: str | os.PathLike[str] | Store) -> Recovery:
    """Roll forward or discard every run killed while publishing; drop unpublished staging."""
    store = open_store(root)
    result = Recovery()
    for run_id in abandoned_runs(store):
        if _roll_forward(store, run_id):
            result.completed.append(run_id)
        else:
            discard_run(store, run_id)
            result.discarded.append(run_id)
    staged_runs = {rel.split("/")[1] for rel in store.list_files(locations.STAGING) if rel.count("/") >= 2}
    if isinstance(store, LocalStore) and (store.base / locations.STAGING).is_dir():
        staged_runs.update(p.name for p in (store.base / locations.STAGING).iterdir())  # empty ones too
    # only runs stage under run ids; ``_compact`` is compaction's, which may be running now
    for run_id in sorted(r for r in staged_runs if locations.RUN_ID.fullmatch(r)):
        if store.exists(locations.pending(run_id)):
            continue  # abandoned_runs handled it (or it is committed with a stale pending file)
        store.delete_tree(locations.staging(run_id))
        if not store.exists(locations.marker(run_id)):
            result.staging_removed.append(run_id)
    for rel in store.list_files(locations.PENDING):  # committed runs killed before deleting these
        run_id = rel.rsplit("/", 1)[-1].removesuffix(".json")
        if store.exists(locations.marker(run_id)):
            store.delete(rel)
            store.delete_tree(locations.staging(run_id))
    return result


def _roll_forward(store: Store, run_id: str) -> bool:
    data = store.read_bytes(locations.pending(run_id))
    files: list[str] = json.loads(data).get("files", []) if data else []
    staging = locations.staging(run_id)
    if not files or not all(store.exists(rel) or store.exists(f"{staging}/{rel}") for rel in files):
        return False
    rows: dict[str, int] = {}
    for rel in files:
        if not store.exists(rel):
            store.move(f"{staging}/{rel}", rel)
        dataset = rel.split("/", 1)[0]
        data = store.read_bytes(rel) or b""
        rows[dataset] = rows.get(dataset, 0) + pq.read_metadata(pa.BufferReader(data)).num_rows
    marker = {
        "run_id": run_id,
        "committed_at": datetime.now(UTC).isoformat(),
        "schema_version": SCHEMA_VERSION,
        "files": files,
        "rows": rows,
        "recovered": True,
    }
    store.write_bytes(locations.marker(run_id), json.dumps(marker, indent=1).encode())
    store.delete(locations.pending(run_id))
    store.delete_tree(staging)
    return True
