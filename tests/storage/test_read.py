"""Readers: histories, known articles, DuckDB views, output kinds, and the ``sql`` command."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import polars as pl
from click.testing import CliRunner

from crawler.items import ArticleItem
from storage import read
from storage.cli import sql
from storage.rows import rows_to_polls
from storage.schemas import SCHEMAS
from storage.write import CommitResult

WriteRun = Callable[..., CommitResult]
T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)


def test_empty_root_reads_as_empty_tables(tmp_path: Path) -> None:
    assert read.latest_articles(tmp_path).num_rows == 0
    assert read.latest_articles(tmp_path).schema.equals(SCHEMAS["articles"].append(read.WITHDRAWN_AT))
    assert read.rating_history(tmp_path).num_rows == 0
    assert read.known_articles(tmp_path).num_rows == 0
    assert read.latest_digests(tmp_path) == {}
    assert read.connect(tmp_path).sql("SELECT count(*) FROM polls").fetchall() == [(0,)]


def test_histories_and_known_articles(
    tmp_path: Path, run_writer: WriteRun, item: Callable[..., ArticleItem]
) -> None:
    run_writer(tmp_path, "day0", articles=3, at=T0)
    run_writer(tmp_path, "day1", articles=2, at=T0 + timedelta(days=1))
    one = item(1).article_id
    history = read.rating_history(tmp_path, one)
    assert history["observed_at"].to_pylist() == [T0, T0 + timedelta(days=1)]
    assert set(history["article_id"].to_pylist()) == {one}

    polls = read.poll_history(tmp_path)
    assert polls.num_rows == 6
    first = rows_to_polls(r for r in polls.to_pylist() if r["observed_at"] == T0)
    assert [p.question for p in first] == ["What are the US long-term goals for Russia?", "Второй вопрос?"]
    assert len(set(polls["poll_id"].to_pylist())) == 2  # stable across observations

    known = {r["article_id"]: r for r in read.known_articles(tmp_path).to_pylist()}
    assert len(known) == 3
    assert known[one]["last_rating_at"] == T0 + timedelta(days=1)
    assert known[item(2).article_id]["last_rating_at"] == T0
    assert known[one]["first_seen"].tzinfo is not None
    assert known[one]["url"] == item(1).url and known[one]["lang"] == "en"


def test_output_kinds_and_duckdb_views(tmp_path: Path, run_writer: WriteRun) -> None:
    run_writer(tmp_path, "r1", articles=2)
    assert isinstance(read.latest_articles(tmp_path, as_="pandas"), pd.DataFrame)
    frame = read.rating_history(tmp_path, as_="polars")
    assert isinstance(frame, pl.DataFrame) and frame.height == 2
    con = read.connect(tmp_path)
    joined = con.sql(
        "SELECT a.title, r.votes FROM articles a JOIN ratings r USING (article_id) ORDER BY a.article_id"
    ).fetchall()
    assert joined == [("Title 0", 0), ("Title 1", 1)]
    reader = con.sql("SELECT * FROM fetches").arrow()  # duckdb 2.x: a record batch reader
    assert reader.read_all().num_rows == 2


def test_sql_command_prints_a_table(tmp_path: Path, run_writer: WriteRun) -> None:
    run_writer(tmp_path, "r1", articles=2)
    result = CliRunner().invoke(
        sql, ["SELECT article_id, votes, average FROM ratings ORDER BY article_id", "--data", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "article-00001" in result.output and "NULL" in result.output and "2 row(s)" in result.output
    bad = CliRunner().invoke(sql, ["SELECT nope FROM ratings", "--data", str(tmp_path)])
    assert bad.exit_code != 0 and "nope" in bad.output
