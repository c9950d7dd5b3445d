"""``riac-archive export``: the DuckDB file answers the README's queries as the Parquet does, carries
the data dictionary as comments; CSV and JSONL hold every row with nested columns as JSON."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from flows.cli import main
from storage import read
from storage.dictionary import describe
from storage.outputs.export import export
from storage.schemas import DATASETS, SCHEMAS


@pytest.fixture(scope="module")
def exported(demo_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "riac.duckdb"
    result = CliRunner().invoke(
        main, ["export", "--data", str(demo_archive), "--format", "duckdb", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(out)
    return out


def _rows(con: duckdb.DuckDBPyConnection, query: str) -> list[tuple]:
    return sorted(con.sql(query).fetchall(), key=repr)


def test_duckdb_export_answers_the_readme_queries_as_the_parquet(demo_archive: Path, exported: Path) -> None:
    parquet = duckdb.connect()
    parquet.execute("SET TimeZone = 'UTC'")
    export_ = duckdb.connect(str(exported), read_only=True)
    export_.execute("SET TimeZone = 'UTC'")
    glob = f"{demo_archive}/{{}}/**/*.parquet"
    pairs = [  # the README's one-liners over the files, and the same question to the export
        (f"FROM read_parquet('{glob.format('ratings')}', hive_partitioning=true)", "FROM ratings"),
        (
            f"SELECT lang, count(*) FROM read_parquet('{glob.format('articles')}') GROUP BY lang",
            "SELECT lang, count(*) FROM articles GROUP BY lang",
        ),
        (
            f"FROM read_parquet('{glob.format('articles')}', hive_partitioning=true)",
            "FROM articles",
        ),
        (f"FROM read_parquet('{glob.format('polls')}', hive_partitioning=true)", "FROM polls"),
    ]
    for over_parquet, over_export in pairs:
        expected = _rows(parquet, over_parquet)
        assert expected, over_parquet
        assert _rows(export_, over_export) == expected, over_export
    # riac-archive sql's views (read.connect: the stored columns, no partition key) against the export
    views = read.connect(demo_archive)
    views.execute("SET TimeZone = 'UTC'")
    for query in (
        "SELECT section, count(*) FROM articles GROUP BY 1",
        f"SELECT {', '.join(SCHEMAS['polls'].names)} FROM polls",
        "SELECT lang, count(*) FROM articles GROUP BY lang",
        "SELECT article_id, title, withdrawn_at FROM latest_articles",
    ):
        assert _rows(export_, query) == _rows(views, query), query
    [(withdrawn,)] = export_.sql(
        "SELECT count(*) FROM latest_articles WHERE withdrawn_at IS NOT NULL"
    ).fetchall()
    assert withdrawn >= 1  # the demo withdraws an article


def test_every_table_and_column_carries_the_data_dictionary(exported: Path) -> None:
    con = duckdb.connect(str(exported), read_only=True)
    comments = {
        (table, column): comment
        for table, column, comment in con.sql(
            "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE NOT internal"
        ).fetchall()
    }
    for name in DATASETS:
        for column in SCHEMAS[name].names:
            assert comments[(name, column)] == describe(name, column)
    assert "derived from observed_at" in comments[("ratings", "observed_date")]
    assert comments[("latest_articles", "withdrawn_at")].startswith("when the archive first found")
    tables = dict(con.sql("SELECT table_name, comment FROM duckdb_tables()").fetchall())
    assert tables["ratings"] == "one row per rating observation"


def test_csv_and_jsonl_hold_every_row_with_nested_columns_as_json(demo_archive: Path, tmp_path: Path) -> None:
    csv_files = export(demo_archive, tmp_path / "csv", "csv")
    jsonl_files = export(demo_archive, tmp_path / "jsonl", "jsonl")
    assert [p.name for p in csv_files] == [f"{name}.csv" for name in DATASETS]
    assert [p.name for p in jsonl_files] == [f"{name}.jsonl" for name in DATASETS]
    stored = read.read_table(demo_archive, "articles").sort_by("stored_at").to_pylist()
    with (tmp_path / "csv" / "articles.csv").open(encoding="utf-8", newline="") as handle:
        from_csv = sorted(csv.DictReader(handle), key=lambda row: row["stored_at"])
    lines = (tmp_path / "jsonl" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    from_jsonl = sorted((json.loads(line) for line in lines), key=lambda row: row["stored_at"])
    assert len(from_csv) == len(from_jsonl) == len(stored) > 0
    for want, got_csv, got_json in zip(stored, from_csv, from_jsonl, strict=True):
        assert json.loads(got_csv["authors"]) == got_json["authors"] == want["authors"]
        assert json.loads(got_csv["tags"]) == got_json["tags"] == want["tags"]
        assert got_csv["body"] == got_json["body"] == want["body"]
        assert got_csv["word_count"] == str(want["word_count"])
        stamp = want["stored_at"].strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        assert got_csv["stored_at"] == got_json["stored_at"] == stamp
    for name in DATASETS:
        count = read.count_rows(demo_archive, name)
        assert len((tmp_path / "jsonl" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()) == count


def test_one_dataset_and_refusals(demo_archive: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "only"
    done = runner.invoke(
        main,
        ["export", "--data", str(demo_archive), "--format", "csv", "--out", str(out), "--dataset", "ratings"],
    )
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in out.iterdir()) == ["ratings.csv"]
    missing = runner.invoke(
        main, ["export", "--data", str(tmp_path / "none"), "--format", "csv", "--out", str(out)]
    )
    assert missing.exit_code == 1 and "no archive" in missing.output
    assert not (tmp_path / "none").exists()
    bad = runner.invoke(main, ["export", "--data", str(demo_archive), "--format", "xml", "--out", str(out)])
    assert bad.exit_code == 2
