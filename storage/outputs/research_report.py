"""``riac-archive report``: the series of ``series``, drawn by ``charts``, each beside its CSV, and one
static ``index.html`` that opens from disk (``report_page``)."""

from __future__ import annotations

import difflib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv

from storage import read
from storage.outputs import charts
from storage.outputs import series as s
from storage.outputs.report_page import Section, render_page

DIFF_LINES = 60  # lines of each example diff shown on the page (the .diff file has them all)


@dataclass(slots=True)
class ReportResult:
    index: Path
    sections: list[Section]
    summary: dict[str, Any]
    seconds: float = 0.0
    files: list[Path] = field(default_factory=list)

    @property
    def health_chart(self) -> Path:
        return self.index.parent / "health.png"

    def summary_markdown(self) -> str:
        """A few lines for a Prefect artifact: the figures and where the report is."""
        lines = [f"**Research report**: [{self.index}](file://{self.index})", ""]
        lines += [f"- {key}: {value}" for key, value in self.summary.items()]
        return "\n".join(lines)


def build_report(
    root: read.Root, out: str | os.PathLike[str], window: s.Window | None = None
) -> ReportResult:
    started = time.perf_counter()
    window = window or s.Window()
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []

    def csv(name: str, table: pa.Table) -> str:
        path = folder / f"{name}.csv"
        pacsv.write_csv(table, path)
        files.append(path)
        return path.name

    con = read.connect(root)
    try:
        published = s.publications_by_month(con, window)
        trajectories = s.rating_trajectories(con, window)
        averages = s.rating_averages(con, window)
        shares = s.poll_shares(con, window)
        versions = s.versions_per_article(con, window)
        gaps = s.days_between_versions(con, window)
        withdrawn = s.withdrawals(con, window)
        withdrawn_now = s.withdrawn_now(con, window)
        health = s.archive_health(con, window)
        edited = s.recent_edits(con, window)
        pairs = s.last_two_versions(con, edited)
        summary = _summary(con, window)
    finally:
        con.close()
    diffs = _example_diffs(edited, pairs, folder, files)
    sections = [
        Section(
            "publications",
            "Publications per month, by section and language",
            charts.publications(published, folder / "publications.png").name,
            [csv("publications_by_month", published)],
            "Latest version of every article, by its publication date.",
        ),
        Section(
            "ratings",
            "Ratings",
            charts.ratings(trajectories, averages, folder / "ratings.png").name,
            [csv("rating_trajectories", trajectories), csv("rating_averages", averages)],
            f"Trajectories of the {s.TOP_RATED} articles with the most votes; averages of every rated "
            "article at its last observation.",
        ),
        Section(
            "polls",
            "Site poll: option shares over time",
            charts.polls(shares, folder / "polls.png").name,
            [csv("poll_shares", shares)],
            "Each option's share of its question's votes at each observation, per language copy "
            f"(the {charts.MAX_POLL_PANELS} most recently observed questions drawn; the CSV has all).",
        ),
        Section(
            "edits",
            "Article edits",
            charts.edits(versions, gaps, folder / "edits.png").name,
            [csv("versions_per_article", versions), csv("days_between_versions", gaps)],
            "A new version is stored only when an article's content changes.",
            diffs=diffs,
        ),
        Section(
            "withdrawals",
            "Withdrawals",
            charts.withdrawals(withdrawn, folder / "withdrawals.png").name,
            [csv("withdrawals", withdrawn), csv("withdrawn_now", withdrawn_now)],
            "Known articles that answered 404 or 410; the table lists those still withdrawn.",
            table=withdrawn_now.to_pylist()[:20],
        ),
        Section(
            "health",
            "Archive health per run",
            charts.health(health, folder / "health.png").name,
            [csv("archive_health", health)],
            "Pages fetched, new and changed articles and failures per run; coverage is the share of the "
            "articles the sitemaps list that the archive holds.",
        ),
    ]
    files += [folder / section.chart for section in sections]
    index = folder / "index.html"
    index.write_text(render_page(sections, summary, window), encoding="utf-8")
    files.append(index)
    return ReportResult(index, sections, summary, time.perf_counter() - started, files)


def _summary(con: Any, window: s.Window) -> dict[str, Any]:
    [(articles, en, ru)] = con.sql(
        "SELECT count(*), count(*) FILTER (lang = 'en'), count(*) FILTER (lang = 'ru') FROM latest_articles"
    ).fetchall()
    [(versions,)] = con.sql("SELECT count(*) FROM articles").fetchall()
    [(runs,)] = con.sql("SELECT count(*) FROM runs").fetchall()
    [(crawl_from, crawl_to)] = con.sql("SELECT min(fetched_at), max(fetched_at) FROM fetches").fetchall()
    period = f"{window.since or 'start'} to {window.until or 'now'}"
    return {
        "articles": f"{articles} ({en} en, {ru} ru)",
        "article versions": versions,
        "runs": runs,
        "crawled": f"{crawl_from:%Y-%m-%d} to {crawl_to:%Y-%m-%d}" if crawl_from else "never",
        "period shown": period,
    }


def _example_diffs(
    ids: list[str], versions: list[dict[str, Any]], folder: Path, files: list[Path]
) -> list[tuple[str, str]]:
    """Each article's last change as a unified diff (as ``read.article_versions`` shows it)."""
    out = []
    for number, article_id in enumerate(ids, 1):
        before, after = [row for row in versions if row["article_id"] == article_id][-2:]
        diff = "\n".join(
            difflib.unified_diff(
                read.version_text(before),
                read.version_text(after),
                fromfile=f"{article_id}@{before['stored_at'].isoformat()}",
                tofile=f"{article_id}@{after['stored_at'].isoformat()}",
                lineterm="",
            )
        )
        path = folder / f"diff-{number}.diff"
        path.write_text(diff + "\n", encoding="utf-8")
        files.append(path)
        shown = diff.splitlines()
        more = f"\n… ({len(shown) - DIFF_LINES} more lines in {path.name})" if len(shown) > DIFF_LINES else ""
        out.append((article_id, "\n".join(shown[:DIFF_LINES]) + more))
    return out
