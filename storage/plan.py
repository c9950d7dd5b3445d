"""Version planning: one rule decides a new version, and a run's rows are built in one pass.

:func:`version_change` is the one rule: a fetched article is stored as a new version when its
content digest differs from the digest of the latest stored version (``storage.read.latest_digests``),
or when the article was withdrawn and is live again (a new version marks its return). Every caller
(the archive run's :func:`plan_rows`, re-extraction, tests and benchmarks) decides through it.

:func:`plan_rows` turns an extraction into the rows of one run: new article versions only (an
unchanged re-fetch adds no ``articles`` row); one rating snapshot per article fetched; one poll
observation per run, skipped when identical to the last stored one (so a rerun of the same day adds
nothing); every fetch in ``fetches`` with its outcome; failures with their reasons. The report's
counters are filled here, where the decisions are made. :func:`commit` writes and publishes them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from crawler.items import ArticleItem, Outcome, Poll, Rating
from crawler.urls import article_url, canonicalize
from storage.known_state import KnownState
from storage.rows import article_row, fetch_row, page_failure_row, poll_rows, rating_row, run_row
from storage.run_report import FailureLine, RunReport, entry_point_kind

if TYPE_CHECKING:
    from crawler.stage.crawl import CrawlOutput
    from crawler.stage.extract import Extraction, PageResult

VersionChange = Literal["new", "changed", "unchanged"]


def version_change(
    article_id: str, digest: str, digests: Mapping[str, str], withdrawn: Collection[str] = ()
) -> VersionChange:
    """``new`` (never stored), ``changed`` (another digest, or back after a withdrawal) or ``unchanged``."""
    stored = digests.get(article_id)
    if stored is None:
        return "new"
    if stored == digest and article_id not in withdrawn:
        return "unchanged"
    return "changed"


def new_versions(
    items: Iterable[ArticleItem], digests: Mapping[str, str], withdrawn: Collection[str] = ()
) -> list[ArticleItem]:
    """Only items that :func:`version_change` stores: new or changed against ``digests``.

    Within ``items`` an article repeated with the same content counts once.
    """
    seen: dict[str, str] = {}
    fresh: list[ArticleItem] = []
    for item in items:
        digest = item.content_digest
        if seen.get(item.article_id) == digest:
            continue
        if version_change(item.article_id, digest, digests, withdrawn) == "unchanged":
            continue
        seen[item.article_id] = digest
        fresh.append(item)
    return fresh


TEASER_KEYS = ("teasers_separated",)  # articles whose short version was told apart (extract_batch)
BOILERPLATE_KEYS = ("boilerplate_lines_removed",)  # crawler.pages ArticlePage.stats()


# Article rows are built and written this many at a time (one Parquet file each), so a run of
# 20,000 articles never holds every row, its Arrow table and its Parquet bytes at once.
ARTICLE_CHUNK = 2000


@dataclass(frozen=True, slots=True)
class StorePlan:
    """The rows of one run, by dataset, before they are written (``articles``: built lazily)."""

    rows: dict[str, Sequence[dict[str, Any]]]
    article_ids: frozenset[str] = frozenset()  # every article extracted in the run


class ArticleRows(Sequence[dict[str, Any]]):
    """The ``articles`` rows of a run, each built from its page's item only when asked for."""

    def __init__(
        self, pages: Sequence[PageResult], specs: list[tuple[int, datetime]], run_id: str, now: datetime
    ) -> None:
        self._pages = pages
        self._specs = specs  # (page index, first seen), in page order: spilled batches read once
        self._run_id = run_id
        self._now = now

    def __len__(self) -> int:
        return len(self._specs)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [self._row(spec) for spec in self._specs[index]]
        return self._row(self._specs[index])

    def _row(self, spec: tuple[int, datetime]) -> dict[str, Any]:

        index, first_seen = spec
        page = self._pages[index]
        assert page.item is not None
        return article_row(
            page.item,
            run_id=self._run_id,
            first_seen=first_seen,
            warc_file=page.record.warc_file,
            warc_offset=page.record.warc_offset,
            warc_digest=page.record.payload_digest,
            stored_at=self._now,
            warc_length=page.record.warc_length,
            warc_record_id=page.record.warc_record_id,
        )


@dataclass(frozen=True, slots=True)
class Winner:
    """The page that stands for an article in this run, by the facts the plan needs."""

    index: int  # in the extraction's pages
    is_main: bool  # not the AMP copy
    digest: str  # content digest
    rating: Rating | None
    fetched_at: datetime | None


def plan_rows(
    extraction: Extraction,
    known: KnownState,
    run_id: str,
    report: RunReport,
    last_poll: tuple[Poll, ...] = (),
) -> StorePlan:

    now = datetime.now(UTC)
    articles: list[tuple[int, datetime]] = []  # (page index, first seen) of each new version
    ratings: list[dict[str, Any]] = []
    fetches: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []

    # One pass over the pages (a big run's pages live on disk, crawler/stage/spill.py, read batch by batch):
    # a fetch row for every page, and per article the page that stands for it, kept as small facts.
    winners: dict[str, Winner] = {}
    withdrawn_now: set[str] = set()
    for index, page in enumerate(extraction.pages):
        aid = page.article_id  # None: not an article URL
        _choose(winners, index, page)
        fetches.append(_fetch_row(page, aid, run_id))
        _count_page(page, aid, known, report, failures, withdrawn_now, run_id)
    withdrawn_before = known.withdrawn
    for article, winner in winners.items():
        change = version_change(article, winner.digest, known.digests, withdrawn_before)
        if change == "unchanged":
            report.articles_unchanged += 1
            continue
        report.articles_changed += change == "changed"
        report.articles_new += change == "new"
        articles.append((winner.index, known.first_seen.get(article) or winner.fetched_at or now))
    for article, winner in winners.items():
        if winner.rating is not None:
            observed = winner.fetched_at or now
            ratings.append(rating_row(article, winner.rating, observed_at=observed, run_id=run_id))
    report.rating_snapshots += len(ratings)

    polls: list[dict[str, Any]] = []
    if extraction.polls and _poll_key(extraction.polls) != _poll_key(last_poll):
        polls = poll_rows(extraction.polls, observed_at=extraction.polls_observed_at or now, run_id=run_id)
        report.poll_snapshots += 1

    report.articles_withdrawn += len(withdrawn_now)
    report.teasers_separated += _stat(extraction.stats, TEASER_KEYS)
    report.boilerplate_removed += _stat(extraction.stats, BOILERPLATE_KEYS)
    return StorePlan(
        {
            "articles": ArticleRows(extraction.pages, sorted(articles), run_id, now),
            "ratings": ratings,
            "polls": polls,
            "fetches": fetches,
            "failures": failures,
        },
        frozenset(winners),
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
    from storage.write import RunWriter

    writer = RunWriter(root, run_id)
    for dataset, rows in plan.rows.items():
        step = ARTICLE_CHUNK if dataset == "articles" else max(1, len(rows))
        for start in range(0, len(rows), step):
            writer.write(dataset, rows[start : start + step])
    run_record = run_row(
        run_id,
        flow=flow,
        started_at=started_at,
        finished_at=datetime.now(UTC),
        status=status,
        parameters=parameters,
        counts=counts,
        extractor_version=EXTRACTOR_VERSION,
    )
    return writer.commit(run_record).rows


def publish_warc(root: Path | str, crawled: CrawlOutput) -> list[str]:
    """Copy the crawl's WARC files, then its manifest, to the same relative paths under ``root``
    (``warc/<crawl run>/...``, as the rows' ``warc_file`` names them); local copies stay. Returns
    the relative paths copied."""
    from storage.mirror import mirror_files

    folder = crawled.manifest.parent
    files = sorted(folder.glob("*.warc.gz"))
    if crawled.manifest.exists():
        files.append(crawled.manifest)  # last: a manifest in the root means its WARC files are there
    return mirror_files(root, crawled.warc_root, files)


def _choose(chosen: dict[str, Winner], index: int, page: PageResult) -> None:
    """One page per article and run: the main page wins over its AMP copy, else the last fetch."""
    item = page.item
    if item is None:
        return
    is_main = "/amp/" not in page.record.page_url
    previous = chosen.get(item.article_id)
    if previous is None or is_main or not previous.is_main:
        chosen[item.article_id] = Winner(index, is_main, item.content_digest, item.rating, item.fetched_at)


def _fetch_row(page: PageResult, aid: str | None, run_id: str) -> dict[str, Any]:

    record = page.record
    url = record.page_url
    return fetch_row(
        record.url,
        fetched_at=record.fetched_at,
        run_id=run_id,
        outcome=page.outcome,
        canonical_url=article_url(url) if aid is not None else canonicalize(url),
        article_id=aid,
        status=record.status,
        content_type=record.content_type,
        length=record.length,
        payload_digest=record.payload_digest,
        warc_file=record.warc_file,
        warc_offset=record.warc_offset,
        warc_length=record.warc_length,
        warc_record_id=record.warc_record_id,
    )


def _count_page(
    page: PageResult,
    aid: str | None,
    known: KnownState,
    report: RunReport,
    failures: list[dict[str, Any]],
    withdrawn_now: set[str],
    run_id: str,
) -> None:
    """The report's page counters, withdrawn articles and the failure row of one fetched page."""

    record = page.record
    is_article = aid is not None
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
    entry_point = entry_point_kind(record.page_url)
    if entry_point is not None:
        report.entry_points_tried += 1
        report.entry_points_answered += record.status is not None and record.status < 500
    if entry_point == "discovery":
        report.discovery_tried += 1
        report.discovery_fetched += ok or record.status == 304  # not modified: read before, still there
    if is_article:
        report.article_urls.add(record.url)
    if page.failure is not None and (page.outcome == Outcome.FAILED or extraction_failed):
        stage = "extract" if extraction_failed else "fetch"
        failures.append(page_failure_row(page.failure, run_id=run_id, at=record.fetched_at, stage=stage))
        failure = page.failure
        report.failures.append(FailureLine(record.url, failure.error_type, failure.reason, stage, is_article))
    else:
        report.answered_urls.add(record.url)


def _poll_key(polls: tuple[Poll, ...]) -> tuple[Any, ...]:
    return tuple((p.lang, p.poll_id, tuple((o.votes, o.percent) for o in p.options)) for p in polls)


def _stat(stats: Mapping[str, int], keys: tuple[str, ...]) -> int:
    return sum(stats.get(k, 0) for k in keys)
