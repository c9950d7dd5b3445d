"""Which data files make up a consistent view of a dataset right now.

A file counts when
- it is ``part-<run_id>-*.parquet`` and ``_runs/<run_id>.json`` exists (the run committed), or it is
  ``compact-<id>.parquet`` and ``_compactions/<id>.json`` exists (the compaction published it), and
- no compaction manifest lists it as replaced.

Compaction writes its merged file first, its manifest second, and deletes the replaced files last;
the snapshot lists manifests before and after listing files and starts over when they changed, so
it never holds both a merged file and the files it replaced, nor neither. A file deleted between
the snapshot and the read makes the read start over (``read_files`` in ``storage.read``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from storage import locations
from storage.store import Store

_MANIFESTS: dict[tuple[str, str], dict[str, Any]] = {}  # (root, name) -> manifest; manifests never change


@dataclass(frozen=True)
class Snapshot:
    files: list[str]
    runs: frozenset[str]


def committed_runs(store: Store) -> frozenset[str]:
    names = (rel.rsplit("/", 1)[-1] for rel in store.list_files(locations.RUNS))
    return frozenset(name[: -len(".json")] for name in names if name.endswith(".json"))


def compaction_manifests(store: Store) -> dict[str, dict[str, Any]]:
    manifests: dict[str, dict[str, Any]] = {}
    for rel in store.list_files(locations.COMPACTIONS):
        name = rel.rsplit("/", 1)[-1]
        if not name.endswith(".json"):
            continue
        cid = name[: -len(".json")]
        key = (store.uri, cid)
        if key not in _MANIFESTS:
            data = store.read_bytes(rel)
            if data is None:
                continue
            _MANIFESTS[key] = json.loads(data)
        manifests[cid] = _MANIFESTS[key]
    return manifests


def snapshot(store: Store, dataset: str, *, attempts: int = 20) -> Snapshot:
    locations.check_dataset(dataset)
    for _ in range(attempts):
        before = compaction_manifests(store)
        runs = committed_runs(store)
        listed = store.list_files(dataset)
        after = compaction_manifests(store)
        if before.keys() != after.keys():
            continue
        replaced = {rel for manifest in after.values() for rel in manifest.get("replaces", [])}
        files = []
        for rel in listed:
            kind = locations.classify(rel)
            if kind is None or rel in replaced:
                continue
            if (kind[0] == "part" and kind[1] in runs) or (kind[0] == "compact" and kind[1] in after):
                files.append(rel)
        return Snapshot(files, runs)
    raise RuntimeError(f"{dataset}: compactions kept changing the file set; try again")
