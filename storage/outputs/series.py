"""The data behind each chart of the report, as DuckDB queries over the committed datasets.

Every function takes a connection from ``storage.read.connect`` and a :class:`Window` and returns an
Arrow table: the chart draws it and the report writes it beside the chart as CSV, so a reader can
check or redraw every figure. Times are UTC; the window is inclusive of both days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pyarrow as pa

TOP_RATED = 8  # rating trajectories of this many most-voted articles
AVERAGE_BIN = 0.25  # width of the bins of the distribution of averages (ratings run 1 to 5)


@dataclass(frozen=True, slots=True)
class Window:
    """Days to show, both inclusive; None: unbounded."""

    since: date | None = None
    until: date | None = None

    def where(self, column: str, *, is_date: bool = False) -> str:
        """A SQL condition on a timestamp column (taken by its UTC day) or a date column."""
        day = column if is_date else f"CAST(timezone('UTC', {column}) AS DATE)"
        parts = ["TRUE"]
        if self.since is not None:
            parts.append(f"{day} >= DATE '{self.since.isoformat()}'")
        if self.until is not None:
            parts.append(f"{day} <= DATE '{self.until.isoformat()}'")
        return " AND ".join(parts)


def _table(con: duckdb.DuckDBPyConnection, query: str) -> pa.Table:
    return con.sql(query).to_arrow_table()


def publications_by_month(con: duckdb.DuckDBPyConnection, window: Window) -> pa.Table:
    """Articles (latest versions) per publication month, language and section."""
    return _table(
        con,
        f"""
        SELECT strftime(published, '%Y-%m') AS month, lang, coalesce(section, '(none)') AS section,
               count(*)::BIGINT AS articles
        FROM latest_articles
        WHERE published IS NOT NULL AND {window.where("published", is_date=True)}
        GROUP BY ALL ORDER BY month, lang, section
        """,
    )


def rating_trajectories(con: duckdb.DuckDBPyConnection, window: Window, top: int = TOP_RATED) -> pa.Table:
    """Every rating observation of the ``top`` articles with the most votes at their last observation
    in the window (ties by article id)."""
    return _table(
        con,
        f"""
        WITH seen AS (SELECT * FROM ratings WHERE {window.where("observed_at")}),
        last AS (
            SELECT article_id, votes FROM seen
            QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY observed_at DESC) = 1
        ),
        best AS (SELECT article_id FROM last ORDER BY votes DESC, article_id LIMIT {int(top)})
        SELECT s.article_id, a.title, s.observed_at, s.votes, s.average
        FROM seen s JOIN best USING (article_id) LEFT JOIN latest_articles a USING (article_id)
        ORDER BY s.article_id, s.observed_at
        """,
    )


def rating_averages(con: duckdb.DuckDBPyConnection, window: Window, width: float = AVERAGE_BIN) -> pa.Table:
    """Distribution of the averages of rated articles (their last observation in the window):
    articles per bin ``[bin_start, bin_end)``, the last bin closed at 5."""
    bins = round(4 / width)
    return _table(
        con,
        f"""
        WITH last AS (
            SELECT article_id, average FROM ratings
            WHERE {window.where("observed_at")}
            QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY observed_at DESC) = 1
        ), binned AS (
            SELECT least(greatest(floor((average - 1) / {width}), 0), {bins - 1})::INTEGER AS bin
            FROM last WHERE average IS NOT NULL
        )
        SELECT (1 + b.bin * {width})::DOUBLE AS bin_start, (1 + (b.bin + 1) * {width})::DOUBLE AS bin_end,
               count(binned.bin)::BIGINT AS articles
        FROM range({bins}) AS b(bin) LEFT JOIN binned ON binned.bin = b.bin
        GROUP BY ALL ORDER BY bin_start
        """,
    )


def poll_shares(con: duckdb.DuckDBPyConnection, window: Window) -> pa.Table:
    """Each poll option's share of its question's votes at each observation, per language copy."""
    return _table(
        con,
        f"""
        SELECT observed_at, coalesce(lang, '?') AS lang, poll_id, question, option_index, option_text,
               votes, percent,
               CASE WHEN sum(votes) OVER q > 0 THEN votes / sum(votes) OVER q ELSE 0 END AS share
        FROM polls
        WHERE {window.where("observed_at")}
        WINDOW q AS (PARTITION BY observed_at, lang, poll_id)
        ORDER BY lang, poll_id, observed_at, option_index
        """,
    )


_VERSIONS = """
    SELECT article_id, coalesce(fetched_at, stored_at) AS captured_at,
           lag(coalesce(fetched_at, stored_at))
               OVER (PARTITION BY article_id ORDER BY stored_at, run_id) AS previous_at
    FROM articles
"""


def versions_per_article(con: duckdb.DuckDBPyConnection, window: Window) -> pa.Table:
    """How many articles have 1, 2, 3, ... stored versions (versions captured in the window)."""
    return _table(
        con,
        f"""
        WITH counted AS (
            SELECT article_id, count(*) AS versions FROM ({_VERSIONS})
            WHERE {window.where("captured_at")} GROUP BY article_id
        )
        SELECT versions::BIGINT AS versions, count(*)::BIGINT AS articles
        FROM counted GROUP BY versions ORDER BY versions
        """,
    )


def days_between_versions(con: duckdb.DuckDBPyConnection, window: Window) -> pa.Table:
    """Whole days from an article's version to its next one (the next captured in the window): how
    many edits came after 0, 1, 2, ... days. Captures are timed by ``fetched_at``."""
    return _table(
        con,
        f"""
        SELECT floor(epoch(captured_at - previous_at) / 86400)::BIGINT AS days, count(*)::BIGINT AS edits
        FROM ({_VERSIONS})
        WHERE previous_at IS NOT NULL AND {window.where("captured_at")}
        GROUP BY days ORDER BY days
        """,
    )


def recent_edits(con: duckdb.DuckDBPyConnection, window: Window, limit: int = 3) -> list[str]:
    """Ids of the articles whose latest change (a second or later version) in the window is newest."""
    rows = con.sql(
        f"""
        SELECT article_id, max(captured_at) AS last FROM ({_VERSIONS})
        WHERE previous_at IS NOT NULL AND {window.where("captured_at")}
        GROUP BY article_id ORDER BY last DESC, article_id LIMIT {int(limit)}
        """
    ).fetchall()
    return [str(row[0]) for row in rows]


def last_two_versions(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> list[dict]:
    """The two latest stored versions of each article, oldest first (for its example diff)."""
    if not article_ids:
        return []
    wanted = ", ".join("'" + article_id.replace("'", "''") + "'" for article_id in article_ids)
    return _table(
        con,
        f"""
        SELECT * FROM articles WHERE article_id IN ({wanted})
        QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY stored_at DESC, run_id DESC) <= 2
        ORDER BY article_id, stored_at, run_id
        """,
    ).to_pylist()


def withdrawals(con: duckdb.DuckDBPyConnection, window: Window) -> pa.Table:
    """Articles found withdrawn per day and language: a fetch with outcome ``withdrawn`` whose previous
    fetch of the same article was not one (each withdrawal counts once, a return and a second
    withdrawal twice)."""
    return _table(
        con,
        f"""
        WITH ordered AS (
            SELECT article_id, fetched_at, outcome,
                   lag(outcome) OVER (PARTITION BY article_id ORDER BY fetched_at) AS previous
            FROM fetches WHERE article_id IS NOT NULL AND outcome IN ('article', 'withdrawn')
        )
        SELECT CAST(timezone('UTC', fetched_at) AS DATE) AS day,
               CASE WHEN article_id LIKE 'en/%' THEN 'en' ELSE 'ru' END AS lang,
               count(*)::BIGINT AS withdrawn
        FROM ordered
        WHERE outcome = 'withdrawn' AND previous IS DISTINCT FROM 'withdrawn' AND {window.where("fetched_at")}
        GROUP BY ALL ORDER BY day, lang
        """,
    )


def withdrawn_now(con: duckdb.DuckDBPyConnection, window: Window) -> pa.Table:
    """The articles withdrawn now (``latest_articles.withdrawn_at``), newest first."""
    return _table(
        con,
        f"""
        SELECT article_id, title, lang, withdrawn_at FROM latest_articles
        WHERE withdrawn_at IS NOT NULL AND {window.where("withdrawn_at")}
        ORDER BY withdrawn_at DESC, article_id
        """,
    )


def archive_health(con: duckdb.DuckDBPyConnection, window: Window) -> pa.Table:
    """Per run, oldest first: pages fetched, new and changed articles, failures and the sitemap
    coverage (articles the sitemaps list that the archive holds; null for runs that did not record
    it). ``day`` is the run's ``as_of`` when it had one (simulated days), else when it started."""
    return _table(
        con,
        f"""
        WITH runs_ AS (
            SELECT *, coalesce(TRY_CAST(json_extract_string(parameters, '$.as_of') AS TIMESTAMPTZ),
                               started_at) AS day_at
            FROM runs
        )
        SELECT run_id, flow, started_at, CAST(timezone('UTC', day_at) AS DATE) AS day,
               coalesce(TRY_CAST(json_extract(counts, '$.pages_fetched') AS BIGINT), 0) AS pages,
               coalesce(TRY_CAST(json_extract(counts, '$.articles_new') AS BIGINT), 0) AS new,
               coalesce(TRY_CAST(json_extract(counts, '$.articles_changed') AS BIGINT), 0) AS changed,
               coalesce(TRY_CAST(json_extract(counts, '$.failures') AS BIGINT), 0) AS failures,
               TRY_CAST(json_extract(counts, '$.sitemap_covered') AS DOUBLE)
                 / nullif(TRY_CAST(json_extract(counts, '$.sitemap_listed') AS DOUBLE), 0) AS coverage
        FROM runs_
        WHERE {window.where("day_at")}
        ORDER BY started_at, run_id
        """,
    )
