"""What the archive already knows, read from the stored datasets (never an in-memory set of URLs).

Joins ``storage.read.known_articles`` (latest version, last rating observation) with the fetch
history, so an article whose latest fetch found it withdrawn (404/410) is known as withdrawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from crawler.items import Poll
from storage.refresh_policy import KnownArticle

# An article that no run could fetch is asked for again by the next runs, at most this many runs in
# all (then discovery alone may still find it): a run that lost an old article to a 503 storm must
# not depend on the listings walking back that far again.
MAX_RETRY_RUNS = 5
# Answers worth retrying: no answer at all (timeout, reset, cut short) or a server-side error.
_TRANSIENT = "(status IS NULL OR status >= 500 OR status IN (408, 429))"


@dataclass(frozen=True, slots=True)
class KnownState:
    articles: dict[str, KnownArticle]  # article_id -> what the policy needs
    first_seen: dict[str, datetime]  # article_id -> first time the archive saw it
    digests: dict[str, str]  # article_id -> content digest of the latest version
    retry: dict[str, str] = field(default_factory=dict)  # article_id -> URL: never stored, fetch failed

    @property
    def withdrawn(self) -> set[str]:
        return {a for a, k in self.articles.items() if k.withdrawn}

    @property
    def live_ids(self) -> set[str]:
        return {a for a, k in self.articles.items() if not k.withdrawn}


def load_known_state(root: Path | str) -> KnownState:
    from storage import read

    table = read.known_articles(root)
    withdrawn, last_fetched, failed = _fetch_state(root)
    articles: dict[str, KnownArticle] = {}
    first_seen: dict[str, datetime] = {}
    digests: dict[str, str] = {}
    for row in table.to_pylist():
        published = row["published"]
        if isinstance(published, datetime):
            published = published.date()
        assert published is None or isinstance(published, date)
        article_id = row["article_id"]
        articles[article_id] = KnownArticle(
            url=row["url"],
            article_id=article_id,
            published=published,
            last_observed=_latest(row["last_rating_at"], last_fetched.get(article_id)),
            withdrawn=article_id in withdrawn,
            published_raw=row["published_raw"],
        )
        first_seen[article_id] = row["first_seen"]
        digests[article_id] = row["content_digest"]
    retry = {aid: url for aid, url in failed.items() if aid not in articles}
    return KnownState(articles=articles, first_seen=first_seen, digests=digests, retry=retry)


_LATEST_FETCH = """
SELECT article_id, outcome, fetched_at FROM fetches
WHERE article_id IS NOT NULL AND outcome IN ('article', 'withdrawn')
QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY fetched_at DESC) = 1
"""


_FAILED_ONLY = f"""
SELECT article_id, max(canonical_url) FROM fetches
WHERE article_id IS NOT NULL AND canonical_url IS NOT NULL
GROUP BY article_id
HAVING bool_and(outcome = 'failed' AND {_TRANSIENT}) AND count(DISTINCT run_id) < {MAX_RETRY_RUNS}
"""


def _latest(*moments: datetime | None) -> datetime | None:
    return max((m for m in moments if m is not None), default=None)


def _fetch_state(root: Path | str) -> tuple[set[str], dict[str, datetime], dict[str, str]]:
    """Articles whose latest article-or-withdrawn fetch found them withdrawn; last fetch time of each;
    articles every fetch of which failed transiently, in fewer than ``MAX_RETRY_RUNS`` runs (id -> URL)."""
    import duckdb

    from storage import read

    columns = ["article_id", "canonical_url", "outcome", "status", "fetched_at", "run_id"]
    fetches = read.read_table(root, "fetches", columns=columns)
    if fetches.num_rows == 0:
        return set(), {}, {}
    con = duckdb.connect()
    try:
        con.register("fetches", fetches)
        rows = con.sql(_LATEST_FETCH).fetchall()
        failed = dict(con.sql(_FAILED_ONLY).fetchall())
    finally:
        con.close()
    withdrawn = {article_id for article_id, outcome, _ in rows if outcome == "withdrawn"}
    return withdrawn, {article_id: at for article_id, _, at in rows}, failed


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
