"""Site host mapping, Retry-After parsing and the known-URLs file: plain functions, no crawl."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.middlewares import describe_error, retry_after_seconds
from crawler.site_mapping import SiteMapping
from crawler.spiders.known import load_known

LOCAL = SiteMapping("http://127.0.0.1:8123")
REAL = SiteMapping("https://russiancouncil.ru")
PATH = "/en/analytics-and-comments/analytics/the-art-of-expectation-management/"


@pytest.mark.parametrize(
    "link",
    [
        f"https://russiancouncil.ru{PATH}",
        f"http://russiancouncil.ru{PATH}",
        f"https://www.russiancouncil.ru{PATH}",
        f"https://beta.russiancouncil.ru{PATH}",
        f"https://russiancouncil.ru.{PATH}",
        f"https://russiancouncil.ru{PATH}?sphrase_id=12345",
        f"http://127.0.0.1:8123{PATH}?sphrase_id=9",
        f"http://127.0.0.1:8123{PATH.rstrip('/')}",
    ],
)
def test_every_alias_maps_onto_the_base_and_back(link: str) -> None:
    assert LOCAL.fetch_url(link) == f"http://127.0.0.1:8123{PATH}"
    assert LOCAL.canonical(link) == f"https://russiancouncil.ru{PATH}"
    assert REAL.fetch_url(link) == (None if "127.0.0.1" in link else f"https://russiancouncil.ru{PATH}")


@pytest.mark.parametrize(
    "link",
    [
        "https://example.com/en/news/x/",
        "http://127.0.0.1:9999/en/news/x/",
        "ftp://russiancouncil.ru/x",
        "mailto:a@b",
    ],
)
def test_other_hosts_are_off_site(link: str) -> None:
    assert LOCAL.fetch_url(link) is None and LOCAL.canonical(link) is None


def test_other_query_parameters_are_kept() -> None:
    assert LOCAL.fetch_url("https://www.russiancouncil.ru/en/news/?PAGEN_1=3&sphrase_id=1") == (
        "http://127.0.0.1:8123/en/news/?PAGEN_1=3"
    )


@given(st.text(alphabet="abcdefghij-/%", max_size=30))
def test_mapping_is_idempotent(tail: str) -> None:
    fetch = LOCAL.fetch_url("https://beta.russiancouncil.ru/" + tail.lstrip("/"))
    assert fetch is not None
    assert LOCAL.fetch_url(fetch) == fetch
    assert LOCAL.canonical(fetch) == REAL.fetch_url(
        fetch.replace("http://127.0.0.1:8123", "https://russiancouncil.ru")
    )


def test_retry_after_seconds_and_dates() -> None:
    assert retry_after_seconds(b"7", 300) == 7
    assert retry_after_seconds(b"100000", 300) == 300
    assert retry_after_seconds(b"soon", 300) is None
    assert retry_after_seconds(None, 300) is None
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=60), usegmt=True).encode()
    seconds = retry_after_seconds(later, 300)
    assert seconds is not None and 55 <= seconds <= 61


def test_error_kinds() -> None:
    assert describe_error(TimeoutError("User timeout caused connection failure"))[0] == "timeout"
    assert (
        describe_error(ValueError("Expected to receive 9 bytes which is larger than download max size"))[0]
        == "too-large"
    )


def test_known_file_jsonl_and_parquet(tmp_path: Path) -> None:
    rows = [
        {
            "url": f"https://www.russiancouncil.ru{PATH}?sphrase_id=3",
            "due": False,
            "listing_date": "2018-07-13",
        },
        {"url": f"https://russiancouncil.ru{PATH}", "due": True},
        {"url": "https://russiancouncil.ru/en/amp/news/x/", "due": False},
    ]
    jsonl = tmp_path / "known.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows))
    parquet = tmp_path / "known.parquet"
    pq.write_table(pa.Table.from_pylist(rows), parquet)
    for path in (jsonl, parquet):
        known = load_known(path)
        assert len(known) == 2
        assert known.due() == [f"https://russiancouncil.ru{PATH}"]  # either spelling due makes it due
        assert "https://russiancouncil.ru/en/news/x/" in known  # AMP folded
        assert known.newest == date(2018, 7, 13)
    assert len(load_known(None)) == 0
