"""UTF-8 pages with one invalid byte stay UTF-8: the bad byte becomes U+FFFD, nothing else changes.

Before, one stray byte under a ``utf-8`` label made the whole page decode as windows-1252: an English
page was stored with every ``’`` as ``â€™``, a Russian page was refused as ``binary-body``. Charset
detection stays for pages whose non-ASCII bytes are mostly not UTF-8 (``test_decode.py``).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from crawler.items import ArticleItem
from crawler.pages.article import extract_article
from crawler.pages.decode import decode_html

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "pages"
CASES = ("classic-seed", "modern-interview", "classic-rating-many-ru", "legacy-edited-year-ru")
STRAY = (b"\xff", b"\x92", b"\xd0")  # never UTF-8; a windows-1252 quote; a lead byte cut short
AT = 12  # characters into the chosen paragraph


def fixture(case: str) -> tuple[str, bytes, dict[str, str]]:
    folder = FIXTURES / case
    url = json.loads((folder / "expected.json").read_text(encoding="utf-8"))["fetched_url"]
    headers = json.loads((folder / "headers.json").read_text(encoding="utf-8"))
    return url, gzip.decompress((folder / "input.html.gz").read_bytes()), headers


@pytest.mark.parametrize("stray", STRAY, ids=lambda b: b.hex())
@pytest.mark.parametrize("case", CASES)
def test_one_stray_byte_in_a_utf8_page_is_replaced_not_redecoded(case: str, stray: bytes) -> None:
    url, body, headers = fixture(case)
    assert "utf-8" in headers["Content-Type"].lower()
    clean = extract_article(url, body, headers)
    assert isinstance(clean, ArticleItem)
    # a body paragraph from the middle (away from teaser copies) whose start appears as-is in the HTML
    paragraphs = list(enumerate(clean.body_paragraphs))
    paragraph = next(
        p for _, p in paragraphs[len(paragraphs) // 2 :] if len(p) > 2 * AT and p[:AT].encode() in body
    )
    cut = body.rindex(paragraph[:AT].encode()) + len(paragraph[:AT].encode())
    broken = body[:cut] + stray + body[cut:]

    text = decode_html(broken, headers)
    assert "â€" not in text and "Ð" not in text  # no windows-1252 reading of the UTF-8 bytes
    assert text.count("\ufffd") == decode_html(body, headers).count("\ufffd") + 1

    item = extract_article(url, broken, headers)
    assert isinstance(item, ArticleItem), item
    assert item.title == clean.title
    # the same paragraphs; one of them (the prose repeats phrases: not always the chosen one) holds
    # the U+FFFD where the byte went, and is otherwise unchanged
    assert len(item.body_paragraphs) == len(clean.body_paragraphs)
    changed = [(a, b) for a, b in zip(item.body_paragraphs, clean.body_paragraphs, strict=True) if a != b]
    assert len(changed) == 1
    damaged, original = changed[0]
    assert damaged.count("\ufffd") == 1 and damaged.replace("\ufffd", "") == original
    assert paragraph[:AT] + "\ufffd" in damaged


def test_mostly_invalid_utf8_is_still_detected() -> None:
    russian = "<html><body>" + "<p>Российский совет по международным делам</p>" * 20 + "</body></html>"
    english = "<html><body>" + "<p>It’s a café — “quoted”.</p>" * 20 + "</body></html>"
    utf8 = {"Content-Type": "text/html; charset=utf-8"}
    assert "Российский совет" in decode_html(russian.encode("cp1251"), utf8)
    assert "It’s a café — “quoted”." in decode_html(english.encode("cp1252"), utf8)
