"""The served seed article reproduces the real text rendering and its gold extraction."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import lxml.html
import pytest

from crawler.replica.process import ReplicaProcess
from crawler.replica.textview import text_lines

SEED_PATH = "/en/analytics-and-comments/analytics/the-art-of-expectation-management/"
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "seed"
GOLD = json.loads((FIXTURES / "the-art-of-expectation-management.gold.json").read_text("utf-8"))
SEED_TEXT = (FIXTURES / "the-art-of-expectation-management.txt").read_text("utf-8")


def squash(text: str) -> str:
    return " ".join(text.split())


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def unnumbered(line: str) -> str:
    return re.sub(r"^\d+\.\s+", "", line)


def is_subsequence(needles: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(any(n == h for h in it) for n in needles)


@pytest.fixture(scope="module")
def themed(replica: ReplicaProcess, replica_factory) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    modern = replica_factory(theme="modern")
    legacy = replica_factory(theme="legacy")
    return {
        "classic": fetch(replica.url(SEED_PATH)),
        "modern": fetch(modern.url(SEED_PATH)),
        "legacy": fetch(legacy.url(SEED_PATH)),
    }


@pytest.mark.parametrize("theme", ["classic", "modern", "legacy"])
def test_rendered_text_reproduces_the_seed_rendering(themed: dict[str, bytes], theme: str) -> None:
    seed_lines = [unnumbered(squash(line)) for line in SEED_TEXT.splitlines() if squash(line)]
    page_lines = [unnumbered(line) for line in text_lines(themed[theme])]
    assert is_subsequence(seed_lines, page_lines)


def test_classic_containers_hold_the_gold_paragraph_lists(themed: dict[str, bytes]) -> None:
    root = lxml.html.fromstring(themed["classic"])
    summary = [squash(p.text_content()) for p in root.cssselect(".news-announce p")]
    body = [squash(p.text_content()) for p in root.cssselect(".detail-text p")]
    assert summary == [squash(p) for p in GOLD["summary_paragraphs"]]
    assert body == [squash(p) for p in GOLD["body_paragraphs"]]


def test_modern_interleaves_both_versions_in_one_container(themed: dict[str, bytes]) -> None:
    root = lxml.html.fromstring(themed["modern"])
    (container,) = root.cssselect(".c-article__text")
    paragraphs = [squash(p.text_content()) for p in container.iter("p")]
    assert paragraphs == [squash(p) for p in GOLD["summary_paragraphs"] + GOLD["body_paragraphs"]]


def test_truth_of_the_seed_equals_the_gold(replica: ReplicaProcess) -> None:
    truth = replica.truth(SEED_PATH)
    for key in ("url", "lang", "section", "authors", "rating", "polls"):
        assert truth[key] == GOLD[key], key
    assert [squash(p) for p in truth["summary_paragraphs"]] == [squash(p) for p in GOLD["summary_paragraphs"]]
    assert [squash(p) for p in truth["body_paragraphs"]] == [squash(p) for p in GOLD["body_paragraphs"]]
    assert truth["title"] == "The Art of Expectation Management"


def test_widget_text_is_never_a_body_paragraph(themed: dict[str, bytes]) -> None:
    root = lxml.html.fromstring(themed["classic"])
    body = {squash(p.text_content()) for p in root.cssselect(".detail-text p")}
    page_text = squash(root.text_content())
    for text in GOLD["not_in_body"]:
        assert text in page_text
        assert not any(paragraph == text for paragraph in body)
