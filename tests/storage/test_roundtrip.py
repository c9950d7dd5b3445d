"""Items → rows → Arrow → Parquet → items, unchanged (hypothesis), and schemas in step with items."""

from __future__ import annotations

import dataclasses
import io
import json
from datetime import UTC, datetime

import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.items import ArticleItem, Author, Outcome, Poll, PollOption, Rating
from storage.rows import (
    article_row,
    failure_row,
    fetch_row,
    poll_rows,
    rating_row,
    row_to_article,
    row_to_rating,
    rows_to_polls,
    run_row,
)
from storage.schemas import SCHEMA_VERSION, SCHEMAS, TIMESTAMP, VERSION_KEY
from storage.write import parquet_bytes, to_table

# Cyrillic, Latin, typographic characters, no-break spaces; single newlines allowed inside a paragraph
ALPHABET = st.characters(codec="utf-8", exclude_characters="\n\r") | st.sampled_from("абвгдеёжЖЩ «»—–\u00a0’")
text = st.text(ALPHABET, max_size=40)
paragraph = st.text(ALPHABET, min_size=1, max_size=80)
maybe = st.none() | text
moments = st.datetimes(min_value=datetime(2011, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC))


@st.composite
def items(draw: st.DrawFn) -> ArticleItem:
    polls = draw(
        st.lists(
            st.builds(
                Poll,
                question=text,
                options=st.lists(
                    st.builds(
                        PollOption, text=text, votes=st.integers(0, 10**6), percent=st.integers(0, 100)
                    ),
                    max_size=4,
                ).map(tuple),
            ),
            max_size=3,
        )
    )
    return ArticleItem(
        url="https://russiancouncil.ru/" + draw(text) + "/",
        article_id=draw(text),
        lang=draw(st.sampled_from(["en", "ru"])),
        section=draw(st.none() | st.sampled_from(["analytics", "comments", "news"])),
        title=draw(maybe),
        published=draw(st.none() | st.dates()),
        published_raw=draw(maybe),
        authors=tuple(draw(st.lists(st.builds(Author, name=text, position=maybe), max_size=6))),
        region=tuple(draw(st.lists(text, max_size=3))),
        type=draw(maybe),
        tags=tuple(draw(st.lists(text, max_size=3))),
        summary_paragraphs=tuple(draw(st.lists(paragraph, max_size=3))),
        body_paragraphs=tuple(draw(st.lists(paragraph, max_size=5))),
        rating=draw(
            st.none() | st.builds(Rating, votes=st.integers(0, 10**6), average=st.none() | st.floats(0, 5))
        ),
        polls=tuple(polls),
        translation_url=draw(st.none() | st.just("https://russiancouncil.ru/news/twin/")),
        extractor_version=draw(text),
        fetched_url=draw(maybe),
        fetched_at=draw(st.none() | moments),
    )


def through_parquet(dataset: str, rows: list[dict]) -> list[dict]:
    data = parquet_bytes(dataset, to_table(dataset, rows))
    table = pq.read_table(io.BytesIO(data))
    assert table.schema.metadata[VERSION_KEY] == str(SCHEMA_VERSION).encode()
    assert table.schema.equals(SCHEMAS[dataset])
    return table.to_pylist()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(item=items(), seen=moments)
def test_item_survives_rows_arrow_and_parquet(item: ArticleItem, seen: datetime) -> None:
    [article] = through_parquet("articles", [article_row(item, run_id="r1", first_seen=seen)])
    rating = None
    if item.rating is not None:
        [stored] = through_parquet(
            "ratings", [rating_row(item.article_id, item.rating, observed_at=seen, run_id="r1")]
        )
        rating = row_to_rating(stored)
    polls = rows_to_polls(through_parquet("polls", poll_rows(item.polls, observed_at=seen, run_id="r1")))
    expected_polls = tuple(p for p in item.polls if p.options)  # a question without options has no row
    back = row_to_article(article, rating=rating, polls=polls)
    assert back == dataclasses.replace(item, polls=expected_polls)
    assert article["first_seen"] == seen


def test_articles_schema_covers_every_item_field() -> None:
    stored_elsewhere = {"rating", "polls", "stats"}
    as_text = {"summary_paragraphs": "summary", "body_paragraphs": "body"}
    columns = set(SCHEMAS["articles"].names)
    for f in dataclasses.fields(ArticleItem):
        if f.name not in stored_elsewhere:
            assert as_text.get(f.name, f.name) in columns, f.name
    for derived in ("word_count", "body_digest", "content_digest", "work_id", "run_id", "first_seen"):
        assert derived in columns


def test_every_dataset_has_run_id_and_utc_timestamps() -> None:
    for name, schema in SCHEMAS.items():
        assert "run_id" in schema.names, name
        for f in schema:
            if f.type.equals(TIMESTAMP) or str(f.type).startswith("timestamp"):
                assert f.type == TIMESTAMP, (name, f.name)


def test_work_id_is_shared_by_twins() -> None:
    en = article_row(
        _minimal("https://russiancouncil.ru/en/news/x/", "en/news/x", "https://russiancouncil.ru/news/x-ru/"),
        run_id="r",
        first_seen=datetime(2026, 1, 1, tzinfo=UTC),
    )
    ru = article_row(
        _minimal("https://russiancouncil.ru/news/x-ru/", "news/x-ru", "https://russiancouncil.ru/en/news/x/"),
        run_id="r",
        first_seen=datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert en["work_id"] == ru["work_id"] == "en/news/x"


def _minimal(url: str, article_id: str, twin: str) -> ArticleItem:
    return ArticleItem(
        url=url,
        article_id=article_id,
        lang="en",
        section="news",
        title="t",
        published=None,
        published_raw=None,
        authors=(),
        region=(),
        type=None,
        tags=(),
        summary_paragraphs=(),
        body_paragraphs=("b",),
        rating=None,
        polls=(),
        translation_url=twin,
        extractor_version="1",
    )


@settings(max_examples=30, deadline=None)
@given(
    url=text,
    status=st.none() | st.integers(100, 599),
    length=st.none() | st.integers(0, 2**40),
    outcome=st.sampled_from(list(Outcome)),
    at=moments,
    message=text,
    counts=st.dictionaries(text, st.integers(0, 10**9), max_size=3),
)
def test_fetch_failure_and_run_rows_survive_parquet(
    url: str,
    status: int | None,
    length: int | None,
    outcome: Outcome,
    at: datetime,
    message: str,
    counts: dict,
) -> None:
    fetch = fetch_row(url, fetched_at=at, run_id="r", outcome=outcome, status=status, length=length)
    assert through_parquet("fetches", [fetch]) == [fetch]
    failure = failure_row(url, run_id="r", stage="extract", error_type="decode-error", message=message, at=at)
    assert through_parquet("failures", [failure]) == [failure]
    run = run_row(
        "r", flow="archive", started_at=at, status="completed", parameters={"url": url}, counts=counts
    )
    [stored] = through_parquet("runs", [run])
    assert (
        stored == run
        and json.loads(stored["counts"]) == counts
        and json.loads(stored["parameters"]) == {"url": url}
    )
