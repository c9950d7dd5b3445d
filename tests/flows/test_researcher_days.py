"""What a researcher loads after several simulated days of the replica, against its ground truth.

Days 0-3 of a 300-article replica (seed 7), run as ``riac-archive demo`` runs them (``run_archive``
with the replica's clock): stable publication dates with their raw wording, withdrawals seen in the
run that meets them, every dataset loadable from the first run, polls per language copy, and the URL
really fetched in ``articles.fetched_url``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import polars as pl
import pytest

from crawler.replica import clock
from crawler.replica.process import ReplicaProcess
from crawler.urls import article_id
from storage.schemas import DATASETS, SCHEMAS

ARTICLES = 300  # large enough that the first run meets articles in a sitemap before any listing
DAYS = 4
# clock.withdrawn_on_day: index 13 goes on day 2 (404), index 44 on day 3 (410)
WITHDRAWN = {13: 2, 44: 3}


def _as_of(day: int) -> datetime:
    return datetime.combine(clock.date_of_day(day), time(6, 0), tzinfo=UTC)


def _one_liners(data: Path, name: str) -> tuple[int, int, int]:
    """The README's three one-liners over one dataset: rows seen by pandas, polars and DuckDB."""
    glob = f"{data}/{name}/**/*.parquet"
    by_pandas = len(pd.read_parquet(data / name))
    by_polars = pl.scan_parquet(glob).collect().height
    [(by_duckdb,)] = duckdb.sql(
        f"SELECT count(*) FROM read_parquet('{glob}', hive_partitioning=true)"
    ).fetchall()
    return by_pandas, by_polars, by_duckdb


@pytest.fixture(scope="module")
def days(
    replica_factory: Callable[..., ReplicaProcess], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    from flows.options import ArchiveOptions
    from flows.pipeline import run_archive

    site = replica_factory(articles=ARTICLES, seed=7)
    data = tmp_path_factory.mktemp("researcher")
    out: dict[str, Any] = {"site": site, "data": data, "truth": {}, "reports": {}, "run_ids": {}}
    for day in range(DAYS):
        site.set_day(day)
        out["truth"][day] = site.index()
        options = ArchiveOptions(
            site=site.base_url, data=data, unthrottled=True, as_of=_as_of(day), workers=1
        )
        run_id = str(uuid.uuid4())
        out["reports"][day] = run_archive(options, run_id)
        out["run_ids"][day] = run_id
        if day == 0:
            out["first_run"] = {name: _one_liners(data, name) for name in DATASETS}
            out["first_run_dirs"] = sorted(p.name for p in data.iterdir() if p.name in DATASETS)
    return out


def test_every_dataset_loads_with_the_readme_one_liners_after_the_first_run(days: dict[str, Any]) -> None:
    assert days["first_run_dirs"] == sorted(DATASETS)
    counts = days["first_run"]
    assert counts["failures"] == (0, 0, 0)  # no failure on day 0, yet the dataset is there
    for name in DATASETS:
        by_pandas, by_polars, by_duckdb = counts[name]
        assert by_pandas == by_polars == by_duckdb, name
    assert counts["articles"][0] > 0 and counts["runs"][0] == 1
    empty = pl.scan_parquet(f"{days['data']}/failures/**/*.parquet").collect_schema()
    assert set(empty.names()) == set(SCHEMAS["failures"].names)


def test_articles_fetched_url_is_the_url_really_requested(days: dict[str, Any]) -> None:
    from storage import read

    data = days["data"]
    fetched = {
        (r["run_id"], r["url"]): r["article_id"]
        for r in read.read_table(data, "fetches", columns=["run_id", "url", "article_id"]).to_pylist()
    }
    rows = read.read_table(
        data, "articles", columns=["article_id", "url", "fetched_url", "run_id"]
    ).to_pylist()
    assert rows
    site_base = days["site"].base_url.rstrip("/")
    for row in rows:
        assert row["fetched_url"].startswith(site_base)  # the replica's address, as requested
        assert row["fetched_url"] != row["url"]
        assert fetched[(row["run_id"], row["fetched_url"])] == row["article_id"]


def test_published_belongs_to_the_article_and_keeps_its_raw_wording(days: dict[str, Any]) -> None:
    from storage import read

    truth = {article_id(a["url"]): a for a in days["truth"][DAYS - 1]}
    rows = read.read_table(days["data"], "articles").to_pylist()
    by_article: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_article.setdefault(row["article_id"], []).append(row)
    edited = [a for a, versions in by_article.items() if len(versions) > 1]
    assert edited  # the edits of days 1-3 made second versions
    for article, versions in by_article.items():
        assert {v["published"].isoformat() for v in versions} == {truth[article]["published"]}, article
        for version in versions:
            assert version["published_raw"], article  # the string the date was read from
            assert any(ch.isdigit() for ch in version["published_raw"])


def test_withdrawals_are_seen_in_the_run_that_meets_them(days: dict[str, Any]) -> None:
    from storage import read

    data = days["data"]
    fetches = read.read_table(
        data, "fetches", columns=["article_id", "outcome", "run_id", "status"]
    ).to_pylist()
    latest = {r["article_id"]: r for r in read.latest_articles(data).to_pylist()}
    withdrawn_ids = set()
    for index, day in WITHDRAWN.items():
        article = next(a for a in days["truth"][day] if a["index"] == index)
        assert (
            article["withdrawn"]
            and not next(a for a in days["truth"][day - 1] if a["index"] == index)["withdrawn"]
        )
        aid = article_id(article["url"])
        withdrawn_ids.add(aid)
        run_id = days["run_ids"][day]
        rows = [r for r in fetches if r["article_id"] == aid and r["run_id"] == run_id]
        assert [(r["outcome"], r["status"]) for r in rows] == [("withdrawn", clock.withdrawn_status(index))]
        assert days["reports"][day].articles_withdrawn == 1
        assert latest[aid]["withdrawn_at"] is not None
        assert latest[aid]["withdrawn_at"].date() == clock.date_of_day(day)
    in_sql = read.connect(data).sql("SELECT article_id FROM latest_articles WHERE withdrawn_at IS NOT NULL")
    assert {aid for (aid,) in in_sql.fetchall()} == withdrawn_ids  # the same in riac-archive sql
    live = [r for a, r in latest.items() if a not in withdrawn_ids]
    assert live and all(r["withdrawn_at"] is None for r in live)
    assert days["reports"][1].articles_withdrawn == 0


def test_the_site_poll_is_stored_per_language_copy(days: dict[str, Any]) -> None:
    from storage import read

    polls = read.read_table(days["data"], "polls").to_pylist()
    assert {r["lang"] for r in polls} == {"en", "ru"}
    for run_id in {r["run_id"] for r in polls}:
        for lang in ("en", "ru"):
            indexes = sorted(
                {r["question_index"] for r in polls if r["run_id"] == run_id and r["lang"] == lang}
            )
            assert indexes == list(range(len(indexes))) and indexes, (run_id, lang)
