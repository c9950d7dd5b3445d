"""Builders of realistic records and one-run writes shared by the storage tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from crawler.items import ArticleItem, Author, Outcome, Poll, PollOption, Rating
from storage.rows import article_row, fetch_row, poll_rows, rating_row, run_row
from storage.write import CommitResult, RunWriter

BASE = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def make_item(n: int, *, lang: str = "en", version: int = 0) -> ArticleItem:
    prefix = "en/" if lang == "en" else ""
    slug = f"article-{n:05d}"
    twin_prefix = "" if lang == "en" else "en/"
    return ArticleItem(
        url=f"https://russiancouncil.ru/{prefix}analytics-and-comments/analytics/{slug}/",
        article_id=f"{prefix}analytics-and-comments/analytics/{slug}",
        lang=lang,
        section="analytics",
        title=f"Title {n}" if lang == "en" else f"Заголовок {n}",
        published=date(2020, 1, 1) + timedelta(days=n),
        published_raw=None,
        authors=(Author("Andrey Kortunov", "RIAC Director General"),) if n % 3 else (),
        region=("Russia", "Europe") if n % 2 else (),
        type="Analytics",
        tags=("USA",) if n % 2 else (),
        summary_paragraphs=(f"Summary of {n}.",),
        body_paragraphs=(f"First paragraph of {n}.", f"Second paragraph, version {version}."),
        rating=Rating(votes=n % 7, average=4.5 if n % 7 else None),
        polls=(),
        translation_url=f"https://russiancouncil.ru/{twin_prefix}analytics-and-comments/analytics/{slug}/",
        extractor_version="1.0",
        fetched_url=None,
        fetched_at=BASE,
    )


POLLS = (
    Poll(
        "What are the US long-term goals for Russia?",
        (PollOption("Partnership", 33, 31), PollOption("Containment", 73, 69)),
        lang="en",
    ),
    Poll("Второй вопрос?", (PollOption("Да", 1, 100),), lang="ru"),
)


def write_run(
    root: str | Path,
    run_id: str,
    *,
    articles: int = 5,
    at: datetime = BASE,
    version: int = 0,
    fresh: bool = True,
) -> CommitResult:
    """One complete run: ``articles`` article versions, their ratings and fetches, the poll, a run row."""
    items = [make_item(n, version=version) for n in range(articles)]
    writer = RunWriter(root, run_id, fresh=fresh)
    writer.write(
        "articles",
        [article_row(i, run_id=run_id, first_seen=BASE, stored_at=at, warc_file="a.warc.gz") for i in items],
    )
    writer.write(
        "ratings",
        [rating_row(i.article_id, i.rating, observed_at=at, run_id=run_id) for i in items if i.rating],
    )
    writer.write("polls", poll_rows(POLLS, observed_at=at, run_id=run_id))
    writer.write(
        "fetches",
        [fetch_row(i.url, fetched_at=at, run_id=run_id, outcome=Outcome.ARTICLE, status=200) for i in items],
    )
    return writer.commit(run_row(run_id, flow="archive", started_at=at, finished_at=at, status="completed"))


@pytest.fixture
def item() -> Callable[..., ArticleItem]:
    return make_item


@pytest.fixture
def run_writer() -> Callable[..., CommitResult]:
    return write_run
