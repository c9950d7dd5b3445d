"""The datasets in forms for people without Parquet tooling: one DuckDB file, or CSV/JSONL per dataset.

The DuckDB file holds a table per dataset (committed rows only, as ``storage.read`` sees them) plus
the hive partition key each dataset's folders carry (``observed_date``, ``stored_month``, ...), so a
query over the table answers as the same query over ``read_parquet(..., hive_partitioning=true)``;
every table and column carries a comment from the data dictionary, and ``latest_articles`` is a view
as in ``riac-archive sql``. CSV and JSONL files hold the stored columns; in CSV the nested columns
(lists and structs) are JSON text, in JSONL they are JSON values. Timestamps are UTC.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import duckdb
import pyarrow as pa

from storage import read
from storage.dictionary import DATASET_MEANINGS, DERIVED_COLUMNS, describe, plain
from storage.schemas import DATASETS, PARTITIONS, SCHEMAS

Format = Literal["csv", "jsonl", "duckdb"]
FORMATS: tuple[str, ...] = ("csv", "jsonl", "duckdb")


def export(
    root: read.Root, out: str | os.PathLike[str], format_: Format, datasets: Iterable[str] = DATASETS
) -> list[Path]:
    """Write the datasets to ``out`` (a file for ``duckdb``, a folder for ``csv``/``jsonl``); returns
    the files written."""
    names = list(datasets)
    unknown = sorted(set(names) - set(DATASETS))
    if unknown:
        raise ValueError(f"unknown dataset(s) {', '.join(unknown)}; known: {', '.join(DATASETS)}")
    if format_ == "duckdb":
        return [export_duckdb(root, Path(out), names)]
    if format_ in ("csv", "jsonl"):
        return export_files(root, Path(out), format_, names)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format_!r}")


def export_duckdb(root: read.Root, path: Path, datasets: list[str]) -> Path:
    """One DuckDB database file; an existing file at ``path`` is replaced whole (written beside it
    first, then renamed), so a reader never meets half an export."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    con = duckdb.connect(str(partial))
    try:
        con.execute("SET TimeZone = 'UTC'")
        for name in datasets:
            table = with_partition_column(name, read.read_table(root, name))
            con.register("incoming", table)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM incoming')
            con.unregister("incoming")
            _comment(con, name, DATASET_MEANINGS[name], _column_comments(name))
        if {"articles", "fetches"} <= set(datasets):
            con.execute(read.latest_articles_view())
            derived = {k: plain(v.meaning) for k, v in DERIVED_COLUMNS["latest_articles"].items()}
            comments = {**_column_comments("articles"), **derived}
            _comment(
                con, "latest_articles", "the latest version of every article, with withdrawn_at", comments
            )
        con.execute("CHECKPOINT")
    finally:
        con.close()
    os.replace(partial, path)
    return path


def _column_comments(name: str) -> dict[str, str]:
    comments = {column: describe(name, column) for column in SCHEMAS[name].names}
    partition = PARTITIONS[name]
    if partition is not None:
        key, sources, _ = partition
        comments[key] = f"partition key of the Parquet folders, derived from {', '.join(sources)}"
    return comments


def _comment(con: duckdb.DuckDBPyConnection, relation: str, meaning: str, columns: dict[str, str]) -> None:
    kind = "VIEW" if relation == "latest_articles" else "TABLE"
    con.execute(f'COMMENT ON {kind} "{relation}" IS {_literal(plain(meaning))}')
    for column, text in columns.items():
        con.execute(f'COMMENT ON COLUMN "{relation}"."{column}" IS {_literal(text)}')


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def with_partition_column(name: str, table: pa.Table) -> pa.Table:
    """The table plus its hive partition key, typed as DuckDB's hive reader types it (a ``YYYY-MM-DD``
    key is a date, ``YYYY-MM`` a string)."""
    partition = PARTITIONS[name]
    if partition is None:
        return table
    key, sources, fmt = partition
    column = table.column(sources[0])
    if fmt == "%Y-%m-%d":
        values: pa.Array | pa.ChunkedArray = column.cast(pa.date32())
    else:
        import pyarrow.compute as pc

        values = pc.strftime(column, format=fmt, locale="C")
    return table.append_column(pa.field(key, values.type, nullable=False), values)


def export_files(
    root: read.Root, folder: Path, format_: Literal["csv", "jsonl"], datasets: list[str]
) -> list[Path]:
    """``<folder>/<dataset>.csv`` or ``.jsonl`` per dataset: header and rows, or one JSON object a line."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        for name in datasets:
            con.register("incoming", read.read_table(root, name))
            target = folder / f"{name}.{format_}"
            partial = target.with_name(target.name + ".partial")
            if format_ == "csv":
                query = f"SELECT {_json_nested(name)} FROM incoming"
                options = "FORMAT csv, HEADER true, TIMESTAMPFORMAT '%Y-%m-%dT%H:%M:%S.%fZ'"
            else:
                query = "SELECT * FROM incoming"
                options = "FORMAT json, TIMESTAMPFORMAT '%Y-%m-%dT%H:%M:%S.%fZ'"
            con.execute(f"COPY ({query}) TO {_literal(str(partial))} ({options})")
            con.unregister("incoming")
            os.replace(partial, target)
            written.append(target)
    finally:
        con.close()
    return written


def _json_nested(name: str) -> str:
    """The select list with list and struct columns as JSON text."""
    columns = []
    for field in SCHEMAS[name]:
        nested = pa.types.is_list(field.type) or pa.types.is_struct(field.type)
        columns.append(f'to_json("{field.name}")::VARCHAR AS "{field.name}"' if nested else f'"{field.name}"')
    return ", ".join(columns)


__all__ = ["FORMATS", "export", "export_duckdb", "export_files", "with_partition_column"]
