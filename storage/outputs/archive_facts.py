"""What a dataset card says about an archive, read from its committed data: row counts, files, dates,
languages, extractor versions, runs and WARC files."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from storage import read
from storage.schemas import DATASETS, SCHEMA_VERSION
from storage.snapshot import snapshot
from storage.store import open_store


@dataclass(frozen=True, slots=True)
class ArchiveFacts:
    rows: dict[str, int]
    files: dict[str, list[str]]  # dataset -> committed data files, relative to the root
    runs: int
    first_crawl: datetime | None
    last_crawl: datetime | None
    published_from: date | None
    published_to: date | None
    articles: int  # distinct articles (latest versions)
    articles_by_lang: dict[str, int]
    extractor_versions: list[str]  # of the stored article versions, oldest first
    warc_files: int  # distinct WARC files the fetches point into
    schema_version: int = SCHEMA_VERSION
    sections: dict[str, int] = field(default_factory=dict)


def archive_facts(root: read.Root) -> ArchiveFacts:
    store = open_store(root)
    con = read.connect(root)
    try:

        def one(query: str) -> tuple:
            return tuple(con.sql(query).fetchall()[0])

        first, last = one("SELECT min(fetched_at), max(fetched_at) FROM fetches")
        published_from, published_to, articles = one(
            "SELECT min(published), max(published), count(*) FROM latest_articles"
        )
        by_lang = dict(con.sql("SELECT lang, count(*) FROM latest_articles GROUP BY 1 ORDER BY 1").fetchall())
        sections = dict(
            con.sql(
                "SELECT coalesce(section, '(none)'), count(*) FROM latest_articles GROUP BY 1 ORDER BY 1"
            ).fetchall()
        )
        versions = [
            row[0]
            for row in con.sql(
                "SELECT extractor_version FROM articles GROUP BY 1 ORDER BY min(stored_at)"
            ).fetchall()
        ]
        (warc_files,) = one("SELECT count(DISTINCT warc_file) FROM fetches")
        rows = {name: int(one(f"SELECT count(*) FROM {name}")[0]) for name in DATASETS}
        (runs,) = one("SELECT count(*) FROM runs")
    finally:
        con.close()
    return ArchiveFacts(
        rows=rows,
        files={name: sorted(snapshot(store, name).files) for name in DATASETS},
        runs=int(runs),
        first_crawl=first,
        last_crawl=last,
        published_from=published_from,
        published_to=published_to,
        articles=int(articles),
        articles_by_lang={str(k): int(v) for k, v in by_lang.items()},
        extractor_versions=[str(v) for v in versions],
        warc_files=int(warc_files),
        sections={str(k): int(v) for k, v in sections.items()},
    )
