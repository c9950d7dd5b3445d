"""What one run did, in figures a person reads at a glance, and the layout drift alarm.

Plain data and plain functions: the flows fill a :class:`RunReport` and publish
:func:`to_markdown` and :func:`to_table` as Prefect artifacts; the CLI prints the same text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

MAX_LISTED_FAILURES = 20
NOT_EXTRACTION = frozenset({"http", "fetch", "warc-read"})  # failures that say nothing about the layout


@dataclass(frozen=True, slots=True)
class FailureLine:
    url: str
    error_type: str
    reason: str
    stage: str = "extract"  # fetch, extract or store (the failures dataset's stage)


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
    failures: list[FailureLine] = field(default_factory=list)
    http_status: Counter[int] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

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


class LayoutDriftError(RuntimeError):
    """Too many article pages failed extraction: the site has most likely changed its layout."""

    report: RunReport | None = None


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
        f"| Failures | {len(report.failures)} |",
        "",
        f"**Coverage:** {cov}.",
    ]
    if report.http_status:
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(report.http_status.items()))
        lines += ["", f"**HTTP status:** {statuses}."]
    if report.failures:
        lines += ["", "## Failures", "", "| URL | kind | reason |", "|---|---|---|"]
        for f in report.failures[:MAX_LISTED_FAILURES]:
            lines.append(f"| {f.url} | {f.error_type} | {_cell(f.reason)} |")
        if len(report.failures) > MAX_LISTED_FAILURES:
            lines.append(f"| … | | {len(report.failures) - MAX_LISTED_FAILURES} more |")
    if report.notes:
        lines += ["", "## Notes", "", *(f"- {n}" for n in report.notes)]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")[:200]


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
