"""The seed (a real text rendering and its gold extraction) in several plausible markups."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from crawler.items import ArticleItem
from crawler.pages.article import extract_article
from crawler.pages.normalise import collapse_ws

from .markups import MARKUPS  # type: ignore[import-not-found]

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed"
TEXT = (SEED / "the-art-of-expectation-management.txt").read_text(encoding="utf-8")
GOLD: dict[str, Any] = json.loads((SEED / "the-art-of-expectation-management.gold.json").read_text())
URL = GOLD["url"]


def body_only_text() -> str:
    """The seed as a body-only rendering: paragraphs one per line, no widgets, authors or poll."""
    return "\n".join([*GOLD["summary_paragraphs"], *GOLD["body_paragraphs"]])


RENDERINGS = {name: markup(TEXT) for name, markup in MARKUPS.items()}
RENDERINGS["body-only"] = MARKUPS["body-text"](body_only_text())
RENDERINGS["plain-text"] = TEXT
RENDERINGS["crlf-pre"] = MARKUPS["pre"](TEXT.replace("\n", "\r\n"))


@cache
def item(rendering: str) -> ArticleItem:
    result = extract_article(URL, RENDERINGS[rendering].encode("utf-8"))
    assert isinstance(result, ArticleItem), result
    return result


def squash(paragraphs: Any) -> list[str]:
    return [collapse_ws(p) for p in paragraphs]


@pytest.mark.parametrize("rendering", sorted(RENDERINGS))
def test_summary(rendering: str) -> None:
    assert list(item(rendering).summary_paragraphs) == squash(GOLD["summary_paragraphs"])


@pytest.mark.parametrize("rendering", sorted(RENDERINGS))
def test_body(rendering: str) -> None:
    assert list(item(rendering).body_paragraphs) == squash(GOLD["body_paragraphs"])


@pytest.mark.parametrize("rendering", sorted(RENDERINGS))
def test_nothing_of_the_widgets_is_a_paragraph(rendering: str) -> None:
    paragraphs = {
        p.casefold() for p in (*item(rendering).body_paragraphs, *item(rendering).summary_paragraphs)
    }
    for text in GOLD["not_in_body"]:
        assert collapse_ws(text).casefold() not in paragraphs
        assert not any(p.startswith(collapse_ws(text).casefold()) and len(p) < 90 for p in paragraphs)


@pytest.mark.parametrize("rendering", sorted(set(RENDERINGS) - {"body-only"}))
def test_rating(rendering: str) -> None:
    rating = item(rendering).rating
    assert rating is not None and (rating.votes, rating.average) == (6, 4.5)


@pytest.mark.parametrize("rendering", sorted(set(RENDERINGS) - {"body-only"}))
def test_authors(rendering: str) -> None:
    assert [{"name": a.name, "position": a.position} for a in item(rendering).authors] == GOLD["authors"]


@pytest.mark.parametrize("rendering", sorted(set(RENDERINGS) - {"body-only"}))
def test_polls(rendering: str) -> None:
    assert item(rendering).to_json()["polls"] == GOLD["polls"]


def test_body_only_has_no_widgets() -> None:
    record = item("body-only")
    assert record.rating is None and record.authors == () and record.polls == ()


@pytest.mark.parametrize("rendering", sorted(RENDERINGS))
def test_identity(rendering: str) -> None:
    record = item(rendering)
    assert (record.url, record.lang, record.section) == (URL, GOLD["lang"], GOLD["section"])
    assert record.article_id == "en/analytics-and-comments/analytics/the-art-of-expectation-management"


def test_stats_count_teaser_and_boilerplate() -> None:
    stats = item("p-per-line").stats
    assert stats["teaser_paragraphs"] == 7
    assert stats["boilerplate_lines_removed"] >= len(re.findall(r"\(\d+%\)", TEXT)) + 8
