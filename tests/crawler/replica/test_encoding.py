"""windows-1251 pages decode correctly only when the declared charset is honoured."""

from __future__ import annotations

import urllib.request
from typing import Any

import lxml.html
import pytest

from crawler.replica.process import ReplicaProcess


def first_with(replica: ReplicaProcess, declared: str) -> dict[str, Any]:
    for entry in replica.index():
        if entry["lang"] == "ru" and not entry["withdrawn"] and entry["rendering"] == "full":
            truth = replica.truth(entry["path"])
            if truth["charset_declared"] == declared:
                return truth
    raise AssertionError(f"no page declares its charset as {declared}")


def fetch(replica: ReplicaProcess, path: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(replica.url(path), timeout=10) as response:
        return response.headers.get("Content-Type", ""), response.read()


@pytest.mark.parametrize("declared", ["header", "meta-charset", "http-equiv"])
def test_windows_1251_pages_need_their_declared_charset(replica: ReplicaProcess, declared: str) -> None:
    truth = first_with(replica, declared)
    assert truth["charset"] == "windows-1251"
    content_type, body = fetch(replica, truth["path"])
    head = body[:2000].lower()
    if declared == "header":
        assert "charset=windows-1251" in content_type
        assert b"charset" not in head
    else:
        assert "charset" not in content_type
        needle = (
            b'<meta charset="windows-1251">' if declared == "meta-charset" else b'http-equiv="content-type"'
        )
        assert needle in head
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = body.decode("windows-1251")
    assert truth["title"] in text
    assert " ".join(truth["body_paragraphs"][0].split()) in " ".join(text.split())


def test_meta_declared_pages_parse_right_when_the_parser_reads_the_meta(replica: ReplicaProcess) -> None:
    truth = first_with(replica, "http-equiv")
    _, body = fetch(replica, truth["path"])
    root = lxml.html.fromstring(body)  # libxml2 honours <meta http-equiv> in bytes input
    assert truth["title"] in root.findtext(".//h1")
    wrong = lxml.html.fromstring(body, parser=lxml.html.HTMLParser(encoding="utf-8"))
    assert truth["title"] not in (wrong.findtext(".//h1") or "")


def test_utf8_pages_declare_utf8_twice(replica: ReplicaProcess) -> None:
    content_type, body = fetch(
        replica, "/en/analytics-and-comments/analytics/the-art-of-expectation-management/"
    )
    assert "charset=utf-8" in content_type
    assert b'<meta charset="utf-8">' in body[:500]
    body.decode("utf-8")
