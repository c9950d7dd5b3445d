"""Publishing, retries, concurrent runs, new-versions-only, schema evolution, plain one-liners."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from crawler.items import ArticleItem
from storage import read
from storage.plan import new_versions
from storage.rows import article_row
from storage.schemas import SCHEMAS, with_version
from storage.write import CommitResult, RunWriter, abandoned_runs, discard_run

REPO = Path(__file__).resolve().parents[2]
WriteRun = Callable[..., CommitResult]
MakeItem = Callable[..., ArticleItem]
_T = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def data_files(root: Path) -> list[str]:
    """What ``<root>/<dataset>/**/*.parquet`` globs see."""
    found = (p for d in SCHEMAS for p in (root / d).glob("**/*.parquet"))
    return sorted(str(p.relative_to(root)) for p in found)


def test_commit_publishes_every_dataset_and_marker_last(tmp_path: Path, run_writer: WriteRun) -> None:
    result = run_writer(tmp_path, "run-a", articles=4)
    assert sorted(result.files) == data_files(tmp_path)
    # failures: no rows, but every dataset exists from the first run (one empty file with the schema)
    assert {f.split("/")[0] for f in result.files} == {
        "articles",
        "ratings",
        "polls",
        "fetches",
        "runs",
        "failures",
    }
    marker = json.loads((tmp_path / "_runs" / "run-a.json").read_text())
    assert sorted(marker["files"]) == sorted(result.files)
    assert read.count_rows(tmp_path, "articles") == 4
    assert read.count_rows(tmp_path, "polls") == 3
    assert not list((tmp_path / "_staging").rglob("*.parquet"))
    assert "ratings/observed_date=2026-03-01" in {f.rsplit("/", 1)[0] for f in result.files}


def test_staged_but_uncommitted_rows_are_invisible(
    tmp_path: Path, run_writer: WriteRun, item: MakeItem
) -> None:
    run_writer(tmp_path, "done", articles=2)
    writer = RunWriter(tmp_path, "dying")
    writer.write("articles", [article_row(item(9), run_id="dying", first_seen=_T)])
    assert read.count_rows(tmp_path, "articles") == 2
    assert len(data_files(tmp_path)) == 6  # staging is outside the dataset folders; failures: one empty file


def test_readers_ignore_published_files_of_a_run_without_marker(tmp_path: Path, run_writer: WriteRun) -> None:
    run_writer(tmp_path, "half", articles=3)
    (tmp_path / "_runs" / "half.json").unlink()  # as if killed between publishing and the marker
    assert read.count_rows(tmp_path, "articles") == 0
    assert read.latest_digests(tmp_path) == {}


def test_retried_run_does_not_duplicate_rows(tmp_path: Path, run_writer: WriteRun) -> None:
    run_writer(tmp_path, "run-r", articles=5)
    later = _T + timedelta(minutes=3)  # the retry observes again: different rows, same run
    run_writer(tmp_path, "run-r", articles=5, at=later)
    ratings = read.rating_history(tmp_path)
    assert ratings.num_rows == 5
    assert set(ratings["observed_at"].to_pylist()) == {later}
    assert read.count_rows(tmp_path, "articles") == 5
    assert read.count_rows(tmp_path, "runs") == 1
    assert len(data_files(tmp_path)) == 6  # five datasets with rows, failures empty


def test_retry_after_a_commit_died_halfway(tmp_path: Path, run_writer: WriteRun) -> None:
    run_writer(tmp_path, "run-h", articles=3)
    marker = tmp_path / "_runs" / "run-h.json"
    files = json.loads(marker.read_text())["files"]
    marker.unlink()
    (tmp_path / "_pending").mkdir(exist_ok=True)
    (tmp_path / "_pending" / "run-h.json").write_text(json.dumps({"files": files}))
    run_writer(tmp_path, "run-h", articles=2, at=_T + timedelta(hours=1))
    assert read.count_rows(tmp_path, "articles") == 2
    assert len(data_files(tmp_path)) == 6  # five datasets with rows, failures empty
    assert not (tmp_path / "_pending" / "run-h.json").exists()


def test_same_rows_written_twice_in_one_run_give_one_file(tmp_path: Path, item: MakeItem) -> None:
    writer = RunWriter(tmp_path, "twice")
    rows = [article_row(item(1), run_id="twice", first_seen=_T, stored_at=_T)]
    assert writer.write("articles", rows) == writer.write("articles", rows)
    writer.commit()
    assert read.count_rows(tmp_path, "articles") == 1


def test_unchanged_refetch_adds_no_article_version(
    tmp_path: Path, run_writer: WriteRun, item: MakeItem
) -> None:
    run_writer(tmp_path, "first", articles=3)
    digests = read.latest_digests(tmp_path)
    assert len(digests) == 3
    same = [item(n) for n in range(3)]
    changed = item(1, version=1)
    assert new_versions(same, digests) == []
    assert new_versions([*same, changed, changed], digests) == [changed]
    assert new_versions([item(7)], digests) == [item(7)]


def test_latest_version_wins_and_versions_diff(tmp_path: Path, run_writer: WriteRun, item: MakeItem) -> None:
    run_writer(tmp_path, "v0", articles=2)
    writer = RunWriter(tmp_path, "v1")
    writer.write(
        "articles",
        [article_row(item(1, version=1), run_id="v1", first_seen=_T, stored_at=_T + timedelta(days=1))],
    )
    writer.commit()
    latest = read.latest_articles(tmp_path)
    assert latest.num_rows == 2
    assert latest.schema.equals(SCHEMAS["articles"].append(read.WITHDRAWN_AT))  # stored + derived
    assert latest["withdrawn_at"].null_count == 2  # no fetch found either withdrawn
    by_id = {r["article_id"]: r for r in latest.to_pylist()}
    assert by_id[item(1).article_id]["body"].endswith("version 1.")
    versions = read.article_versions(tmp_path, item(1).article_id)
    assert versions["run_id"].to_pylist() == ["v0", "v1"]
    diff = versions["diff"].to_pylist()
    assert diff[0] is None
    assert "-Second paragraph, version 0." in diff[1] and "+Second paragraph, version 1." in diff[1]
    assert read.latest_digests(tmp_path)[item(1).article_id] == item(1, version=1).content_digest


def test_two_concurrent_writer_processes(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import sys
        from datetime import UTC, datetime, timedelta
        from crawler.items import Rating
        from storage.rows import rating_row, run_row
        from storage.write import RunWriter
        root, name = sys.argv[1], sys.argv[2]
        t0 = datetime(2026, 3, 1, tzinfo=UTC)
        for i in range(15):
            run_id = f"{name}-{i}"
            w = RunWriter(root, run_id)
            for batch in range(3):
                w.write("ratings", [rating_row(f"a{k}", Rating(k, 4.0), observed_at=t0 + timedelta(hours=i),
                                               run_id=run_id) for k in range(batch * 10, batch * 10 + 10)])
            w.commit(run_row(run_id, flow="t", started_at=t0, status="completed"))
        """
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(tmp_path), name], cwd=REPO)
        for name in ("left", "right")
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    ratings = read.rating_history(tmp_path)
    assert ratings.num_rows == 2 * 15 * 30
    keys = set(zip(ratings["run_id"].to_pylist(), ratings["article_id"].to_pylist(), strict=True))
    assert len(keys) == ratings.num_rows
    assert read.count_rows(tmp_path, "runs") == 30


def test_old_files_stay_readable_after_a_column_is_added(
    tmp_path: Path, run_writer: WriteRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_writer(tmp_path, "old", articles=2)
    v2 = SCHEMAS["ratings"].append(pa.field("widget", pa.string()))
    new_file = tmp_path / "ratings" / "observed_date=2026-03-02" / "part-new-0123456789abcdef.parquet"
    new_file.parent.mkdir(parents=True)
    table = pa.table(
        {"article_id": ["x"], "observed_at": pa.array([_T + timedelta(days=1)], v2.field("observed_at").type)}
        | {"votes": pa.array([3], pa.int32()), "average": [4.0], "run_id": ["new"], "widget": ["stars"]},
        schema=with_version(v2, "ratings", 2),
    )
    pq.write_table(table, new_file)
    (tmp_path / "_runs" / "new.json").write_text("{}")
    monkeypatch.setitem(SCHEMAS, "ratings", v2)  # the code of a later version reads files of both versions
    history = read.rating_history(tmp_path)
    assert history.schema.names[-1] == "widget"
    assert history.num_rows == 3
    assert history["widget"].to_pylist().count(None) == 2 and "stars" in history["widget"].to_pylist()


def test_plain_one_liners_read_the_data_folder(tmp_path: Path, run_writer: WriteRun) -> None:
    for i in range(3):
        run_writer(tmp_path, f"run-{i}", articles=4, at=_T + timedelta(days=i))
    RunWriter(tmp_path, "staged-only").write("ratings", read.rating_history(tmp_path).slice(0, 1))
    (tmp_path / "_locks").mkdir()
    (tmp_path / "_locks" / "compact.lock").write_text("")
    expected = 3 * 4
    assert len(pd.read_parquet(tmp_path / "ratings")) == expected
    frame = pl.scan_parquet(str(tmp_path / "ratings" / "**" / "*.parquet")).collect()
    assert frame.height == expected
    glob = str(tmp_path / "ratings" / "**" / "*.parquet")
    row = duckdb.sql(
        f"SELECT count(*), count(DISTINCT observed_date) FROM read_parquet('{glob}', hive_partitioning=true)"
    )
    assert row.fetchall() == [(expected, 3)]
    articles = pd.read_parquet(tmp_path / "articles")
    assert set(articles["lang"]) == {"en"}
    assert pq.read_table(tmp_path / "runs").num_rows == 3


def test_one_liners_over_files_of_two_schema_versions(tmp_path: Path, run_writer: WriteRun) -> None:
    run_writer(tmp_path, "old", articles=2)
    v2 = SCHEMAS["ratings"].append(pa.field("widget", pa.string()))
    new_file = tmp_path / "ratings" / "observed_date=2026-03-02" / "part-new-0123456789abcdef.parquet"
    new_file.parent.mkdir(parents=True)
    row = read.rating_history(tmp_path).slice(0, 1).append_column("widget", pa.array(["stars"]))
    pq.write_table(row.cast(v2), new_file)
    glob = f"{tmp_path}/ratings/**/*.parquet"
    union = duckdb.sql(f"SELECT widget FROM read_parquet('{glob}', union_by_name=true) ORDER BY widget")
    assert union.fetchall() == [("stars",), (None,), (None,)]
    frame = pl.scan_parquet(
        glob, schema=pl.Schema(pl.from_arrow(v2.empty_table()).schema), missing_columns="insert"
    )
    assert frame.collect()["widget"].to_list().count("stars") == 1
    assert len(pd.read_parquet(tmp_path / "ratings")) == 3


def test_abandoned_run_is_found_and_discarded(tmp_path: Path, run_writer: WriteRun) -> None:
    run_writer(tmp_path, "kept", articles=2)
    run_writer(tmp_path, "killed", articles=3)
    marker = tmp_path / "_runs" / "killed.json"
    files = json.loads(marker.read_text())["files"]
    marker.unlink()  # as if killed after publishing, before the marker
    (tmp_path / "_pending").mkdir(exist_ok=True)
    (tmp_path / "_pending" / "killed.json").write_text(json.dumps({"files": files}))
    assert abandoned_runs(tmp_path) == ["killed"]
    assert sorted(discard_run(tmp_path, "killed")) == sorted(files)
    assert abandoned_runs(tmp_path) == []
    assert len(pd.read_parquet(tmp_path / "ratings")) == 2
    with pytest.raises(ValueError):
        discard_run(tmp_path, "kept")
