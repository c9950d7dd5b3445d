"""What the reliability tests check in a data directory: readability, duplicates, completeness.

Every check reads the files the way an outside researcher would (pyarrow per file, DuckDB over the
glob), not through ``storage.read``, which hides uncommitted runs.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import duckdb
import pyarrow.parquet as pq

from crawler.warc import iter_responses

DATASETS = ("articles", "ratings", "polls", "fetches", "failures", "runs")
# One row per key, across all runs: a second row with the same key is a duplicate.
KEYS: dict[str, tuple[str, ...]] = {
    "articles": ("article_id", "content_digest"),
    "ratings": ("article_id", "observed_at"),
    "polls": ("poll_id", "lang", "question_index", "option_index", "observed_at"),
    "fetches": ("run_id", "url", "fetched_at"),
    "failures": ("run_id", "url", "at", "error_type"),
    "runs": ("run_id",),
}


def parquet_files(data: Path, dataset: str) -> list[Path]:
    return sorted((data / dataset).glob("**/*.parquet"))


def check_readable(data: Path) -> dict[str, int]:
    """Every Parquet file reads whole with pyarrow, every dataset with DuckDB; the same row counts."""
    counts: dict[str, int] = {}
    for dataset in DATASETS:
        files = parquet_files(data, dataset)
        assert not [p for p in (data / dataset).glob("**/*") if p.is_file() and p.suffix != ".parquet"], (
            f"{dataset}: a file that is not a published Parquet file is visible"
        )
        rows = sum(pq.read_table(path).num_rows for path in files)
        if files:
            [(n,)] = _query(f"SELECT count(*) FROM {_scan(data, dataset)}").fetchall()
            assert n == rows, dataset
        counts[dataset] = rows
    return counts


def rows(data: Path, dataset: str, columns: str = "*") -> list[dict[str, Any]]:
    if not parquet_files(data, dataset):
        return []
    relation = _query(f"SELECT {columns} FROM {_scan(data, dataset)}")
    names = relation.columns
    return [dict(zip(names, row, strict=True)) for row in relation.fetchall()]


def duplicates(data: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Keys that occur more than once, per dataset (empty lists when all is well)."""
    found = {}
    for dataset, key in KEYS.items():
        quoted = ", ".join(f'"{k}"' for k in key)  # "at" is an SQL keyword
        counts = Counter(tuple(row[k] for k in key) for row in rows(data, dataset, quoted))
        found[dataset] = [k for k, n in counts.items() if n > 1]
    return found


def only_committed_files(data: Path) -> list[str]:
    """Data files no completion marker names (an uncommitted run's rows, visible to one-liners)."""
    committed: set[str] = set()
    for marker in (data / "_runs").glob("*.json"):
        committed.update(json.loads(marker.read_text())["files"])
    return [
        str(path.relative_to(data))
        for dataset in DATASETS
        for path in parquet_files(data, dataset)
        if str(path.relative_to(data)) not in committed
    ]


def stored_article_ids(data: Path) -> set[str]:
    return {row["article_id"] for row in rows(data, "articles", "DISTINCT article_id")}


def truth_article_ids(index: list[dict[str, Any]]) -> set[str]:
    """The replica's live articles as article ids (decoded paths without outer slashes)."""
    return {unquote(entry["path"].strip("/")) for entry in index if not entry.get("withdrawn")}


def check_warcs(data: Path) -> int:
    """Every WARC file reads up to its last complete record, and every manifest line written whole
    points at a readable response record (a revisit's line: the original's, in an earlier run's
    file). Returns the number of response records read."""
    total = 0
    readable = set()
    for path in sorted((data / "warc").glob("*/*.warc.gz")):
        for record in iter_responses(path):
            readable.add((str(path.relative_to(data)), record.offset))
            total += 1
    for run_dir in sorted((data / "warc").glob("*/")):
        manifest = run_dir / "manifest.jsonl"
        if manifest.exists():
            for line in manifest.read_text(encoding="utf-8").split("\n")[:-1]:  # last: cut or empty
                entry = json.loads(line)
                if entry["warc_file"]:
                    assert (entry["warc_file"], entry["warc_offset"]) in readable, entry["url"]
    return total


def _scan(data: Path, dataset: str) -> str:
    return f"read_parquet('{data}/{dataset}/**/*.parquet', hive_partitioning=true, union_by_name=true)"


def _query(sql: str) -> duckdb.DuckDBPyRelation:
    relation = duckdb.sql(sql)
    assert relation is not None, sql
    return relation
