"""One Arrow schema per dataset, defined once, with explicit nullability and a schema version.

The Parquet files never carry an inferred schema: every table is built with ``SCHEMAS[name]``.
Partition folders (``observed_date=...``) hold values derived from a column; the partition key is
never itself a column of the file, so hive-aware readers add it without a name clash.
Adding a column later: append a nullable field here and bump ``SCHEMA_VERSION``; readers pass the
current schema to the dataset scan, which fills the new column with nulls in older files.
"""

from __future__ import annotations

import pyarrow as pa

# 2: polls.lang (question_index counts within one language copy of the poll), articles.withdrawn_at
#    is not a column (readers derive it from fetches); files of version 1 read with lang null
# 3: articles and fetches gain warc_length (bytes of the record as stored, gzip member included) and
#    warc_record_id (its WARC-Record-ID); files of versions 1 and 2 read with both null
SCHEMA_VERSION = 3
VERSION_KEY = b"riac.schema_version"
DATASET_KEY = b"riac.dataset"

TIMESTAMP = pa.timestamp("us", tz="UTC")

AUTHOR = pa.struct(
    [
        pa.field("name", pa.string(), nullable=False),
        pa.field("position", pa.string(), nullable=True),
    ]
)


def _f(name: str, type_: pa.DataType, nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable=nullable)


def _req(name: str, type_: pa.DataType) -> pa.Field:
    return pa.field(name, type_, nullable=False)


ARTICLES = pa.schema(
    [
        _req("article_id", pa.string()),
        _req("url", pa.string()),
        _req("lang", pa.string()),
        _f("section", pa.string()),
        _f("title", pa.string()),
        _f("published", pa.date32()),
        _f("published_raw", pa.string()),
        _req("authors", pa.list_(pa.field("item", AUTHOR, nullable=False))),
        _req("region", pa.list_(pa.field("item", pa.string(), nullable=False))),
        _f("type", pa.string()),
        _req("tags", pa.list_(pa.field("item", pa.string(), nullable=False))),
        _req("summary", pa.string()),
        _req("body", pa.string()),
        _req("word_count", pa.int32()),
        _req("body_digest", pa.string()),
        _req("content_digest", pa.string()),
        _f("translation_url", pa.string()),
        _req("work_id", pa.string()),
        _req("first_seen", TIMESTAMP),
        _f("fetched_at", TIMESTAMP),
        _f("fetched_url", pa.string()),
        _req("stored_at", TIMESTAMP),
        _req("run_id", pa.string()),
        _f("warc_file", pa.string()),
        _f("warc_offset", pa.int64()),
        _f("warc_digest", pa.string()),
        _req("extractor_version", pa.string()),
        _f("warc_length", pa.int64()),  # schema 3; null in older files
        _f("warc_record_id", pa.string()),  # schema 3; null in older files
    ]
)

RATINGS = pa.schema(
    [
        _req("article_id", pa.string()),
        _req("observed_at", TIMESTAMP),
        _req("votes", pa.int32()),
        _f("average", pa.float64()),
        _req("run_id", pa.string()),
    ]
)

POLLS = pa.schema(
    [
        _req("poll_id", pa.string()),
        _f("lang", pa.string()),  # schema 2; null in files of version 1 (storage.read fills it)
        _req("question", pa.string()),
        _req("question_index", pa.int16()),
        _req("option_index", pa.int16()),
        _req("option_text", pa.string()),
        _req("votes", pa.int32()),
        _req("percent", pa.int16()),
        _req("observed_at", TIMESTAMP),
        _req("run_id", pa.string()),
    ]
)

FETCHES = pa.schema(
    [
        _req("url", pa.string()),
        _f("canonical_url", pa.string()),
        _f("article_id", pa.string()),
        _f("status", pa.int16()),
        _f("content_type", pa.string()),
        _f("length", pa.int64()),
        _f("payload_digest", pa.string()),
        _f("warc_file", pa.string()),
        _f("warc_offset", pa.int64()),
        _req("fetched_at", TIMESTAMP),
        _req("run_id", pa.string()),
        _req("outcome", pa.string()),
        _f("warc_length", pa.int64()),  # schema 3; null in older files
        _f("warc_record_id", pa.string()),  # schema 3; null in older files
    ]
)

FAILURES = pa.schema(
    [
        _req("url", pa.string()),
        _req("run_id", pa.string()),
        _req("stage", pa.string()),
        _req("error_type", pa.string()),
        _req("message", pa.string()),
        _req("at", TIMESTAMP),
    ]
)

RUNS = pa.schema(
    [
        _req("run_id", pa.string()),
        _req("flow", pa.string()),
        _req("parameters", pa.string()),
        _req("started_at", TIMESTAMP),
        _f("finished_at", TIMESTAMP),
        _req("status", pa.string()),
        _req("counts", pa.string()),
        _f("extractor_version", pa.string()),
    ]
)

SCHEMAS: dict[str, pa.Schema] = {
    "articles": ARTICLES,
    "ratings": RATINGS,
    "polls": POLLS,
    "fetches": FETCHES,
    "failures": FAILURES,
    "runs": RUNS,
}

DATASETS: tuple[str, ...] = tuple(SCHEMAS)

# dataset -> (partition key, timestamp columns it derives from (first non-null), strftime format);
# None: not partitioned. Keys are never column names, so hive-aware readers add them without a clash.
PARTITIONS: dict[str, tuple[str, tuple[str, ...], str] | None] = {
    "articles": ("stored_month", ("stored_at",), "%Y-%m"),
    "ratings": ("observed_date", ("observed_at",), "%Y-%m-%d"),
    "polls": ("observed_date", ("observed_at",), "%Y-%m-%d"),
    "fetches": ("fetched_date", ("fetched_at",), "%Y-%m-%d"),
    "failures": ("failed_date", ("at",), "%Y-%m-%d"),
    "runs": None,
}


def with_version(schema: pa.Schema, dataset: str, version: int = SCHEMA_VERSION) -> pa.Schema:
    """The schema as written to Parquet: field types plus the dataset name and schema version."""
    return schema.with_metadata({VERSION_KEY: str(version).encode(), DATASET_KEY: dataset.encode()})
