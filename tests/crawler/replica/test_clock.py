"""The time schedule of docs/replica.md changes exactly what it says."""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import urlsplit

import lxml.html
import pytest

from crawler.replica import clock
from crawler.replica.app import App, Options
from crawler.replica.process import ReplicaProcess
from crawler.replica.truth import article_truth

N = 60
SEED_PATH = "/en/analytics-and-comments/analytics/the-art-of-expectation-management/"


@pytest.fixture
def app() -> App:
    return App(Options(articles=N, seed=7))


def get(app: App, path: str) -> tuple[int, bytes]:
    response = app.handle("GET", path, None)
    return response.status, response.body


def truth_index(app: App) -> list[dict]:
    return json.loads(get(app, "/__truth__/index.json")[1])


def test_each_day_adds_four_articles_at_the_top(app: App) -> None:
    assert len(truth_index(app)) == N
    app.set_day(3)
    entries = truth_index(app)
    assert len(entries) == N + 3 * clock.NEW_PER_DAY
    newest = [e for e in entries if e["index"] >= N + 2 * clock.NEW_PER_DAY]
    assert {e["published"] for e in newest} == {clock.date_of_day(3).isoformat()}
    sitemaps = b"".join(get(app, p)[1] for p in _child_sitemaps(app)).decode()
    for lang, home, feed in (("en", "/en/", "/en/rss/"), ("ru", "/", "/rss/")):
        fresh = sorted((e for e in newest if e["lang"] == lang), key=lambda e: e["index"], reverse=True)
        assert fresh
        root = lxml.html.fromstring(get(app, home)[1])
        top = [urlsplit(h).path for h in root.xpath('//div[@class="news-item"]/a/@href')][: len(fresh)]
        assert top == [e["path"] for e in fresh]
        feed_text = get(app, feed)[1].decode()
        for entry in fresh:
            assert entry["url"] in feed_text
            assert entry["url"] in sitemaps


def _child_sitemaps(app: App) -> list[str]:
    index = get(app, "/sitemap.xml")[1].decode()
    return [
        loc.split("russiancouncil.ru", 1)[1]
        for loc in index.split("<loc>")[1:]
        for loc in [loc.split("<")[0]]
    ]


def test_edits_change_the_last_paragraph_on_the_documented_day(app: App) -> None:
    index = next(i for i in range(1, N) if i % clock.EDIT_EVERY == 7)
    day = 1 + (index // clock.EDIT_EVERY) % 14
    meta = app.site.meta(index)
    before = article_truth(app.site, index, day - 1)
    after = article_truth(app.site, index, day)
    assert before["edited_on_day"] is None and after["edited_on_day"] == day
    assert before["body_paragraphs"][:-1] == after["body_paragraphs"][:-1]
    assert after["body_paragraphs"][-1].startswith(before["body_paragraphs"][-1])
    assert after["body_paragraphs"][-1] != before["body_paragraphs"][-1]
    app.set_day(day)
    child = "".join(get(app, p)[1].decode() for p in _child_sitemaps(app))
    assert f"{meta.path}</loc><lastmod>{clock.date_of_day(day).isoformat()}" in child


def test_withdrawals_answer_404_or_410_from_the_documented_day(app: App) -> None:
    index = next(i for i in range(1, N) if i % clock.WITHDRAW_EVERY == 13)
    day = 2 + (index // clock.WITHDRAW_EVERY) % 20
    status = 410 if (index // clock.WITHDRAW_EVERY) % 2 else 404
    path = app.site.meta(index).path
    app.set_day(day - 1)
    assert get(app, path)[0] == 200
    app.set_day(day)
    assert get(app, path)[0] == status
    assert path not in get(app, "/sitemap.xml")[1].decode() + "".join(
        get(app, p)[1].decode() for p in _child_sitemaps(app)
    )
    assert next(e for e in truth_index(app) if e["index"] == index)["withdrawn"] is True


def test_ratings_only_grow_and_the_seed_never_changes(app: App) -> None:
    grew = 0
    for index in range(1, N):
        votes = [app.site.rating(index, day)[0] for day in (0, 5, 20)]
        assert votes == sorted(votes)
        grew += votes[-1] > votes[0]
    assert grew > N // 2
    day0, day40 = article_truth(app.site, 0, 0), article_truth(app.site, 0, 40)
    for key in ("summary_paragraphs", "body_paragraphs", "authors", "rating", "title"):
        assert day0[key] == day40[key]
    assert day0["polls"] != day40["polls"]


def test_the_poll_gains_votes_daily_and_is_replaced_every_21_days(app: App) -> None:
    def poll(day: int) -> list[dict]:
        return article_truth(app.site, 0, day)["polls"]

    assert [o["votes"] for o in poll(0)[0]["options"]] == [36, 27, 22, 12, 4, 2]
    assert sum(o["votes"] for o in poll(1)[0]["options"]) > sum(o["votes"] for o in poll(0)[0]["options"])
    assert poll(20)[0]["question"] == poll(0)[0]["question"]
    assert poll(21)[0]["question"] != poll(20)[0]["question"]
    assert len(poll(42)) == 2


def test_author_positions_change_on_the_documented_day(app: App) -> None:
    person = app.site.people[6]
    day = 1 + (6 // clock.POSITION_EVERY) % 20
    assert person.position("en", day - 1) != person.position("en", day)
    app.set_day(day - 1)
    before = get(app, "/en/" + person.slug + "/")[1].decode()
    app.set_day(day)
    after = get(app, "/en/" + person.slug + "/")[1].decode()
    assert person.position("en", day - 1) in before and person.position("en", day) in after


def test_the_clock_is_driven_over_http(replica_factory) -> None:  # type: ignore[no-untyped-def]
    site: ReplicaProcess = replica_factory(articles=20, day=2)
    assert site.day() == 2
    assert len(site.index()) == 20 + 2 * clock.NEW_PER_DAY
    assert site.advance(3) == 5
    assert site.set_day(1) == 1
    with urllib.request.urlopen(site.url("/__control__/day"), timeout=5) as response:
        assert json.loads(response.read()) == {"day": 1}
    assert len(site.index()) == 20 + clock.NEW_PER_DAY
