from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from crawler.spiders.known import read_known_file, write_known_file
from storage.refresh_policy import KnownArticle, RefreshPolicy, plan

NOW = datetime(2025, 3, 10, 6, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("age_days", "expected"),
    [(0, 1), (6, 1), (7, 7), (364, 7), (365, 30), (5000, 30)],
)
def test_interval_grows_with_age(age_days: int, expected: int) -> None:
    policy = RefreshPolicy()
    assert policy.interval(NOW.date() - timedelta(days=age_days), NOW.date()) == timedelta(days=expected)


def test_unknown_publication_date_is_treated_as_old() -> None:
    assert RefreshPolicy().interval(None, NOW.date()) == timedelta(days=30)


def test_never_observed_is_due_and_slack_absorbs_run_time_jitter() -> None:
    policy = RefreshPolicy()
    young = NOW.date() - timedelta(days=2)
    assert policy.is_due(young, None, NOW)
    assert policy.is_due(young, NOW - timedelta(hours=23, minutes=50), NOW)
    assert not policy.is_due(young, NOW - timedelta(hours=12), NOW)
    old = date(2015, 1, 1)
    assert not policy.is_due(old, NOW - timedelta(days=8), NOW)
    assert policy.is_due(old, NOW - timedelta(days=30), NOW)


def test_parse_spec() -> None:
    policy = RefreshPolicy.parse("3:1, 90:14, 60")
    assert (policy.young_days, policy.mid_days) == (3, 90)
    assert (policy.young_every, policy.mid_every, policy.old_every) == (
        timedelta(days=1),
        timedelta(days=14),
        timedelta(days=60),
    )
    assert RefreshPolicy.parse(policy.spec()) == policy
    assert RefreshPolicy().spec() == "7:1,365:7,30"
    with pytest.raises(ValueError):
        RefreshPolicy.parse("30:1,7:7,30")


def test_plan_skips_withdrawn_and_round_trips_through_the_known_file(tmp_path: Path) -> None:
    known = [
        KnownArticle("https://russiancouncil.ru/en/news/a/", "en/news/a", NOW.date(), None),
        KnownArticle("https://russiancouncil.ru/en/news/b/", "en/news/b", date(2012, 1, 1), NOW),
        KnownArticle("https://russiancouncil.ru/en/news/c/", "en/news/c", NOW.date(), None, withdrawn=True),
    ]
    entries = plan(known, RefreshPolicy(), NOW.replace(tzinfo=None))
    assert [(e.article_id, e.due) for e in entries] == [("en/news/a", True), ("en/news/b", False)]
    path = write_known_file(tmp_path / "run" / "known.jsonl", entries)
    assert list(read_known_file(path)) == entries
