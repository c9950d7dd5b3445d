"""Merge the many small per-run files of each partition into one file.

Per partition with at least ``min_files`` committed files:
1. read them (current schema: older files gain null columns) and write one merged file
   ``compact-<id>.parquet`` to staging, then publish it into the partition with ``os.replace``;
   this package's readers ignore it for now, as no manifest names it yet;
2. write ``_compactions/<id>.json`` naming the merged file and the files it replaces: from this
   instant this package's readers read the merged file instead of the replaced ones;
3. delete the replaced files (a reader that listed them before step 2 and opens one after step 3
   starts its read over; see ``storage.snapshot``).
This package's readers never see a row twice or miss one. Outside readers that glob
``**/*.parquet`` can see the partition's rows twice between steps 1 and 3 (milliseconds per
partition): run compaction when no outside reader is scanning, or read through ``storage.read`` /
``riac-archive sql``. Only one compaction runs at a time per local root (a ``flock`` on
``_locks/compact.lock``); on S3 run it from one place only (the maintenance flow).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.dataset as ds

from storage import locations
from storage.schemas import DATASETS, SCHEMAS
from storage.snapshot import compaction_manifests, snapshot
from storage.store import LocalStore, Store, open_store
from storage.write import SORT_KEYS, parquet_bytes

STAGED = f"{locations.STAGING}/_compact"  # merged files before they are published (not a run id)


class CompactionBusy(RuntimeError):
    """Another compaction holds the root's lock."""


@dataclass
class CompactionReport:
    merged: dict[str, int] = field(default_factory=dict)  # partition folder -> files merged
    rows: int = 0


@contextmanager
def _lock(store: Store) -> Iterator[None]:
    if not isinstance(store, LocalStore):
        yield
        return
    import fcntl

    path = store.base / locations.LOCKS / "compact.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise CompactionBusy(f"another compaction is running on {store.uri}") from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def compact(
    root: str | os.PathLike[str] | Store, dataset: str | None = None, *, min_files: int = 2
) -> CompactionReport:
    """Merge the committed files of each partition of ``dataset`` (default: every dataset)."""
    store = open_store(root)
    names = DATASETS if dataset is None else (locations.check_dataset(dataset),)
    report = CompactionReport()
    with _lock(store):
        store.delete_tree(STAGED)  # what a killed compaction staged
        for name in names:
            _remove_orphans(store, name)
            by_partition: dict[str, list[str]] = defaultdict(list)
            for rel in snapshot(store, name).files:
                by_partition[locations.partition_of(rel)].append(rel)
            for partition, files in sorted(by_partition.items()):
                if len(files) >= min_files:
                    report.rows += _merge(store, name, partition, files)
                    report.merged[partition] = len(files)
        store.delete_tree(STAGED)  # no leftover for the next run to report as an interrupted run's
    return report


def _remove_orphans(store: Store, name: str) -> None:
    """Finish what a killed compaction left: merged files it published without a manifest, and files
    its manifest replaces that it had not deleted yet (only outside readers see either)."""
    manifests = compaction_manifests(store)
    leftovers = {rel for m in manifests.values() if m.get("dataset") == name for rel in m.get("replaces", [])}
    for rel in store.list_files(name):
        if rel in leftovers:
            store.delete(rel)
            continue
        kind = locations.classify(rel)
        if kind is not None and kind[0] == "compact" and kind[1] not in manifests:
            store.delete(rel)


def _merge(store: Store, name: str, partition: str, files: list[str]) -> int:
    schema = SCHEMAS[name]
    scan = ds.dataset(
        [store.full(rel) for rel in files], schema=schema, format="parquet", filesystem=store.filesystem
    )
    table: pa.Table = scan.to_table().sort_by(SORT_KEYS[name])
    data = parquet_bytes(name, table)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    cid = f"{stamp}-{hashlib.sha256(data).hexdigest()[:12]}"
    target = f"{partition}/{locations.compact_name(cid)}"
    staged = f"{STAGED}/{cid}.parquet"
    store.write_bytes(staged, data)
    store.move(staged, target)
    manifest = {
        "dataset": name,
        "partition": partition,
        "file": target,
        "replaces": files,
        "rows": table.num_rows,
        "at": datetime.now(UTC).isoformat(),
    }
    store.write_bytes(f"{locations.COMPACTIONS}/{cid}.json", json.dumps(manifest, indent=1).encode())
    for rel in files:
        store.delete(rel)
    return int(table.num_rows)
