"""Hostile pages through the page classes, each in a fresh process: the outcome, the time and the peak
memory (resident set, which sees lxml's C allocations) stay within generous bounds. The cases are the
replica's hostile pages and pages just under the crawler's 8 MB ``DOWNLOAD_MAXSIZE``, the largest
extraction ever gets. Figures: ``python -m tests.hostile.measure CASE`` (docs/security.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.pages.article import extract_article
from crawler.replica import hostile

REPO = Path(__file__).resolve().parents[2]
# case -> (outcome, max seconds, max MB over the process's baseline); measured here: at most 11 s, 350 MB
CASES = {
    "empty": ("empty-body", 5, 50),
    "binary": ("binary-body", 5, 50),
    "nested": ("no-article-text", 5, 100),
    "attributes": ("no-article-text", 5, 100),
    "malformed": ("no-article-text", 5, 50),
    "binary-8mb": ("binary-body", 20, 300),
    "nested-8mb": ("no-article-text", 20, 300),
    "table-8mb": ("no-article-text", 60, 800),
    "paragraphs-8mb": ("article", 60, 800),
    "attributes-8mb": ("article", 60, 800),
    "listing-8mb": ("134527 links", 60, 800),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_page_is_bounded(case: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tests.hostile.measure", case],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(done.stdout)
    outcome, seconds, megabytes = CASES[case]
    print(f"\n{case}: {figures}")
    assert figures["outcome"] == outcome
    assert figures["seconds"] < seconds
    assert figures["peak_mb"] - figures["baseline_mb"] < megabytes


RUSSIAN = (
    "<p>" + "Россия и Европа обсуждают новые правила торговли, эксперты расходятся в оценках. " * 4 + "</p>"
)
PAGE = f'<html><head><meta charset="utf-8"><title>Т</title></head><body>{RUSSIAN * 5}</body></html>'
URL = "https://russiancouncil.ru/news/charset/"


@pytest.mark.parametrize(
    ("encoding", "declared"),
    [
        ("cp1251", "utf-8"),  # windows-1251 bytes declared UTF-8 (header and meta)
        ("utf-8", "windows-1251"),  # UTF-8 bytes declared windows-1251
        ("cp1251", "x-no-such-charset"),  # an unknown label
        ("utf-8", "utf-16"),  # a multi-byte label for bytes with no NUL at all
    ],
)
def test_wrong_declared_charset_still_reads_the_text(encoding: str, declared: str) -> None:
    body = PAGE.replace("utf-8", declared).encode(encoding)
    item = extract_article(URL, body, {"Content-Type": f"text/html; charset={declared}"})
    assert not hasattr(item, "error_type"), item
    assert item.body_paragraphs[0].startswith("Россия и Европа")


def test_the_replica_serves_hostile_pages_only_when_asked() -> None:
    from crawler.replica.app import App, Options
    from crawler.replica.faults import parse_faults

    plain = App(Options(articles=5, faults=parse_faults("5xx=0")))
    armed = App(Options(articles=5, faults=parse_faults("hostile=1")))
    assert plain.handle("GET", hostile.NESTED, "127.0.0.1").status == 404
    assert armed.handle("GET", hostile.NESTED, "127.0.0.1").status == 200
    assert b"hostile-gzip" in armed.handle("GET", "/sitemap.xml", "127.0.0.1").body
    assert b"hostile" not in plain.handle("GET", "/sitemap.xml", "127.0.0.1").body
    assert b"evil.example" in armed.handle("GET", "/en/news/", "127.0.0.1").body
