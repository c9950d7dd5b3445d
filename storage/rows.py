"""Records (``crawler.items``) to dataset rows (plain dicts matching ``storage.schemas``) and back."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from crawler.items import (
    PARAGRAPH_SEPARATOR,
    ArticleItem,
    Author,
    Outcome,
    PageFailure,
    Poll,
    PollOption,
    Rating,
)

Row = dict[str, Any]


def utc(moment: datetime) -> datetime:
    """Timezone-aware UTC; a naive datetime is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _utc_or_none(moment: datetime | None) -> datetime | None:
    return None if moment is None else utc(moment)


def split_paragraphs(text: str | None) -> tuple[str, ...]:
    """Inverse of joining paragraphs with one blank line; ``""`` gives no paragraphs."""
    if not text:
        return ()
    return tuple(text.split(PARAGRAPH_SEPARATOR))


def work_id(item_article_id: str, translation_url: str | None) -> str:
    """The id shared by an article and its translation twin: the smaller of the two article ids."""
    if not translation_url:
        return item_article_id
    try:
        from crawler.urls import article_id as _article_id

        twin = _article_id(translation_url)
    except Exception:  # a malformed link must not lose the article
        return item_article_id
    return min(item_article_id, twin) if twin else item_article_id


def article_row(
    item: ArticleItem,
    *,
    run_id: str,
    first_seen: datetime,
    warc_file: str | None = None,
    warc_offset: int | None = None,
    warc_digest: str | None = None,
    stored_at: datetime | None = None,
    warc_length: int | None = None,
    warc_record_id: str | None = None,
) -> Row:
    """One ``articles`` row: one version of one article.

    ``first_seen`` is when the archive first saw this article (any version); ``stored_at`` (default:
    now) is when this version was stored and orders the versions, also for re-extractions of old
    captures whose ``fetched_at`` is old.
    """
    return {
        "article_id": item.article_id,
        "url": item.url,
        "lang": item.lang,
        "section": item.section,
        "title": item.title,
        "published": item.published,
        "published_raw": item.published_raw,
        "authors": [{"name": a.name, "position": a.position} for a in item.authors],
        "region": list(item.region),
        "type": item.type,
        "tags": list(item.tags),
        "summary": item.summary,
        "body": item.body,
        "word_count": item.word_count,
        "body_digest": item.body_digest,
        "content_digest": item.content_digest,
        "translation_url": item.translation_url,
        "work_id": work_id(item.article_id, item.translation_url),
        "first_seen": utc(first_seen),
        "fetched_at": _utc_or_none(item.fetched_at),
        "fetched_url": item.fetched_url,
        "stored_at": utc(stored_at) if stored_at is not None else datetime.now(UTC),
        "run_id": run_id,
        "warc_file": warc_file,
        "warc_offset": warc_offset,
        "warc_digest": warc_digest,
        "extractor_version": item.extractor_version,
        "warc_length": warc_length,
        "warc_record_id": warc_record_id,
    }


def rating_row(article_id: str, rating: Rating, *, observed_at: datetime, run_id: str) -> Row:
    return {
        "article_id": article_id,
        "observed_at": utc(observed_at),
        "votes": rating.votes,
        "average": rating.average,
        "run_id": run_id,
    }


def poll_rows(polls: Iterable[Poll], *, observed_at: datetime, run_id: str) -> list[Row]:
    """One row per option of every poll question, in page order; ``question_index`` counts the
    questions within one language copy of the poll."""
    moment = utc(observed_at)
    rows: list[Row] = []
    questions: Counter[str | None] = Counter()
    for poll in polls:
        poll_id = poll.poll_id
        question_index = questions[poll.lang]
        questions[poll.lang] += 1
        for option_index, option in enumerate(poll.options):
            rows.append(
                {
                    "poll_id": poll_id,
                    "lang": poll.lang,
                    "question": poll.question,
                    "question_index": question_index,
                    "option_index": option_index,
                    "option_text": option.text,
                    "votes": option.votes,
                    "percent": option.percent,
                    "observed_at": moment,
                    "run_id": run_id,
                }
            )
    return rows


def fetch_row(
    url: str,
    *,
    fetched_at: datetime,
    run_id: str,
    outcome: Outcome | str,
    canonical_url: str | None = None,
    article_id: str | None = None,
    status: int | None = None,
    content_type: str | None = None,
    length: int | None = None,
    payload_digest: str | None = None,
    warc_file: str | None = None,
    warc_offset: int | None = None,
    warc_length: int | None = None,
    warc_record_id: str | None = None,
) -> Row:
    return {
        "url": url,
        "canonical_url": canonical_url,
        "article_id": article_id,
        "status": status,
        "content_type": content_type,
        "length": length,
        "payload_digest": payload_digest,
        "warc_file": warc_file,
        "warc_offset": warc_offset,
        "fetched_at": utc(fetched_at),
        "run_id": run_id,
        "outcome": str(Outcome(outcome)),
        "warc_length": warc_length,
        "warc_record_id": warc_record_id,
    }


def failure_row(url: str, *, run_id: str, stage: str, error_type: str, message: str, at: datetime) -> Row:
    if stage not in ("fetch", "extract", "store"):
        raise ValueError(f"stage must be fetch, extract or store, not {stage!r}")
    return {
        "url": url,
        "run_id": run_id,
        "stage": stage,
        "error_type": error_type,
        "message": message,
        "at": utc(at),
    }


def page_failure_row(failure: PageFailure, *, run_id: str, at: datetime, stage: str = "extract") -> Row:
    """A ``PageFailure`` from the page classes as a ``failures`` row (the outcome leads the message)."""
    return failure_row(
        failure.url,
        run_id=run_id,
        stage=stage,
        error_type=failure.error_type,
        message=f"{failure.outcome}: {failure.reason}",
        at=at,
    )


def run_row(
    run_id: str,
    *,
    flow: str,
    started_at: datetime,
    status: str,
    finished_at: datetime | None = None,
    parameters: Mapping[str, Any] | None = None,
    counts: Mapping[str, int] | None = None,
    extractor_version: str | None = None,
) -> Row:
    return {
        "run_id": run_id,
        "flow": flow,
        "parameters": json.dumps(dict(parameters or {}), ensure_ascii=False, sort_keys=True, default=str),
        "started_at": utc(started_at),
        "finished_at": _utc_or_none(finished_at),
        "status": status,
        "counts": json.dumps(dict(counts or {}), sort_keys=True),
        "extractor_version": extractor_version,
    }


def row_to_article(
    row: Mapping[str, Any], *, rating: Rating | None = None, polls: Iterable[Poll] = ()
) -> ArticleItem:
    """Rebuild the ``ArticleItem`` of an ``articles`` row (rating and polls live in their own datasets)."""
    published = row["published"]
    if isinstance(published, datetime):
        published = published.date()
    assert published is None or isinstance(published, date)
    return ArticleItem(
        url=row["url"],
        article_id=row["article_id"],
        lang=row["lang"],
        section=row["section"],
        title=row["title"],
        published=published,
        published_raw=row["published_raw"],
        authors=tuple(Author(name=a["name"], position=a["position"]) for a in row["authors"]),
        region=tuple(row["region"]),
        type=row["type"],
        tags=tuple(row["tags"]),
        summary_paragraphs=split_paragraphs(row["summary"]),
        body_paragraphs=split_paragraphs(row["body"]),
        rating=rating,
        polls=tuple(polls),
        translation_url=row["translation_url"],
        extractor_version=row["extractor_version"],
        fetched_url=row["fetched_url"],
        fetched_at=row["fetched_at"],
    )


def row_to_rating(row: Mapping[str, Any]) -> Rating:
    return Rating(votes=row["votes"], average=row["average"])


def rows_to_polls(rows: Iterable[Mapping[str, Any]]) -> tuple[Poll, ...]:
    """The polls of one observation (rows of one ``observed_at``), in page order."""
    questions: dict[tuple[str, int], tuple[str, str | None, list[tuple[int, PollOption]]]] = {}
    for row in rows:
        lang = row.get("lang")
        key = (lang or "", row["question_index"])
        entry = questions.setdefault(key, (row["question"], lang, []))
        entry[2].append(
            (
                row["option_index"],
                PollOption(text=row["option_text"], votes=row["votes"], percent=row["percent"]),
            )
        )
    return tuple(
        Poll(
            question=question,
            options=tuple(option for _, option in sorted(options, key=lambda o: o[0])),
            lang=lang,
        )
        for _, (question, lang, options) in sorted(questions.items())
    )
