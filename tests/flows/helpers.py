"""Builders shared by the flow tests: article items and WARC files written with warcio."""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

from crawler.items import ArticleItem, Author, Poll, PollOption, Rating
from crawler.stage.extract import FetchRecord
from crawler.urls import article_id

T0 = datetime(2025, 3, 3, 6, 0, tzinfo=UTC)


def item(path: str, body: str = "Body.", votes: int = 3, at: datetime = T0, **extra: object) -> ArticleItem:
    url = f"https://russiancouncil.ru{path}"
    fields: dict[str, object] = {
        "url": url,
        "article_id": article_id(url),
        "lang": "en" if path.startswith("/en/") else "ru",
        "section": "news",
        "title": "Title",
        "published": date(2025, 3, 1),
        "published_raw": "1 March 2025",
        "authors": (Author("A. Author", "RIAC Member"),),
        "region": (),
        "type": None,
        "tags": (),
        "summary_paragraphs": ("Summary.",),
        "body_paragraphs": tuple(body.split("\n\n")),
        "rating": Rating(votes, 4.5 if votes else None),
        "polls": (Poll("Question?", (PollOption("Yes", votes, 100),)),),
        "translation_url": None,
        "extractor_version": "test",
        "fetched_url": url,
        "fetched_at": at,
        "stats": {"teaser_paragraphs": 1, "boilerplate_lines_removed": 4},
    }
    fields.update(extra)
    return ArticleItem(**fields)  # type: ignore[arg-type]


def write_warc(
    path: Path, pages: list[tuple[str, int, bytes]], root: Path | None = None
) -> list[FetchRecord]:
    """Responses in one gzipped WARC file; returns their manifest records (file relative to ``root``)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    records = []
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, status, body in pages:
            offset = out.tell()
            headers = StatusAndHeaders(
                f"{status} X", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=headers)
            writer.write_record(record)
            name = str(path.relative_to(root)) if root is not None else path.name
            records.append(FetchRecord(url, status, T0, name, offset, "text/html", len(body)))
    return records


def fetch_into_warc(
    base_url: str, paths: list[str], warc: Path, root: Path | None = None
) -> list[FetchRecord]:
    """Fetch pages of a running replica with urllib and keep them in one WARC file (no crawler)."""
    import urllib.error
    import urllib.request

    pages = []
    for path in paths:
        try:
            with urllib.request.urlopen(base_url + path, timeout=30) as response:
                pages.append((f"https://russiancouncil.ru{path}", response.status, response.read()))
        except urllib.error.HTTPError as exc:
            pages.append((f"https://russiancouncil.ru{path}", exc.code, exc.read()))
    return write_warc(warc, pages, root)
