"""Polls carry their language copy; files of schema versions 1 and 2 still read; ``sql --format``."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from click.testing import CliRunner

from crawler.items import Poll, PollOption
from storage import read
from storage.cli import sql
from storage.rows import poll_rows, rows_to_polls
from storage.schemas import SCHEMAS, VERSION_KEY
from storage.write import CommitResult, RunWriter

WriteRun = Callable[..., CommitResult]
T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)

SITE_POLL = (
    Poll("What are the US goals?", (PollOption("Partnership", 3, 60), PollOption("Against", 2, 40)), "en"),
    Poll("Каковы цели США?", (PollOption("Партнёрство", 1, 50), PollOption("Против", 1, 50)), "ru"),
)


def test_each_language_copy_of_the_poll_counts_its_own_questions(tmp_path: Path) -> None:
    rows = poll_rows(SITE_POLL, observed_at=T0, run_id="r1")
    assert {(r["lang"], r["question_index"]) for r in rows} == {("en", 0), ("ru", 0)}
    writer = RunWriter(tmp_path, "r1")
    writer.write("polls", rows)
    writer.commit()
    history = read.poll_history(tmp_path).to_pylist()
    assert [(r["lang"], r["question_index"], r["option_index"]) for r in history] == [
        ("en", 0, 0),
        ("en", 0, 1),
        ("ru", 0, 0),
        ("ru", 0, 1),
    ]
    assert rows_to_polls(history) == SITE_POLL  # the language survives the round trip


def test_a_polls_file_of_schema_version_1_reads_with_its_language_told(tmp_path: Path) -> None:
    """Version 1 had no ``lang`` and numbered the Russian copy's question 1 after the English one."""
    old_schema = pa.schema([f for f in SCHEMAS["polls"] if f.name != "lang"]).with_metadata(
        {VERSION_KEY: b"1", b"riac.dataset": b"polls"}
    )
    old_rows = [
        {k: v for k, v in row.items() if k != "lang"} | {"question_index": i}
        for i, poll in enumerate(SITE_POLL)
        for row in poll_rows((poll,), observed_at=T0, run_id="old")
    ]
    folder = tmp_path / "polls" / "observed_date=2026-03-01"
    folder.mkdir(parents=True)
    rel = "polls/observed_date=2026-03-01/part-old-0123456789abcdef.parquet"
    pq.write_table(pa.Table.from_pylist(old_rows, schema=old_schema), tmp_path / rel)
    (tmp_path / "_runs").mkdir()
    (tmp_path / "_runs" / "old.json").write_text(json.dumps({"run_id": "old", "files": [rel]}))
    assert pq.read_schema(next(folder.iterdir())).metadata[VERSION_KEY] == b"1"

    history = read.poll_history(tmp_path).to_pylist()
    assert len(history) == 4
    assert {(r["lang"], r["question"], r["question_index"]) for r in history} == {
        ("en", "What are the US goals?", 0),
        ("ru", "Каковы цели США?", 0),
    }
    # and the raw dataset still scans under the current schema, the new column null
    assert read.read_table(tmp_path, "polls").column("lang").null_count == 4


def test_sql_formats_csv_and_json_every_row(tmp_path: Path, run_writer: WriteRun) -> None:
    run_writer(tmp_path, "r1", articles=3)
    query = "SELECT article_id, votes, average, observed_at FROM ratings ORDER BY article_id"
    as_csv = CliRunner().invoke(sql, [query, "--data", str(tmp_path), "--format", "csv"])
    assert as_csv.exit_code == 0, as_csv.output
    table = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert [r["votes"] for r in table] == ["0", "1", "2"]
    assert table[0]["average"] == "" and table[1]["average"] == "4.5"
    assert list(table[0]) == ["article_id", "votes", "average", "observed_at"]

    as_json = CliRunner().invoke(sql, [query, "--data", str(tmp_path), "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    records = json.loads(as_json.output)
    assert [r["votes"] for r in records] == [0, 1, 2] and records[0]["average"] is None
    assert datetime.fromisoformat(records[0]["observed_at"]) == datetime(2026, 3, 1, 9, tzinfo=UTC)

    limited = CliRunner().invoke(sql, [query, "--data", str(tmp_path), "--format", "json", "--limit", "1"])
    assert len(json.loads(limited.stdout)) == 1


def test_sql_table_is_not_wrapped_when_piped(tmp_path: Path, run_writer: WriteRun) -> None:
    run_writer(tmp_path, "r1", articles=2)
    query = "SELECT article_id, url, translation_url, title FROM articles ORDER BY article_id"
    result = CliRunner().invoke(sql, [query, "--data", str(tmp_path)])  # stdout is not a terminal
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    long_url = "https://russiancouncil.ru/en/analytics-and-comments/analytics/article-00000/"
    assert any(long_url in line for line in lines)  # whole, on one line
    assert max(len(line) for line in lines) > 80
    assert sum("article-00001" in line for line in lines) >= 1 and "2 row(s)" in result.output


def _old_file(root: Path, dataset: str, partition: str, rows: list[dict[str, object]], version: int) -> None:
    """A data file written under an older schema: without the columns added since, its version noted."""
    added = {"warc_length", "warc_record_id"}  # (version 1's polls lacked ``lang`` too: test above)
    schema = pa.schema([f for f in SCHEMAS[dataset] if f.name not in added]).with_metadata(
        {VERSION_KEY: str(version).encode(), b"riac.dataset": dataset.encode()}
    )
    rel = f"{dataset}/{partition}/part-old{version}-0123456789abcdef.parquet"
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    kept = [{k: v for k, v in r.items() if k not in added} for r in rows]
    table = pa.Table.from_pylist(kept, schema=schema)
    pq.write_table(table, root / rel)
    marker = root / "_runs" / f"old{version}.json"
    marker.parent.mkdir(exist_ok=True)
    files = json.loads(marker.read_text())["files"] if marker.exists() else []
    marker.write_text(json.dumps({"run_id": f"old{version}", "files": [*files, rel]}))


def test_fetches_and_articles_of_schema_versions_1_and_2_read_without_warc_length(tmp_path: Path) -> None:
    """Schema 3 added ``warc_length`` and ``warc_record_id``: older files read with both null, and
    rows of this schema beside them keep theirs."""
    from storage.rows import article_row, fetch_row
    from tests.storage.conftest import make_item

    for version in (1, 2):
        item = make_item(version)
        where = {"warc_file": f"warc/old{version}/a.warc.gz", "warc_offset": 10}
        fetch = fetch_row(item.url, fetched_at=T0, run_id=f"old{version}", outcome="article", **where)
        article = article_row(item, run_id=f"old{version}", first_seen=T0, stored_at=T0, **where)
        _old_file(tmp_path, "fetches", "fetched_date=2026-03-01", [fetch], version)
        _old_file(tmp_path, "articles", "stored_month=2026-03", [article], version)
    writer = RunWriter(tmp_path, "new")
    new = {"warc_file": "warc/new/a.warc.gz", "warc_offset": 7}
    new |= {"warc_length": 321, "warc_record_id": "<urn:x>"}
    item = make_item(3)
    writer.write("fetches", [fetch_row(item.url, fetched_at=T0, run_id="new", outcome="article", **new)])
    writer.write("articles", [article_row(item, run_id="new", first_seen=T0, stored_at=T0, **new)])
    writer.commit()

    fetches = read.read_table(tmp_path, "fetches").sort_by("run_id").to_pylist()
    assert [(r["run_id"], r["warc_offset"], r["warc_length"], r["warc_record_id"]) for r in fetches] == [
        ("new", 7, 321, "<urn:x>"),
        ("old1", 10, None, None),
        ("old2", 10, None, None),
    ]
    latest = {r["run_id"]: r for r in read.latest_articles(tmp_path).to_pylist()}
    assert latest["new"]["warc_length"] == 321 and latest["old2"]["warc_length"] is None
    assert latest["old1"]["warc_record_id"] is None and latest["old1"]["warc_offset"] == 10
    con = read.connect(tmp_path)
    assert con.sql("SELECT count(warc_length), count(*) FROM fetches").fetchall() == [(1, 3)]
