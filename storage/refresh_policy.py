"""The refresh policy: which known articles get a new rating snapshot in this run.

Young articles gather votes fast, old ones hardly move. By default an article younger than a week
is re-fetched daily, one younger than a year weekly, and older ones monthly. The policy is computed
from what storage knows (publication date and the last rating observation per article) and written
as the "known URLs" file the spider reads: every known URL, with ``due`` true for the ones to fetch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from crawler.spiders.known import DueEntry


@dataclass(frozen=True, slots=True)
class RefreshPolicy:
    """Refresh intervals by article age. ``slack`` lets a daily run at 06:05 follow one at 06:10."""

    young_days: int = 7
    mid_days: int = 365
    young_every: timedelta = timedelta(days=1)
    mid_every: timedelta = timedelta(days=7)
    old_every: timedelta = timedelta(days=30)
    slack: timedelta = timedelta(hours=2)

    @classmethod
    def parse(cls, spec: str) -> RefreshPolicy:
        """``"7:1,365:7,30"``: young limit:days between refreshes, mid limit:days, old days."""
        young, mid, old = (part.strip() for part in spec.split(","))
        young_days, young_every = (int(x) for x in young.split(":"))
        mid_days, mid_every = (int(x) for x in mid.split(":"))
        if not 0 <= young_days <= mid_days:
            raise ValueError(f"age limits must grow: {spec!r}")
        return cls(
            young_days=young_days,
            mid_days=mid_days,
            young_every=timedelta(days=young_every),
            mid_every=timedelta(days=mid_every),
            old_every=timedelta(days=int(old)),
        )

    def spec(self) -> str:
        """The ``parse`` form of this policy."""
        return (
            f"{self.young_days}:{self.young_every.days},{self.mid_days}:{self.mid_every.days},"
            f"{self.old_every.days}"
        )

    def interval(self, published: date | None, today: date) -> timedelta:
        """Time between two rating snapshots of an article published on ``published``."""
        if published is None:  # unknown age: treat as old, the cheapest choice
            return self.old_every
        age = (today - published).days
        if age < self.young_days:
            return self.young_every
        if age < self.mid_days:
            return self.mid_every
        return self.old_every

    def is_due(self, published: date | None, last_observed: datetime | None, now: datetime) -> bool:
        if last_observed is None:
            return True
        return now - last_observed >= self.interval(published, now.date()) - self.slack


@dataclass(frozen=True, slots=True)
class KnownArticle:
    """What the policy needs to know of one stored article."""

    url: str
    article_id: str
    published: date | None
    last_observed: datetime | None  # last fetch (or rating snapshot) time, UTC
    withdrawn: bool = False
    published_raw: str | None = None  # the stored date as the site wrote it


def plan(known: Iterable[KnownArticle], policy: RefreshPolicy, now: datetime) -> list[DueEntry]:
    """Every known, not withdrawn article with whether its rating snapshot is due at ``now``."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return [
        DueEntry(
            k.url,
            k.article_id,
            policy.is_due(k.published, k.last_observed, now),
            k.published,
            k.last_observed.date() if k.last_observed else None,
            published_raw=k.published_raw,
        )
        for k in known
        if not k.withdrawn
    ]


def retry_entries(retry: dict[str, str]) -> list[DueEntry]:
    """Articles never stored whose fetches all failed (``KnownState.retry``): fetched again, by name."""
    return [DueEntry(url, article_id, True, retry=True) for article_id, url in sorted(retry.items())]
