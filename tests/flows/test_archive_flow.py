"""The archive flow end to end under ``prefect_test_harness``, against a private replica.

Simulated days: day 0 archives everything; day 1 only what is new plus due rating snapshots and one
poll; day 2 (every known article due) sees edits and a withdrawal; a rerun of day 2 adds nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import pytest

from crawler.replica import clock
from crawler.replica.process import ReplicaProcess
from crawler.spiders.known import read_known_file
from crawler.urls import article_id
from flows.options import ArchiveOptions

pytestmark = pytest.mark.usefixtures("prefect_harness")

GOLD = Path(__file__).parents[1] / "fixtures" / "seed" / "the-art-of-expectation-management.gold.json"
SEED = "en/analytics-and-comments/analytics/the-art-of-expectation-management"
ARTICLES = 60
ALL_DUE = "7:1,365:1,1"  # every known article due daily: day 2 re-fetches them all


def _as_of(day: int) -> datetime:
    return datetime.combine(clock.date_of_day(day), time(6, 0), tzinfo=UTC)


def _squash(paragraphs: list[str]) -> list[str]:
    return [" ".join(p.split()) for p in paragraphs]


@pytest.fixture(scope="module")
def days(
    replica_factory: Callable[..., ReplicaProcess], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """Run the archive over the simulated days once; tests read the results."""
    from flows.archive import archive
    from flows.refresh import refresh
    from storage import read

    site = replica_factory(articles=ARTICLES, seed=7)
    data = tmp_path_factory.mktemp("archive")
    out: dict[str, Any] = {"site": site, "data": data, "truth": {}, "counts": {}, "rows": {}}

    def run(label: str, day: int, flow: Any = archive, **params: Any) -> None:
        site.set_day(day)
        out["truth"][label] = site.index()
        options = ArchiveOptions.model_validate(
            {"site": site.base_url, "data": data, "unthrottled": True, "as_of": _as_of(day), **params}
        )
        out["counts"][label] = flow(options)
        out["rows"][label] = {name: read.count_rows(data, name) for name in ("articles", "ratings", "polls")}

    run("day0", 0)
    run("day1", 1, wacz=str(data / "day1.wacz"))  # the run packages itself (flows/archive.py wacz task)
    run("day2", 2, policy=ALL_DUE)
    run("day2-again", 2, policy=ALL_DUE)
    run("day3-refresh", 3, flow=refresh)
    return out


def _latest(data: Path) -> dict[str, dict[str, Any]]:
    from storage import read

    return {row["article_id"]: row for row in read.latest_articles(data).to_pylist()}


def test_first_day_archives_every_article_and_the_seed_as_its_gold(days: dict[str, Any]) -> None:
    expected = {article_id(a["url"]) for a in days["truth"]["day0"] if not a["withdrawn"]}
    counts = days["counts"]["day0"]
    assert counts["articles_new"] == len(expected) and counts["failures"] == 0
    assert counts["poll_snapshots"] == 1

    from storage import read

    first = read.read_table(days["data"], "articles").to_pylist()
    assert {r["article_id"] for r in first} >= expected
    seed = next(r for r in first if r["article_id"] == SEED)
    gold = json.loads(GOLD.read_text())
    assert _squash(seed["body"].split("\n\n")) == _squash(gold["body_paragraphs"])
    assert _squash(seed["summary"].split("\n\n")) == _squash(gold["summary_paragraphs"])
    assert [(a["name"], a["position"]) for a in seed["authors"]] == [
        (a["name"], a["position"]) for a in gold["authors"]
    ]


def test_next_day_archives_only_new_articles_due_ratings_and_one_poll(days: dict[str, Any]) -> None:
    before = {a["url"] for a in days["truth"]["day0"]}
    new = [a for a in days["truth"]["day1"] if a["url"] not in before]
    counts = days["counts"]["day1"]
    assert len(new) == clock.NEW_PER_DAY
    assert counts["articles_new"] == len(new)
    assert counts["poll_snapshots"] == 1
    rows0, rows1 = days["rows"]["day0"], days["rows"]["day1"]
    assert rows1["polls"] > rows0["polls"]
    assert counts["rating_snapshots"] == rows1["ratings"] - rows0["ratings"]

    from storage import read

    data = days["data"]
    run_id = sorted(read.read_table(data, "runs").to_pylist(), key=lambda r: r["started_at"])[1]["run_id"]
    due = {e.article_id for e in read_known_file(data / "_work" / run_id / "known.jsonl") if e.due}
    fetched = {
        r["article_id"]
        for r in read.read_table(data, "fetches").to_pylist()
        if r["run_id"] == run_id and r["outcome"] == "article"
    }
    rated = {r["article_id"] for r in read.read_table(data, "ratings").to_pylist() if r["run_id"] == run_id}
    with_widgets = {article_id(a["url"]) for a in days["truth"]["day1"] if a["rendering"] == "full"}
    new_ids = {article_id(a["url"]) for a in new}
    assert due and due <= fetched and new_ids <= fetched
    assert rated == fetched & with_widgets  # one snapshot per article fetched that shows a rating
    assert len(fetched) < len(days["truth"]["day1"]) / 3  # incremental: most articles not fetched again


def test_edited_article_gets_a_new_version_and_withdrawn_is_recorded(days: dict[str, Any]) -> None:
    counts = days["counts"]["day2"]
    assert counts["articles_changed"] >= 1 and counts["articles_withdrawn"] >= 1
    site: ReplicaProcess = days["site"]
    latest = _latest(days["data"])
    from storage import read

    versions = (
        read.read_table(days["data"], "articles", columns=["article_id"]).column("article_id").to_pylist()
    )
    edited = [a for a in days["truth"]["day2"] if _edited_by(a, 2)]
    assert edited
    for article in edited:
        truth = site.truth(article["path"])
        assert versions.count(article_id(article["url"])) >= 2
        assert _squash(latest[article_id(article["url"])]["body"].split("\n\n")) == _squash(
            truth["body_paragraphs"]
        )
    withdrawn = {article_id(a["url"]) for a in days["truth"]["day2"] if a["withdrawn"]}
    assert withdrawn
    from storage.known_state import load_known_state

    assert load_known_state(days["data"]).withdrawn == withdrawn


def test_a_run_asked_for_a_wacz_packages_its_own_captures(days: dict[str, Any]) -> None:
    import zipfile

    from storage import read

    data = days["data"]
    fetches = read.read_table(data, "fetches").to_pylist()
    day1_runs = {r["run_id"] for r in fetches if r["fetched_at"].date() == _as_of(1).date()}
    assert len(day1_runs) == 1
    with zipfile.ZipFile(data / "day1.wacz") as archive:
        names = [n for n in archive.namelist() if n.startswith("archive/")]
    (run,) = day1_runs
    assert any(f"riac-{run}-" in name for name in names)
    assert {n.removeprefix("archive/") for n in names} <= {p.name for p in data.glob("warc/*/*.warc.gz")}


def test_rerunning_the_same_day_adds_nothing(days: dict[str, Any]) -> None:
    counts = days["counts"]["day2-again"]
    assert (counts["articles_new"], counts["articles_changed"], counts["articles_withdrawn"]) == (0, 0, 0)
    assert (counts["rating_snapshots"], counts["poll_snapshots"]) == (0, 0)
    assert days["rows"]["day2-again"] == days["rows"]["day2"]


def test_english_and_russian_twins_are_linked(days: dict[str, Any]) -> None:
    latest = _latest(days["data"])
    linked = [a for a in days["truth"]["day2"] if a["translation_url"] and not a["withdrawn"]]
    assert linked
    checked = 0
    for article in linked:
        row = latest[article_id(article["url"])]
        truth = days["site"].truth(article["path"])
        assert row["translation_url"] == truth["translation_url"]
        if truth["translation_url"]:
            twin = latest.get(article_id(truth["translation_url"]))
            if twin is not None and twin["translation_url"]:
                assert twin["work_id"] == row["work_id"]
                checked += 1
    assert checked >= 2


def _edited_by(article: dict[str, Any], day: int) -> bool:
    """Replica rule (crawler/replica/clock.py): index % 23 == 7 is edited once, on its edit day."""
    edit_day = clock.edited_on_day(article["index"], ARTICLES)
    return edit_day is not None and edit_day <= day and not article["withdrawn"]


def test_refresh_takes_due_rating_snapshots_and_the_poll_without_discovering(days: dict[str, Any]) -> None:
    from storage import read

    counts = days["counts"]["day3-refresh"]
    assert counts["articles_new"] == 0  # day 3's new articles wait for the next archive run
    assert counts["poll_snapshots"] == 1
    data = days["data"]
    run_id = max(read.read_table(data, "runs").to_pylist(), key=lambda r: r["started_at"])["run_id"]
    due = {e.article_id for e in read_known_file(data / "_work" / run_id / "known.jsonl") if e.due}
    fetched = {
        r["article_id"]
        for r in read.read_table(data, "fetches").to_pylist()
        if r["run_id"] == run_id and r["article_id"]
    }
    assert due and fetched == due
    assert 0 < counts["rating_snapshots"] <= len(due)
