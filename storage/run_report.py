"""What one run did, in figures a person reads at a glance, and whether it failed.

Plain data and plain functions: the flows fill a :class:`RunReport` and publish
:func:`to_markdown` and :func:`to_table` as Prefect artifacts; the CLI prints the same text.

A run fails (:func:`check_outcome`; exit code 1, Prefect state Failed, its rows still stored) when
- none of its robots.txt, feed and sitemap fetches got an HTTP answer (the site is down or
  unreachable: a run that cannot even see the site must not look like a quiet day), or
- it fetched feeds or sitemaps and none of them with a 2xx answer (nothing could be discovered), or
- more than :data:`FETCH_FAILURE_THRESHOLD` of the article URLs it tried failed for good (every
  attempt failed, retries included), or
- the layout drift alarm fires (:func:`check_drift`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

MAX_LISTED_FAILURES = 20
MAX_LISTED_MISSING = 50
# more than half of the article URLs a run tried failed for good: the site (or the network) is broken,
# not a few pages; below that, the failures rows and the next run's retries handle it
FETCH_FAILURE_THRESHOLD = 0.5
NOT_EXTRACTION = frozenset({"http", "fetch", "warc-read"})  # failures that say nothing about the layout


@dataclass(frozen=True, slots=True)
class FailureLine:
    url: str
    error_type: str
    reason: str
    stage: str = "extract"  # fetch, extract or store (the failures dataset's stage)
    article: bool = False  # the URL is an article's


@dataclass(slots=True)
class RunReport:
    flow: str
    run_id: str
    site: str
    day_label: str = ""  # e.g. "2025-03-04" (the crawl's date) for the run name and the title
    duration_s: float = 0.0
    pages_fetched: int = 0
    article_pages: int = 0  # fetches of article URLs (extracted or failed)
    not_article_pages: int = 0
    articles_new: int = 0
    articles_changed: int = 0
    articles_unchanged: int = 0
    articles_withdrawn: int = 0
    rating_snapshots: int = 0
    poll_snapshots: int = 0
    teasers_separated: int = 0
    boilerplate_removed: int = 0
    sitemap_listed: int = 0  # article URLs the sitemap lists
    sitemap_covered: int = 0  # of those, archived (now or before)
    failures: list[FailureLine] = field(default_factory=list)  # every failed attempt
    http_status: Counter[int] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    entry_points_tried: int = 0  # fetches of robots.txt, feeds and sitemaps
    entry_points_answered: int = 0  # of those, with an HTTP answer below 500
    discovery_tried: int = 0  # fetches of feeds and sitemaps
    discovery_fetched: int = 0  # of those, with a 2xx (or 304) answer
    answered_urls: set[str] = field(default_factory=set)  # URLs with an attempt that did not fail
    article_urls: set[str] = field(default_factory=set)  # article URLs tried
    missing_articles: list[str] = field(default_factory=list)  # listed, never archived (URLs)
    idle: str = ""  # why the run had nothing to do (then nothing was fetched)

    @property
    def recovered(self) -> list[FailureLine]:
        """Failed attempts of a URL that a later attempt in this run fetched."""
        return [f for f in self.failures if f.stage == "fetch" and f.url in self.answered_urls]

    @property
    def failed_for_good(self) -> list[FailureLine]:
        return [f for f in self.failures if not (f.stage == "fetch" and f.url in self.answered_urls)]

    @property
    def articles_not_fetched(self) -> int:
        """Article URLs whose every attempt failed."""
        failed = {f.url for f in self.failures if f.stage == "fetch" and f.article}
        return len(failed - self.answered_urls)

    @property
    def article_failures(self) -> int:
        """Article pages fetched fine that the extractor could not read (not network or HTTP errors)."""
        return sum(1 for f in self.failures if _is_extraction(f))

    @property
    def failure_share(self) -> float:
        """Share of article pages whose extraction failed (the drift alarm's measure)."""
        return self.article_failures / self.article_pages if self.article_pages else 0.0

    @property
    def coverage(self) -> float | None:
        return self.sitemap_covered / self.sitemap_listed if self.sitemap_listed else None

    def summary_line(self) -> str:
        return (
            f"{_n(self.pages_fetched, 'page')}, {self.articles_new} new, {self.articles_changed} changed, "
            f"{self.articles_unchanged} unchanged, {self.articles_withdrawn} withdrawn, "
            f"{_n(self.rating_snapshots, 'rating')}, {_n(self.poll_snapshots, 'poll')}, "
            f"{_n(len(self.failures), 'failure')}"
        )


class RunFailed(RuntimeError):
    """The run did its work (what it fetched is stored) but failed as a whole (:func:`check_outcome`)."""

    report: RunReport | None = None


class LayoutDriftError(RunFailed):
    """Too many article pages failed extraction: the site has most likely changed its layout."""


def entry_point_kind(url: str) -> str | None:
    """``robots`` (robots.txt) or ``discovery`` (a feed or a sitemap): the first things a run fetches
    to see the site; None for any other URL."""
    from urllib.parse import urlsplit

    path = urlsplit(url).path
    if path == "/robots.txt":
        return "robots"
    if "/rss/" in path or path.rsplit("/", 1)[-1].startswith("sitemap"):
        return "discovery"
    return None


def check_outcome(report: RunReport, drift_threshold: float) -> str | None:
    """Why the run failed, in one line (None: it did not)."""
    if report.idle:
        return None
    if report.entry_points_tried and not report.entry_points_answered:
        return (
            f"Run failed: none of {report.entry_points_tried} fetches of robots.txt, feeds and sitemaps "
            f"of {report.site} got an answer ({_top_kinds(report.failures)}): is the site up and reachable?"
        )
    if report.discovery_tried and not report.discovery_fetched:
        return (
            f"Run failed: none of {report.discovery_tried} fetches of feeds and sitemaps of {report.site} "
            f"succeeded ({_top_kinds(report.failures)}): no new article could be discovered."
        )
    tried = len(report.article_urls)
    failed = report.articles_not_fetched
    if tried and failed / tried > FETCH_FAILURE_THRESHOLD:
        kinds = _top_kinds([f for f in report.failed_for_good if f.article])
        return (
            f"Run failed: {failed} of {tried} article pages ({failed / tried:.0%}) could not be fetched, "
            f"above the {FETCH_FAILURE_THRESHOLD:.0%} threshold ({kinds})."
        )
    return check_drift(report, drift_threshold)


def _top_kinds(failures: list[FailureLine]) -> str:
    kinds = Counter(f.error_type for f in failures)
    return ", ".join(f"{k} ×{n}" for k, n in kinds.most_common(3)) or "no failure recorded"


def _is_extraction(failure: FailureLine) -> bool:
    """A page fetched fine that the extractor could not read (network and HTTP errors say nothing
    about the layout)."""
    return failure.stage == "extract" and failure.error_type not in NOT_EXTRACTION


def check_drift(report: RunReport, threshold: float, minimum_pages: int = 10) -> str | None:
    """The alarm message when the failure share passes ``threshold`` (None when all is well).

    Fewer than ``minimum_pages`` article pages never raise it: two failures in three pages are
    noise, not a layout change.
    """
    if report.article_pages < minimum_pages or report.failure_share <= threshold:
        return None
    kinds = Counter(f.error_type for f in report.failures if _is_extraction(f))
    top = ", ".join(f"{k} ×{n}" for k, n in kinds.most_common(3))
    return (
        f"Layout drift: {report.article_failures} of {report.article_pages} article pages "
        f"({report.failure_share:.0%}) failed extraction, above the {threshold:.0%} threshold "
        f"({top}). The site has likely changed its layout: update the page classes "
        f"(new extractor version) and run `riac-archive reextract`; every response of this run "
        f"is archived in WARC."
    )


def to_table(report: RunReport) -> list[dict[str, Any]]:
    """One row per figure: the Prefect table artifact."""
    coverage = report.coverage
    rows: list[tuple[str, Any]] = [
        ("pages fetched", report.pages_fetched),
        ("article pages", report.article_pages),
        ("other pages", report.not_article_pages),
        ("new articles", report.articles_new),
        ("changed articles (new version)", report.articles_changed),
        ("unchanged articles", report.articles_unchanged),
        ("withdrawn articles", report.articles_withdrawn),
        ("rating snapshots written", report.rating_snapshots),
        ("poll snapshots written", report.poll_snapshots),
        ("teasers separated", report.teasers_separated),
        ("boilerplate lines removed", report.boilerplate_removed),
        ("failures", len(report.failures)),
        ("failed for good", len(report.failed_for_good)),
        ("recovered on retry", len(report.recovered)),
        ("listed but not archived", len(report.missing_articles)),
        ("sitemap coverage", "n/a" if coverage is None else f"{coverage:.1%}"),
        ("duration (s)", round(report.duration_s, 1)),
    ]
    return [{"figure": name, "value": value} for name, value in rows]


def to_markdown(report: RunReport) -> str:
    coverage = report.coverage
    cov = (
        "n/a (no sitemap read)"
        if coverage is None
        else f"{report.sitemap_covered} of {report.sitemap_listed} listed articles ({coverage:.1%})"
    )
    lines = [
        f"# {report.flow} run {report.day_label}".rstrip(),
        "",
        f"Site `{report.site}` · run id `{report.run_id}` · {report.duration_s:.1f} s",
        "",
        "| | |",
        "|---|---:|",
        f"| Pages fetched | {report.pages_fetched} |",
        f"| New articles | {report.articles_new} |",
        f"| Changed articles (new version) | {report.articles_changed} |",
        f"| Unchanged articles | {report.articles_unchanged} |",
        f"| Withdrawn articles | {report.articles_withdrawn} |",
        f"| Rating snapshots | {report.rating_snapshots} |",
        f"| Poll snapshots | {report.poll_snapshots} |",
        f"| Teasers separated | {report.teasers_separated} |",
        f"| Boilerplate lines removed | {report.boilerplate_removed} |",
        f"| Failures (failed attempts) | {len(report.failures)} |",
        f"| … failed for good | {len(report.failed_for_good)} |",
        f"| … recovered on retry | {len(report.recovered)} |",
        "",
        f"**Coverage:** {cov}.",
    ]
    if report.http_status:
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(report.http_status.items()))
        lines += ["", f"**HTTP status:** {statuses}."]
    lines += _failure_table("Failed for good", report.failed_for_good)
    lines += _failure_table("Recovered on retry", report.recovered)
    if report.missing_articles:
        lines += ["", "## Listed but not archived", ""]
        lines += [f"- {url}" for url in report.missing_articles[:MAX_LISTED_MISSING]]
        if len(report.missing_articles) > MAX_LISTED_MISSING:
            lines.append(f"- … {len(report.missing_articles) - MAX_LISTED_MISSING} more")
    if report.notes:
        lines += ["", "## Notes", "", *(f"- {n}" for n in report.notes)]
    return "\n".join(lines) + "\n"


def _failure_table(title: str, failures: list[FailureLine]) -> list[str]:
    if not failures:
        return []
    lines = ["", f"## {title}", "", "| URL | kind | reason |", "|---|---|---|"]
    for f in failures[:MAX_LISTED_FAILURES]:
        lines.append(f"| {f.url} | {f.error_type} | {_cell(f.reason)} |")
    if len(failures) > MAX_LISTED_FAILURES:
        lines.append(f"| … | | {len(failures) - MAX_LISTED_FAILURES} more |")
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")[:200]


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
