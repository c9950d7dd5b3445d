"""The store stage: an extraction becomes storage rows, written and committed as one run.

New article versions only (an unchanged re-fetch adds no ``articles`` row); one rating snapshot per
article fetched; one poll observation per run, skipped when identical to the last stored one (so a
rerun of the same day adds nothing); every fetch in ``fetches`` with its outcome; failures with
their reasons. The report's counters are filled here, where the decisions are made.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.items import ArticleItem, Outcome, Poll
from crawler.urls import article_id, article_url, canonicalize, is_article_url
from flows.extract_batch import Extraction, PageResult
from flows.known import KnownState
from flows.report import FailureLine, RunReport

TEASER_KEYS = ("teasers_separated",)  # articles whose short version was told apart (extract_batch)
BOILERPLATE_KEYS = ("boilerplate_lines_removed",)  # crawler.pages ArticlePage.stats()


@dataclass(frozen=True, slots=True)
class StorePlan:
    """The rows of one run, by dataset, before they are written."""

    rows: dict[str, list[dict[str, Any]]]


def plan_rows(
    extraction: Extraction,
    known: KnownState,
    run_id: str,
    report: RunReport,
    last_poll: tuple[Poll, ...] = (),
) -> StorePlan:
    from storage import rows as R
    from storage.write import new_versions

    now = datetime.now(UTC)
    articles: list[dict[str, Any]] = []
    ratings: list[dict[str, Any]] = []
    fetches: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []

    items = _one_per_article(extraction.pages)
    fresh = new_versions(items, known.digests)
    fresh_ids = {item.article_id for item in fresh}
    for item, page in ((i, p) for i, p in _with_pages(fresh, extraction.pages)):
        changed = item.article_id in known.digests
        report.articles_changed += changed
        report.articles_new += not changed
        articles.append(
            R.article_row(
                item,
                run_id=run_id,
                first_seen=known.first_seen.get(item.article_id) or item.fetched_at or now,
                warc_file=page.record.warc_file,
                warc_offset=page.record.warc_offset,
                warc_digest=page.record.payload_digest,
                stored_at=now,
            )
        )
    report.articles_unchanged += sum(1 for item in items if item.article_id not in fresh_ids)

    for item in items:
        if item.rating is not None:
            observed = item.fetched_at or now
            ratings.append(R.rating_row(item.article_id, item.rating, observed_at=observed, run_id=run_id))
    report.rating_snapshots += len(ratings)

    polls: list[dict[str, Any]] = []
    if extraction.polls and _poll_key(extraction.polls) != _poll_key(last_poll):
        polls = R.poll_rows(extraction.polls, observed_at=extraction.polls_observed_at or now, run_id=run_id)
        report.poll_snapshots += 1

    withdrawn_now: set[str] = set()
    for page in extraction.pages:
        record = page.record
        url = record.page_url
        is_article = is_article_url(article_url(url))
        aid = article_id(url) if is_article else None
        fetches.append(
            R.fetch_row(
                record.url,
                fetched_at=record.fetched_at,
                run_id=run_id,
                outcome=page.outcome,
                canonical_url=article_url(url) if is_article else canonicalize(url),
                article_id=aid,
                status=record.status,
                content_type=record.content_type,
                length=record.length,
                payload_digest=record.payload_digest,
                warc_file=record.warc_file,
                warc_offset=record.warc_offset,
            )
        )
        report.pages_fetched += 1
        if record.status is not None:
            report.http_status[record.status] += 1
        ok = record.status is not None and 200 <= record.status < 300
        # an article URL whose page gives no article is an extraction failure (a redesign looks so)
        extraction_failed = is_article and ok and page.item is None and page.outcome != Outcome.WITHDRAWN
        if is_article and ok:
            report.article_pages += 1
        elif page.outcome == Outcome.NOT_ARTICLE:
            report.not_article_pages += 1
        if page.outcome == Outcome.WITHDRAWN and aid is not None and aid not in known.withdrawn:
            withdrawn_now.add(aid)
        if page.failure is not None and (page.outcome == Outcome.FAILED or extraction_failed):
            stage = "extract" if extraction_failed else "fetch"
            failures.append(
                R.page_failure_row(page.failure, run_id=run_id, at=record.fetched_at, stage=stage)
            )
            report.failures.append(FailureLine(record.url, page.failure.error_type, page.failure.reason))
    report.articles_withdrawn += len(withdrawn_now)
    report.teasers_separated += _stat(extraction.stats, TEASER_KEYS)
    report.boilerplate_removed += _stat(extraction.stats, BOILERPLATE_KEYS)
    return StorePlan(
        {"articles": articles, "ratings": ratings, "polls": polls, "fetches": fetches, "failures": failures}
    )


def commit(
    root: Path | str,
    run_id: str,
    plan: StorePlan,
    *,
    flow: str,
    started_at: datetime,
    status: str,
    parameters: Mapping[str, Any],
    counts: Mapping[str, int],
) -> dict[str, int]:
    """Write every dataset of the run and publish them together; returns rows per dataset."""
    from crawler.pages import EXTRACTOR_VERSION
    from storage import rows as R
    from storage.write import RunWriter

    writer = RunWriter(root, run_id)
    for dataset, rows in plan.rows.items():
        if rows:
            writer.write(dataset, rows)
    run_row = R.run_row(
        run_id,
        flow=flow,
        started_at=started_at,
        finished_at=datetime.now(UTC),
        status=status,
        parameters=parameters,
        counts=counts,
        extractor_version=EXTRACTOR_VERSION,
    )
    return writer.commit(run_row).rows


def last_poll(root: Path | str) -> tuple[Poll, ...]:
    """The most recent stored poll observation (empty when none)."""
    from storage import read
    from storage.rows import rows_to_polls

    table = read.read_table(root, "polls")
    if table.num_rows == 0:
        return ()
    rows = table.to_pylist()
    latest = max(row["observed_at"] for row in rows)
    return rows_to_polls(row for row in rows if row["observed_at"] == latest)


def _one_per_article(pages: list[PageResult]) -> list[ArticleItem]:
    """One item per article and run: the main page wins over its AMP copy, else the last fetch."""
    chosen: dict[str, tuple[bool, ArticleItem]] = {}
    for page in pages:
        item = page.item
        if item is None:
            continue
        is_main = "/amp/" not in page.record.page_url
        previous = chosen.get(item.article_id)
        if previous is None or is_main or not previous[0]:
            chosen[item.article_id] = (is_main, item)
    return [item for _, item in chosen.values()]


def _with_pages(items: list[ArticleItem], pages: list[PageResult]) -> list[tuple[ArticleItem, PageResult]]:
    by_item = {id(p.item): p for p in pages if p.item is not None}
    return [(item, by_item[id(item)]) for item in items]


def _poll_key(polls: tuple[Poll, ...]) -> tuple[Any, ...]:
    return tuple((p.poll_id, tuple((o.votes, o.percent) for o in p.options)) for p in polls)


def _stat(stats: Mapping[str, int], keys: tuple[str, ...]) -> int:
    return sum(stats.get(k, 0) for k in keys)
