"""Readers: Arrow tables (pandas or polars on request) and DuckDB views over committed data only.

Every reader scans the dataset with the current schema, so files written before a column was added
read with nulls in that column, and only the columns it needs.
"""

from __future__ import annotations

import difflib
import itertools
import os
from typing import Any, Literal

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds

from storage.schemas import DATASETS, SCHEMAS, TIMESTAMP
from storage.snapshot import snapshot
from storage.store import Store, open_store
from storage.warc_records import WarcRecord, read_row_record

Output = Literal["arrow", "pandas", "polars"]
Root = str | os.PathLike[str] | Store


def _out(table: pa.Table, as_: Output) -> Any:
    if as_ == "arrow":
        return table
    if as_ == "pandas":
        return table.to_pandas()
    if as_ == "polars":
        import polars as pl

        return pl.from_arrow(table)
    raise ValueError(f"as_ must be arrow, pandas or polars, not {as_!r}")


def dataset(root: Root, name: str) -> ds.Dataset:
    """A pyarrow dataset over the committed files of one dataset (empty when there are none)."""
    store = open_store(root)
    schema = SCHEMAS[name]
    files = snapshot(store, name).files
    if not files:
        return ds.dataset(schema.empty_table())
    return ds.dataset(
        [store.full(rel) for rel in files], schema=schema, format="parquet", filesystem=store.filesystem
    )


def read_table(
    root: Root,
    name: str,
    *,
    columns: list[str] | None = None,
    filter: ds.Expression | None = None,
    attempts: int = 5,
) -> pa.Table:
    """The committed rows of one dataset; retried when compaction removes a file mid-read."""
    error: Exception | None = None
    for _ in range(attempts):
        try:
            return dataset(root, name).to_table(columns=columns, filter=filter)
        except FileNotFoundError as exc:  # compaction deleted a replaced file after our snapshot
            error = exc
        except OSError as exc:
            if "No such file" not in str(exc) and "not found" not in str(exc).lower():
                raise
            error = exc
    raise RuntimeError(f"{name}: files kept disappearing while reading") from error


def _sql(query: str, **tables: pa.Table) -> pa.Table:
    """Run a query over Arrow tables; timestamps come back as ``timestamp[us, tz=UTC]``."""
    con = duckdb.connect()
    try:
        for name, table in tables.items():
            con.register(name, table)
        result = con.sql(query).to_arrow_table()
    finally:
        con.close()
    fields = [
        pa.field(f.name, TIMESTAMP, f.nullable) if pa.types.is_timestamp(f.type) else f for f in result.schema
    ]
    return result.cast(pa.schema(fields))


_LATEST = """
SELECT * FROM versions
QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY stored_at DESC, run_id DESC) = 1
ORDER BY article_id
"""

# An article is withdrawn from the first withdrawn fetch after its last fetch as an article (a 404 or
# 410 of a known article), until a later fetch finds it again.
_WITHDRAWN = """
WITH last_live AS (
    SELECT article_id, max(fetched_at) AS at FROM fetches WHERE outcome = 'article' GROUP BY article_id
)
SELECT f.article_id, min(f.fetched_at) AS withdrawn_at
FROM fetches f LEFT JOIN last_live l USING (article_id)
WHERE f.outcome = 'withdrawn' AND (l.at IS NULL OR f.fetched_at > l.at)
GROUP BY f.article_id
"""

WITHDRAWN_AT = pa.field("withdrawn_at", TIMESTAMP)


def withdrawn_since(root: Root) -> dict[str, Any]:
    """article_id -> when the archive first found it withdrawn (only articles withdrawn now)."""
    fetches = read_table(root, "fetches", columns=["article_id", "outcome", "fetched_at"])
    if fetches.num_rows == 0:
        return {}
    rows = _sql(_WITHDRAWN, fetches=fetches).to_pylist()
    return {row["article_id"]: row["withdrawn_at"] for row in rows}


def latest_articles(root: Root, *, columns: list[str] | None = None, as_: Output = "arrow") -> Any:
    """The latest stored version of every article, with ``withdrawn_at``: when the archive found it
    withdrawn (404 or 410), null while it is live. ``columns`` may name ``withdrawn_at`` too."""
    wanted = columns if columns is not None else [*SCHEMAS["articles"].names, WITHDRAWN_AT.name]
    stored = [name for name in wanted if name != WITHDRAWN_AT.name]
    needed = sorted(set(stored) | {"article_id", "stored_at", "run_id"})
    table = _sql(_LATEST, versions=read_table(root, "articles", columns=needed))
    schema = SCHEMAS["articles"]
    if WITHDRAWN_AT.name in wanted:
        since = withdrawn_since(root)
        values = [since.get(article) for article in table.column("article_id").to_pylist()]
        table = table.append_column(WITHDRAWN_AT, pa.array(values, TIMESTAMP))
        schema = schema.append(WITHDRAWN_AT)
    table = table.select(wanted)
    table = table.cast(pa.schema([schema.field(name) for name in table.column_names]))
    return _out(table, as_)


_DIGEST_COLUMNS = ["article_id", "content_digest", "stored_at"]
# published data files never change (content-addressed names), so their digest columns can be kept
_DIGEST_CACHE: dict[tuple[str, str], pa.Table] = {}
_DIGEST_CACHE_LIMIT = 20_000


def latest_digests(root: Root) -> dict[str, str]:
    """article_id -> content_digest of its latest stored version, for "new versions only".

    Reads three columns; within one process each data file is read once (files are immutable),
    so a long-lived worker pays only for the files published since its last call.
    """
    store = open_store(root)
    for _ in range(5):
        files = snapshot(store, "articles").files
        try:
            tables = [_digest_columns(store, rel) for rel in files]
            break
        except FileNotFoundError:  # compaction replaced a file after the snapshot
            continue
    else:
        raise RuntimeError("articles: files kept disappearing while reading")
    if not tables:
        return {}
    table = pa.concat_tables(tables).sort_by([("article_id", "ascending"), ("stored_at", "ascending")])
    return dict(zip(table["article_id"].to_pylist(), table["content_digest"].to_pylist(), strict=True))


def _digest_columns(store: Store, rel: str) -> pa.Table:
    key = (store.uri, rel)
    cached = _DIGEST_CACHE.get(key)
    if cached is None:
        schema = pa.schema([SCHEMAS["articles"].field(name) for name in _DIGEST_COLUMNS])
        scan = ds.dataset(store.full(rel), schema=schema, format="parquet", filesystem=store.filesystem)
        cached = scan.to_table()
        if len(_DIGEST_CACHE) >= _DIGEST_CACHE_LIMIT:
            _DIGEST_CACHE.clear()
        _DIGEST_CACHE[key] = cached
    return cached


def version_text(row: dict[str, Any]) -> list[str]:
    """A version as lines for a readable diff: metadata first, then summary and body paragraphs."""
    authors = "; ".join(
        f"{a['name']} ({a['position']})" if a["position"] else a["name"] for a in row["authors"]
    )
    lines = [
        f"title: {row['title']}",
        f"published: {row['published']}",
        f"authors: {authors}",
        f"region: {', '.join(row['region'])}",
        f"type: {row['type']}",
        f"tags: {', '.join(row['tags'])}",
        f"translation_url: {row['translation_url']}",
        "",
        "[summary]",
        *row["summary"].split("\n\n"),
        "",
        "[body]",
        *row["body"].split("\n\n"),
    ]
    return lines


class ArticleNotFound(LookupError):
    """An article id or URL that names no stored article."""


def canonical_article_id(ref: str) -> str:
    """The article id of an id or any URL form of the article: alias host (``www.``, ``beta.``),
    ``http``, AMP copy, with or without the trailing slash, with ``?sphrase_id=``."""
    from crawler.urls import CANONICAL_ORIGIN, article_id, is_site_host  # stdlib only, no Scrapy

    text = ref.strip()
    if "://" not in text:
        head = text.lstrip("/").split("/", 1)[0]
        # "www.russiancouncil.ru/en/news/x" (a URL without its scheme) or an id "en/news/x"
        text = (
            f"https://{text.lstrip('/')}" if is_site_host(head) else f"{CANONICAL_ORIGIN}/{text.lstrip('/')}"
        )
    return article_id(text)


def resolve_article(root: Root, ref: str) -> str:
    """``ref`` canonicalised to a stored article's id; :class:`ArticleNotFound` when none has it."""
    wanted = canonical_article_id(ref)
    ids = set(read_table(root, "articles", columns=["article_id"]).column("article_id").to_pylist())
    if wanted in ids:
        return wanted
    close = difflib.get_close_matches(wanted, sorted(ids), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise ArticleNotFound(f"no stored article {wanted!r} (from {ref!r}) in {open_store(root).uri}{hint}")


def article_versions(root: Root, article_id: str, *, as_: Output = "arrow") -> Any:
    """Every stored version of one article, oldest first, with a ``diff`` column: the unified diff
    from the previous version (null for the first). ``article_id``: the id or any URL form of it;
    :class:`ArticleNotFound` when no article has it."""
    article_id = resolve_article(root, article_id)
    table = read_table(root, "articles", filter=ds.field("article_id") == article_id)
    table = table.sort_by([("stored_at", "ascending"), ("run_id", "ascending")])
    rows = table.to_pylist()
    diffs: list[str | None] = [None]
    for before, after in itertools.pairwise(rows):
        diff = difflib.unified_diff(
            version_text(before),
            version_text(after),
            fromfile=f"{article_id}@{before['stored_at'].isoformat()}",
            tofile=f"{article_id}@{after['stored_at'].isoformat()}",
            lineterm="",
        )
        diffs.append("\n".join(diff))
    table = table.append_column(pa.field("diff", pa.string()), pa.array(diffs[: len(rows)], pa.string()))
    return _out(table, as_)


def rating_history(root: Root, article_id: str | None = None, *, as_: Output = "arrow") -> Any:
    """Rating observations (of one article or all), ordered by article and time. ``article_id``: the
    id or any URL form of it; :class:`ArticleNotFound` when no article has it."""
    where = None if article_id is None else ds.field("article_id") == resolve_article(root, article_id)
    table = read_table(root, "ratings", filter=where)
    return _out(table.sort_by([("article_id", "ascending"), ("observed_at", "ascending")]), as_)


# Rows written before schema version 2 have no ``lang`` and number the questions across both
# language copies: the language is told by the question's script and the questions renumbered.
_POLL_LANG = """
WITH told AS (
    SELECT * REPLACE (coalesce(lang, CASE WHEN regexp_matches(question, '[А-Яа-яЁё]') THEN 'ru'
                                           ELSE 'en' END) AS lang),
           lang IS NULL AS untold
    FROM polls
)
SELECT * EXCLUDE (untold) REPLACE (
    CASE WHEN untold
         THEN (dense_rank() OVER (PARTITION BY run_id, observed_at, lang, untold ORDER BY question_index)
               - 1)::SMALLINT
         ELSE question_index END AS question_index)
FROM told
"""


def poll_history(root: Root, *, as_: Output = "arrow") -> Any:
    """Every poll option observation, ordered by time, language, question and option."""
    table = read_table(root, "polls")
    if table.num_rows and table.column("lang").null_count:
        table = _sql(_POLL_LANG, polls=table).select(SCHEMAS["polls"].names).cast(SCHEMAS["polls"])
    order = [
        ("observed_at", "ascending"),
        ("lang", "ascending"),
        ("question_index", "ascending"),
        ("option_index", "ascending"),
    ]
    return _out(table.sort_by(order), as_)


_KNOWN = """
WITH latest AS (
    SELECT article_id, url, lang, published, published_raw, work_id, content_digest,
           min(first_seen) OVER (PARTITION BY article_id) AS first_seen
    FROM versions
    QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY stored_at DESC, run_id DESC) = 1
), rated AS (
    SELECT article_id, max(observed_at) AS last_rating_at FROM ratings GROUP BY article_id
)
SELECT latest.*, rated.last_rating_at
FROM latest LEFT JOIN rated USING (article_id)
ORDER BY article_id
"""


def known_articles(root: Root, *, as_: Output = "arrow") -> Any:
    """What the incremental crawl and the refresh policy need: article_id, url, lang, published,
    published_raw, work_id, content_digest, first_seen and the time of the last rating observation
    (null if none)."""
    versions = read_table(
        root,
        "articles",
        columns=[
            "article_id",
            "url",
            "lang",
            "published",
            "published_raw",
            "work_id",
            "content_digest",
            "first_seen",
            "stored_at",
            "run_id",
        ],
    )
    ratings = read_table(root, "ratings", columns=["article_id", "observed_at"])
    return _out(_sql(_KNOWN, versions=versions, ratings=ratings), as_)


def connect(root: Root) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per dataset over the committed files
    (a snapshot taken now; local and S3 alike, through pyarrow datasets), plus ``latest_articles``:
    the latest version of every article with ``withdrawn_at``, as :func:`latest_articles`."""
    con = duckdb.connect()
    for name in DATASETS:
        con.register(name, dataset(root, name))
    con.execute(latest_articles_view())
    return con


def latest_articles_view() -> str:
    """``CREATE VIEW latest_articles`` over relations named ``articles`` and ``fetches`` (the view of
    :func:`connect`, and of the DuckDB export)."""
    latest = _LATEST.replace("FROM versions", "FROM articles").replace("ORDER BY article_id", "")
    return (
        f"CREATE VIEW latest_articles AS SELECT latest.*, withdrawn.withdrawn_at "
        f"FROM ({latest}) AS latest LEFT JOIN ({_WITHDRAWN}) AS withdrawn USING (article_id) "
        f"ORDER BY article_id"
    )


def warc_record(root: Root, row: dict[str, Any]) -> WarcRecord:
    """The WARC record an ``articles`` or ``fetches`` row points at, read with one ranged read of
    ``warc_length`` bytes at ``warc_offset`` of ``warc_file`` (under ``root``, local or ``s3://``)
    and parsed with warcio; ``payload`` is the body as it came off the wire. A row of an unchanged
    re-fetch points at the original capture's response record (the run wrote a revisit record)."""
    return read_row_record(open_store(root), row)


_CAPTURES = """
SELECT url, payload_digest, warc_file, warc_offset, warc_length, warc_record_id
FROM fetches
WHERE status BETWEEN 200 AND 299 AND payload_digest IS NOT NULL AND warc_file IS NOT NULL
  AND warc_offset IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY url ORDER BY fetched_at DESC, run_id DESC) = 1
ORDER BY url
"""


def latest_captures(root: Root) -> list[dict[str, Any]]:
    """Per fetched URL, its latest 2xx capture: ``url``, ``payload_digest`` and where its response
    record is (``warc_file``, ``warc_offset``, ``warc_length``, ``warc_record_id``); a revisit's row
    already names its original, so a chain of revisits always points at one full record."""
    columns = ["url", "status", "payload_digest", "warc_file", "warc_offset", "warc_length"]
    fetches = read_table(root, "fetches", columns=[*columns, "warc_record_id", "fetched_at", "run_id"])
    if fetches.num_rows == 0:
        return []
    return list(_sql(_CAPTURES, fetches=fetches).to_pylist())


def count_rows(root: Root, name: str) -> int:
    return int(read_table(root, name, columns=[]).num_rows)
