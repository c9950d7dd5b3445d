"""What the archive already knows, read from the stored datasets (never an in-memory set of URLs).

Joins ``storage.read.known_articles`` (latest version, last rating observation) with the fetch
history, so an article whose latest fetch found it withdrawn (404/410) is known as withdrawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from flows.policy import KnownArticle


@dataclass(frozen=True, slots=True)
class KnownState:
    articles: dict[str, KnownArticle]  # article_id -> what the policy needs
    first_seen: dict[str, datetime]  # article_id -> first time the archive saw it
    digests: dict[str, str]  # article_id -> content digest of the latest version

    @property
    def withdrawn(self) -> set[str]:
        return {a for a, k in self.articles.items() if k.withdrawn}

    @property
    def live_ids(self) -> set[str]:
        return {a for a, k in self.articles.items() if not k.withdrawn}


def load_known(root: Path | str) -> KnownState:
    from storage import read

    table = read.known_articles(root)
    withdrawn, last_fetched = _fetch_state(root)
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
        )
        first_seen[article_id] = row["first_seen"]
        digests[article_id] = row["content_digest"]
    return KnownState(articles=articles, first_seen=first_seen, digests=digests)


_LATEST_FETCH = """
SELECT article_id, outcome, fetched_at FROM fetches
WHERE article_id IS NOT NULL AND outcome IN ('article', 'withdrawn')
QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY fetched_at DESC) = 1
"""


def _latest(*moments: datetime | None) -> datetime | None:
    return max((m for m in moments if m is not None), default=None)


def _fetch_state(root: Path | str) -> tuple[set[str], dict[str, datetime]]:
    """Articles whose latest article-or-withdrawn fetch found them withdrawn; last fetch time of each."""
    import duckdb

    from storage import read

    fetches = read.read_table(root, "fetches", columns=["article_id", "outcome", "fetched_at"])
    if fetches.num_rows == 0:
        return set(), {}
    con = duckdb.connect()
    try:
        con.register("fetches", fetches)
        rows = con.sql(_LATEST_FETCH).fetchall()
    finally:
        con.close()
    withdrawn = {article_id for article_id, outcome, _ in rows if outcome == "withdrawn"}
    return withdrawn, {article_id: at for article_id, _, at in rows}
