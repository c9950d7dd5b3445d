"""Run-scoped writing: stage complete files, publish them with ``os.replace``, then mark the run done.

Guarantees (tested in ``tests/storage``):

- **Atomic files.** Each Parquet file is written whole under ``<root>/_staging/<run_id>/`` (same file
  system) and published with ``os.replace`` (S3: an object appears only when its upload completes).
  No reader, this package's or a plain ``read_parquet``, ever sees a partial file.
- **Run atomicity for this package's readers.** ``commit`` writes the list of files it is about to
  publish to ``_pending/<run_id>.json``, publishes them, and writes ``_runs/<run_id>.json`` last.
  ``storage.read`` ignores files of runs without that marker, so a run that dies while publishing
  is invisible to it (plain one-liners may see its complete files).
- **Idempotent retries.** File names are ``part-<run_id>-<content digest>.parquet``: writing the
  same rows twice in a run yields one file. A new ``RunWriter`` for a run (a retried flow) starts
  the run's staging afresh, and its ``commit`` deletes the files an earlier attempt of the same run
  published that this attempt did not produce: the run's rows are exactly the last attempt's.
- **Concurrent runs** never touch each other's files: names carry the run id, markers are per run,
  nothing is read-modify-written. Run ids must be unique per run (Prefect flow run ids are).
  Two writers for the same run id at the same time are not supported.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from storage import locations
from storage.read import latest_digests
from storage.schemas import DATASETS, PARTITIONS, SCHEMA_VERSION, SCHEMAS, with_version
from storage.store import Store, open_store

__all__ = [
    "CommitResult",
    "RunAlreadyCompacted",
    "RunWriter",
    "abandoned_runs",
    "discard_run",
    "latest_digests",
    "to_table",
]

# rows of a file are sorted so that Parquet min/max statistics let filters skip row groups
SORT_KEYS: dict[str, list[tuple[str, str]]] = {
    "articles": [("article_id", "ascending"), ("stored_at", "ascending")],
    "ratings": [("article_id", "ascending"), ("observed_at", "ascending")],
    "polls": [
        ("observed_at", "ascending"),
        ("lang", "ascending"),
        ("question_index", "ascending"),
        ("option_index", "ascending"),
    ],
    "fetches": [("fetched_at", "ascending")],
    "failures": [("at", "ascending")],
    "runs": [("started_at", "ascending")],
}


class RunAlreadyCompacted(RuntimeError):
    """A committed run's files were merged by compaction, so it can no longer be replaced by a retry."""


@dataclass(frozen=True)
class CommitResult:
    run_id: str
    files: list[str]
    rows: dict[str, int] = field(default_factory=dict)


def to_table(dataset: str, rows: Sequence[Mapping[str, Any]] | pa.Table) -> pa.Table:
    """Rows (dicts) or a table as a table of exactly the dataset's schema; never inferred."""
    schema = SCHEMAS[locations.check_dataset(dataset)]
    if isinstance(rows, pa.Table):
        missing = [name for name in schema.names if name not in rows.column_names]
        if missing:
            raise ValueError(f"{dataset}: table lacks columns {missing}")
        table = rows.select(schema.names).cast(schema)
    else:
        unknown = set().union(*(row.keys() for row in rows)) - set(schema.names) if rows else set()
        if unknown:
            raise ValueError(f"{dataset}: unknown columns {sorted(unknown)}")
        table = pa.Table.from_pylist(list(rows), schema=schema)
    for schema_field in schema:
        if not schema_field.nullable and table.column(schema_field.name).null_count:
            raise ValueError(f"{dataset}.{schema_field.name} must not be null")
    return table


def _split_partitions(dataset: str, table: pa.Table) -> list[tuple[str, pa.Table]]:
    """(folder relative to the root, rows) per partition."""
    spec = PARTITIONS[dataset]
    if spec is None:
        return [(dataset, table)]
    key, columns, fmt = spec
    values = table.column(columns[0])
    for name in columns[1:]:
        values = pc.coalesce(values, table.column(name))
    labels = pc.strftime(values, format=fmt)
    parts = []
    for label in sorted(pc.unique(labels).to_pylist()):
        parts.append((f"{dataset}/{key}={label}", table.filter(pc.equal(labels, label))))
    return parts


def parquet_bytes(dataset: str, table: pa.Table, version: int = SCHEMA_VERSION) -> bytes:
    table = table.replace_schema_metadata(with_version(table.schema, dataset, version).metadata)
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd", row_group_size=256 * 1024)
    return buffer.getvalue()


class RunWriter:
    """Collects one run's rows for every dataset and publishes them together.

    ``fresh=True`` (default) discards anything an earlier attempt of the same run left in staging;
    pass ``fresh=False`` to add to a staging area that another writer of this attempt filled.
    """

    def __init__(self, root: str | os.PathLike[str] | Store, run_id: str, *, fresh: bool = True) -> None:
        self.store = open_store(root)
        self.run_id = locations.check_run_id(run_id)
        self.staging = locations.staging(run_id)
        self.rows: dict[str, int] = {}
        self._lock = threading.Lock()  # tasks may write from several threads
        if fresh:
            self.store.delete_tree(self.staging)

    def write(self, dataset: str, rows: Sequence[Mapping[str, Any]] | pa.Table) -> list[str]:
        """Stage rows as complete Parquet file(s), one per partition. Returns their final paths."""
        table = to_table(dataset, rows)
        if table.num_rows == 0:
            return []
        table = table.sort_by(SORT_KEYS[dataset])
        staged = []
        for folder, part in _split_partitions(dataset, table):
            data = parquet_bytes(dataset, part)
            rel = f"{folder}/{locations.part_name(self.run_id, hashlib.sha256(data).hexdigest())}"
            self.store.write_bytes(f"{self.staging}/{rel}", data)
            staged.append(rel)
        with self._lock:
            self.rows[dataset] = self.rows.get(dataset, 0) + table.num_rows
        return staged

    def count_staged(self, dataset: str, rows: int) -> None:
        """Count ``rows`` that other writers of this run staged (workers on other machines, each
        with ``fresh=False``): the completion marker then states every row the commit publishes."""
        with self._lock:
            self.rows[locations.check_dataset(dataset)] = self.rows.get(dataset, 0) + rows

    def read_staged(self, dataset: str) -> pa.Table:
        """Every row of ``dataset`` staged so far for this run (by any writer), in the dataset's schema."""
        prefix = f"{self.staging}/{locations.check_dataset(dataset)}/"
        tables = [
            pq.read_table(io.BytesIO(self.store.read_bytes(rel) or b""))
            for rel in self.store.list_files(f"{self.staging}/{dataset}")
            if rel.startswith(prefix) and locations.classify(rel) is not None
        ]
        schema = SCHEMAS[dataset]
        return (
            pa.concat_tables([t.select(schema.names).cast(schema) for t in tables])
            if tables
            else schema.empty_table()
        )

    def discard_staging(self) -> None:
        """Drop everything staged for this run (nothing is published)."""
        self.store.delete_tree(self.staging)

    def unstage(self, dataset: str, staged: Sequence[str]) -> pa.Table:
        """Take back files :meth:`write` staged (its return value): their rows, no longer staged."""
        tables = []
        for rel in staged:
            path = f"{self.staging}/{rel}"
            data = self.store.read_bytes(path)
            if data is None:
                raise FileNotFoundError(path)
            tables.append(pq.read_table(io.BytesIO(data), schema=SCHEMAS[dataset]))
            self.store.delete(path)
        table = pa.concat_tables(tables) if tables else SCHEMAS[dataset].empty_table()
        with self._lock:
            self.rows[dataset] = self.rows.get(dataset, 0) - table.num_rows
        return table

    def staged_files(self) -> list[str]:
        prefix = len(self.staging) + 1
        return [
            rel[prefix:] for rel in self.store.list_files(self.staging) if locations.classify(rel) is not None
        ]

    def commit(self, run_record: Mapping[str, Any] | None = None) -> CommitResult:
        """Publish every staged file, then the completion marker (``run_record``: a ``runs`` row)."""
        if run_record is not None:
            if run_record.get("run_id") != self.run_id:
                raise ValueError("run_record belongs to another run")
            self.write("runs", [run_record])
        self._stage_missing_datasets()
        staged = self.staged_files()
        previous = self._previously_published()
        self.store.write_bytes(locations.pending(self.run_id), json.dumps({"files": staged}).encode())
        keep = set(staged)
        for rel in sorted(previous - keep):
            self.store.delete(rel)
        for rel in staged:
            self.store.move(f"{self.staging}/{rel}", rel)
        marker = {
            "run_id": self.run_id,
            "committed_at": datetime.now(UTC).isoformat(),
            "schema_version": SCHEMA_VERSION,
            "files": staged,
            "rows": self.rows,
        }
        self.store.write_bytes(locations.marker(self.run_id), json.dumps(marker, indent=1).encode())
        self.store.delete(locations.pending(self.run_id))
        self.store.delete_tree(self.staging)
        return CommitResult(self.run_id, staged, dict(self.rows))

    def _stage_missing_datasets(self) -> None:
        """Every dataset exists from the first committed run on: a dataset this run has no rows for
        and the root has no file of gets one empty file with its schema (a run without failures
        still leaves ``failures/`` that pandas, polars and DuckDB read as zero rows)."""
        staged = {rel.split("/", 1)[0] for rel in self.staged_files()}
        for dataset in DATASETS:
            if dataset in staged or self._has_data_files(dataset):
                continue
            empty = SCHEMAS[dataset].empty_table()
            folder = dataset
            spec = PARTITIONS[dataset]
            if spec is not None:  # in a partition like any other file, so hive readers add the key
                key, _columns, fmt = spec
                folder = f"{dataset}/{key}={datetime.now(UTC).strftime(fmt)}"
            data = parquet_bytes(dataset, empty)
            rel = f"{folder}/{locations.part_name(self.run_id, hashlib.sha256(data).hexdigest())}"
            self.store.write_bytes(f"{self.staging}/{rel}", data)

    def _has_data_files(self, dataset: str) -> bool:
        """Files of other runs or compactions (this run's own are replaced by this commit)."""
        for rel in self.store.list_files(dataset):
            kind = locations.classify(rel)
            if kind is not None and kind != ("part", self.run_id):
                return True
        return False

    def _previously_published(self) -> set[str]:
        files: set[str] = set()
        committed = _json(self.store, locations.marker(self.run_id))
        if committed is not None:
            files.update(committed.get("files", []))
            gone = [rel for rel in files if not self.store.exists(rel)]
            if gone:
                raise RunAlreadyCompacted(
                    f"run {self.run_id} was committed and compacted since ({gone[0]}); use a new run id"
                )
        attempt = _json(self.store, locations.pending(self.run_id))
        if attempt is not None:
            files.update(attempt.get("files", []))
        return files


def _json(store: Store, rel: str) -> dict[str, Any] | None:
    data = store.read_bytes(rel)
    return None if data is None else json.loads(data)


def abandoned_runs(root: str | os.PathLike[str] | Store) -> list[str]:
    """Runs that started publishing but never wrote their completion marker (killed mid-commit),
    or, when that run is still committing right now, about to finish: check the run's state first."""
    store = open_store(root)
    names = (rel.rsplit("/", 1)[-1] for rel in store.list_files(locations.PENDING))
    pending = sorted(name.removesuffix(".json") for name in names if name.endswith(".json"))
    return [run_id for run_id in pending if not store.exists(locations.marker(run_id))]


def discard_run(root: str | os.PathLike[str] | Store, run_id: str) -> list[str]:
    """Remove what an abandoned (uncommitted) run published or staged, so plain one-liners stop
    seeing it. Refuses a committed run. Returns the deleted data files."""
    store = open_store(root)
    locations.check_run_id(run_id)
    if store.exists(locations.marker(run_id)):
        raise ValueError(f"run {run_id} is committed; discard only abandoned runs")
    attempt = _json(store, locations.pending(run_id)) or {}
    files = sorted(attempt.get("files", []))
    for rel in files:
        store.delete(rel)
    store.delete(locations.pending(run_id))
    store.delete_tree(locations.staging(run_id))
    return files
