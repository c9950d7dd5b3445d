"""The archive's known article URLs and which are due, read once from a file the caller writes.

Accepted: Parquet (``.parquet``) or JSON lines (anything else) with a canonical ``url`` column and
optional ``due`` (bool), ``lastmod`` and ``listing_date`` (ISO dates), ``listing_raw`` (the stored
``published_raw``), and ``retry`` (bool: not
archived, an earlier fetch failed; fetched again with reason ``retry``). The flows compute it from the
stored datasets (``storage.refresh_policy``) and write it with :func:`write_known_file`; the whole
archive at 20k articles is a few MB, loaded once per crawl.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from crawler.urls import article_url


@dataclass(frozen=True, slots=True)
class KnownUrl:
    due: bool = False
    lastmod: date | None = None
    listing_date: date | None = None
    retry: bool = False  # not archived yet: an earlier run failed to fetch it; fetched (reason "retry")
    listing_raw: str | None = None  # the publication date as the site wrote it (``published_raw``)


@dataclass(frozen=True, slots=True)
class KnownUrls:
    urls: dict[str, KnownUrl]

    def __contains__(self, url: str) -> bool:
        """Archived already (retry entries are not: a listing showing one is not stale)."""
        known = self.urls.get(url)
        return known is not None and not known.retry

    def __len__(self) -> int:
        return sum(1 for known in self.urls.values() if not known.retry)

    def get(self, url: str) -> KnownUrl | None:
        return self.urls.get(url)

    def due(self) -> list[str]:
        return [url for url, known in self.urls.items() if known.due]

    def archived(self) -> list[str]:
        """Every archived (live) article URL: not the retry entries."""
        return [url for url, known in self.urls.items() if not known.retry]

    @property
    def newest(self) -> date | None:
        dates = [
            d for k in self.urls.values() if not k.retry for d in (k.lastmod, k.listing_date) if d is not None
        ]
        return max(dates, default=None)


def load_known(path: str | os.PathLike[str] | None) -> KnownUrls:
    if not path:
        return KnownUrls({})
    path = Path(path)
    rows = _read_parquet(path) if path.suffix == ".parquet" else _read_jsonl(path)
    urls: dict[str, KnownUrl] = {}
    for row in rows:
        url = row.get("url")
        if not url:
            continue
        key = article_url(str(url))
        previous = urls.get(key)
        known = KnownUrl(
            bool(row.get("due")),
            _date(row.get("lastmod")),
            _date(row.get("listing_date")),
            bool(row.get("retry")),
            str(row["listing_raw"]) if row.get("listing_raw") else None,
        )
        if previous is not None:  # the same article under two spellings: due if either is
            known = KnownUrl(
                previous.due or known.due,
                known.lastmod or previous.lastmod,
                known.listing_date or previous.listing_date,
                previous.retry and known.retry,
                known.listing_raw or previous.listing_raw,
            )
        urls[key] = known
    return KnownUrls(urls)


def _read_parquet(path: Path) -> list[dict[str, object]]:
    import pyarrow.parquet as pq

    schema = pq.read_schema(path)
    names = ("url", "due", "lastmod", "listing_date", "retry", "listing_raw")
    columns = [c for c in names if c in schema.names]
    return pq.read_table(path, columns=columns).to_pylist()


def _read_jsonl(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class DueEntry:
    url: str
    article_id: str
    due: bool
    published: date | None = None
    lastmod: date | None = None  # when we last fetched it: a newer sitemap lastmod means "edited"
    retry: bool = False  # not archived: every fetch so far failed, so ask for it again
    published_raw: str | None = None


def write_known_file(path: Path, entries: Iterable[DueEntry]) -> Path:
    """JSON lines ``{"url", "article_id", "due", "listing_date", "lastmod"}``: the known URLs the
    spider reads (``crawler/spiders/known.py``). ``listing_date`` is the publication date; ``lastmod``
    the day of our last fetch, so a sitemap ``lastmod`` after it makes the spider fetch an edit."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        for e in entries:
            row = {
                "url": e.url,
                "article_id": e.article_id,
                "due": e.due,
                "listing_date": e.published.isoformat() if e.published else None,
                "lastmod": e.lastmod.isoformat() if e.lastmod else None,
            }
            if e.published_raw:
                row["listing_raw"] = e.published_raw
            if e.retry:
                row["retry"] = True
            out.write(json.dumps(row) + "\n")
    tmp.replace(path)
    return path


def read_known_file(path: Path) -> Iterator[DueEntry]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                row = json.loads(line)
                published = date.fromisoformat(row["listing_date"]) if row.get("listing_date") else None
                lastmod = date.fromisoformat(row["lastmod"]) if row.get("lastmod") else None
                yield DueEntry(
                    row["url"],
                    row["article_id"],
                    bool(row["due"]),
                    published,
                    lastmod,
                    bool(row.get("retry")),
                    row.get("listing_raw"),
                )
