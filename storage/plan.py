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
from typing import TYPE_CHECKING, Any, Literal

from crawler.items import ArticleItem, Outcome, Poll, Rating
from crawler.urls import article_url, canonicalize
from storage.known_state import KnownState
from storage.rows import article_row, fetch_row, page_failure_row, poll_rows, rating_row, run_row
from storage.run_report import FailureLine, RunReport, entry_point_kind

if TYPE_CHECKING:
    from crawler.stage.crawl import CrawlOutput
    from crawler.stage.extract import Extraction, PageResult
    from storage.write import RunWriter

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


# Article rows are staged this many at a time (one Parquet file each), so a run of 20,000 articles
# never holds every row, its Arrow table and its Parquet bytes at once.
ARTICLE_CHUNK = 2000


@dataclass(frozen=True, slots=True)
class StorePlan:
    """The rows of one run, by dataset, before they are published. With ``staged``, the new article
    versions are already in that writer's staging area (``rows["articles"]`` is then empty)."""

    rows: dict[str, Sequence[dict[str, Any]]]
    article_ids: frozenset[str] = frozenset()  # every article extracted in the run
    staged: RunWriter | None = None


class ArticleVersions:
    """The run's new article versions, each row built once, in the pass over the pages.

    Without a writer the rows are kept (small runs, tests); with one they are staged ``chunk`` rows
    at a time. An article whose row was staged and that a later page replaces (its AMP copy first,
    the main page later; or fetched twice) leaves a stale row in a staged chunk: :meth:`finish`
    rewrites those few chunks without it, reading back only what this run staged."""

    def __init__(self, writer: RunWriter | None = None, chunk: int = ARTICLE_CHUNK) -> None:
        self.writer = writer
        self.chunk = chunk
        self._pending: dict[str, dict[str, Any]] = {}  # article -> its row, not staged yet
        self._chunks: list[list[str]] = []  # the staged files of each chunk
        self._chunk_of: dict[str, int] = {}  # article -> the chunk holding its row
        self._stale: dict[int, set[str]] = {}  # chunk -> articles whose row there was replaced

    def put(self, article: str, row: dict[str, Any]) -> None:
        """``row`` is the article's new version (replacing any row of it this run had)."""
        self.discard(article)
        self._pending[article] = row
        if self.writer is not None and len(self._pending) >= self.chunk:
            self._stage()

    def discard(self, article: str) -> None:
        """The article has no new version in this run (after all)."""
        self._pending.pop(article, None)
        number = self._chunk_of.pop(article, None)
        if number is not None:
            self._stale.setdefault(number, set()).add(article)

    def finish(self) -> list[dict[str, Any]]:
        """The rows not staged (all of them without a writer); stale staged rows removed."""
        if self.writer is None:
            return list(self._pending.values())
        if self._pending:
            self._stage()
        for number, articles in sorted(self._stale.items()):
            import pyarrow.compute as pc

            table = self.writer.unstage("articles", self._chunks[number])
            keep = pc.invert(pc.is_in(table.column("article_id"), value_set=pa_array(sorted(articles))))
            self.writer.write("articles", table.filter(keep))
        return []

    def _stage(self) -> None:
        assert self.writer is not None
        self._chunks.append(self.writer.write("articles", list(self._pending.values())))
        for article in self._pending:
            self._chunk_of[article] = len(self._chunks) - 1
        self._pending.clear()


def pa_array(values: list[str]) -> Any:
    import pyarrow as pa

    return pa.array(values, pa.string())


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
    *,
    stage: RunWriter | None = None,
) -> StorePlan:
    """The run's rows in one pass over its pages (a big run's pages live on disk, read batch by
    batch, crawler/stage/spill.py): a fetch row for every page, per article the page that stands for
    it, and that page's ``articles`` row when it is a new version, built right then. With ``stage``
    (the run's writer) the article rows go to its staging area a chunk at a time."""
    now = datetime.now(UTC)
    ratings: list[dict[str, Any]] = []
    fetches: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []

    winners: dict[str, Winner] = {}
    versions = ArticleVersions(stage)
    withdrawn_now: set[str] = set()
    withdrawn_before = known.withdrawn
    for index, page in enumerate(extraction.pages):
        aid = page.article_id  # None: not an article URL
        fetches.append(_fetch_row(page, aid, run_id))
        _count_page(page, aid, known, report, failures, withdrawn_now, run_id)
        winner = _choose(winners, index, page)
        if winner is None or page.item is None:
            continue
        article = page.item.article_id
        if version_change(article, winner.digest, known.digests, withdrawn_before) == "unchanged":
            versions.discard(article)
            continue
        first_seen = known.first_seen.get(article) or winner.fetched_at or now
        versions.put(article, _article_row(page, run_id, first_seen, now))
    for article, winner in winners.items():
        change = version_change(article, winner.digest, known.digests, withdrawn_before)
        report.articles_unchanged += change == "unchanged"
        report.articles_changed += change == "changed"
        report.articles_new += change == "new"
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
            "articles": versions.finish(),
            "ratings": ratings,
            "polls": polls,
            "fetches": fetches,
            "failures": failures,
        },
        frozenset(winners),
        stage,
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

    writer = plan.staged or RunWriter(root, run_id)
    if writer.run_id != run_id:
        raise ValueError(f"the plan was staged for run {writer.run_id}, not {run_id}")
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


def _choose(chosen: dict[str, Winner], index: int, page: PageResult) -> Winner | None:
    """One page per article and run: the main page wins over its AMP copy, else the last fetch.
    The page's facts when it now stands for its article, else None."""
    item = page.item
    if item is None:
        return None
    is_main = "/amp/" not in page.record.page_url
    previous = chosen.get(item.article_id)
    if previous is None or is_main or not previous.is_main:
        chosen[item.article_id] = Winner(index, is_main, item.content_digest, item.rating, item.fetched_at)
        return chosen[item.article_id]
    return None


def _article_row(page: PageResult, run_id: str, first_seen: datetime, now: datetime) -> dict[str, Any]:
    assert page.item is not None
    return article_row(
        page.item,
        run_id=run_id,
        first_seen=first_seen,
        warc_file=page.record.warc_file,
        warc_offset=page.record.warc_offset,
        warc_digest=page.record.payload_digest,
        stored_at=now,
        warc_length=page.record.warc_length,
        warc_record_id=page.record.warc_record_id,
    )


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
