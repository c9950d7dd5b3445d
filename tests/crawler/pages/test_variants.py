"""The seed's text with the variations real renderings show: share buttons with text, tag lines, widgets
only below the article, chrome before the widgets, role labels in the author block."""

from __future__ import annotations

import json
import re
import textwrap
from html import escape
from pathlib import Path

import pytest

from crawler.items import ArticleItem
from crawler.pages.article import extract_article
from crawler.pages.normalise import collapse_ws

from .markups import p_per_line  # type: ignore[import-not-found]

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed"
TEXT = (SEED / "the-art-of-expectation-management.txt").read_text(encoding="utf-8")
GOLD = json.loads((SEED / "the-art-of-expectation-management.gold.json").read_text())
SUMMARY = [collapse_ws(p) for p in GOLD["summary_paragraphs"]]
BODY = [collapse_ws(p) for p in GOLD["body_paragraphs"]]


def extract(text: str) -> ArticleItem:
    result = extract_article(GOLD["url"], p_per_line(text).encode())
    assert isinstance(result, ArticleItem), result
    return result


def test_share_buttons_with_text() -> None:
    record = extract(TEXT.replace("Share this article\n", "Share this article\nVK\nTelegram\nFacebook\n", 1))
    assert list(record.summary_paragraphs) == SUMMARY and list(record.body_paragraphs) == BODY
    assert record.authors[0].name == "Andrey Kortunov"


def test_tags_and_region_values_on_their_own_lines() -> None:
    text = TEXT.replace("Print\n", "Print\nRegion:\nRussia, USA\nTags:\nRussia\nUSA\n", 1)
    record = extract(text)
    assert record.region == ("Russia", "USA")
    assert list(record.body_paragraphs) == BODY and record.authors[0].name == "Andrey Kortunov"


def test_chrome_and_title_before_the_widgets() -> None:
    text = "Home\nAnalytics\nThe Art of Expectation Management\n13 July 2018\n" + TEXT
    record = extract(text)
    assert list(record.summary_paragraphs) == SUMMARY and list(record.body_paragraphs) == BODY


def test_widgets_only_below_the_article() -> None:
    head, _, rest = TEXT.partition(
        "\nDirector General of the Russian International Affairs Council, RIAC member\n"
    )
    text = rest + "\nPrint\nRate this article\n(votes: 6, rating: 4.5)\n\u00a0(6 votes)\nShare this article\n"
    record = extract(text.replace("Poll conducted", "Related articles\nSomething else\nPoll conducted"))
    assert list(record.body_paragraphs) == BODY
    assert record.rating is not None and record.rating.votes == 6
    assert head.startswith("Print")


def test_role_labels_in_the_author_block() -> None:
    text = TEXT.replace(
        "Andrey Kortunov\n", "Interviewer: Ivan Timofeev\nRIAC Program Director\nAndrey Kortunov\n", 1
    )
    record = extract(text)
    assert [a.name for a in record.authors] == ["Ivan Timofeev", "Andrey Kortunov"]
    assert list(record.body_paragraphs) == BODY


def test_a_bitrix_like_page_with_inline_widgets_and_a_form_poll() -> None:
    def paragraphs(items: list[str]) -> str:
        return "".join(f"<p>{escape(p)}</p>" for p in items)

    options = "".join(
        f'<label><input type="radio"> {escape(o["text"])}</label><br>'
        f"<span>{o['votes']} ({o['percent']}%)</span><br>"
        for o in GOLD["polls"][0]["options"]
    )
    page = (
        '<html><body><div class="tools"><a href="#">Print</a></div>'
        '<div class="rating">Rate this article <span>★★★★★</span> <span>(votes: 6, rating: 4.5)</span>'
        "<span>&nbsp;(6 votes)</span></div>"
        '<div class="share">Share this article <a href="https://vk.com">VK</a> <a href="https://t.me">Telegram</a></div>'
        '<div class="author"><a href="/en/andrey-kortunov/">Andrey Kortunov</a><br>'
        f"<span>{GOLD['authors'][0]['position']}</span></div>"
        f'<div class="announce">{paragraphs(GOLD["summary_paragraphs"])}</div>'
        f'<div class="detail">{paragraphs(GOLD["body_paragraphs"])}</div>'
        "<div><span>(votes: 6, rating: 4.5)</span><br><span>&nbsp;(6 votes)</span></div>"
        f"<form><b>Poll conducted</b><ol><li>{GOLD['polls'][0]['question']}<br>{options}</li></ol></form>"
        '<div class="footer"><a href="/b/">For business</a> <a href="/s/">For students</a></div>'
        "</body></html>"
    )
    result = extract_article(GOLD["url"], page.encode())
    assert isinstance(result, ArticleItem), result
    assert list(result.summary_paragraphs) == SUMMARY and list(result.body_paragraphs) == BODY
    assert result.to_json()["polls"] == GOLD["polls"] and result.to_json()["authors"] == GOLD["authors"]
    assert result.rating is not None and (result.rating.votes, result.rating.average) == (6, 4.5)


def test_author_block_before_the_rating_widget() -> None:
    moved = TEXT.replace(
        "Rate this article\n(votes: 6, rating: 4.5)\n\u00a0(6 votes)\nShare this article\n", "", 1
    ).replace(
        "Director General of the Russian International Affairs Council, RIAC member\n",
        "Director General of the Russian International Affairs Council, RIAC member\n"
        "Rate this article\n(votes: 6, rating: 4.5)\n\u00a0(6 votes)\nShare this article\n",
        1,
    )
    assert moved != TEXT
    record = extract(moved)
    assert list(record.summary_paragraphs) == SUMMARY and list(record.body_paragraphs) == BODY
    assert record.authors[0].name == "Andrey Kortunov"


def test_no_poll_no_rating_below_and_trailing_links() -> None:
    body_end = TEXT.index("(votes: 6, rating: 4.5)\n\u00a0(6 votes)\n\nPoll conducted")
    text = TEXT[:body_end]
    html = p_per_line(text).replace("</body>", '<p><a href="/en/x/">Another article</a></p></body>')
    result = extract_article(GOLD["url"], html.encode())
    assert isinstance(result, ArticleItem)
    assert list(result.body_paragraphs) == BODY


def test_name_and_position_without_a_blank_line_in_one_element() -> None:
    text = TEXT.replace("Andrey Kortunov\n\nDirector General", "Andrey Kortunov\nDirector General", 1)
    assert text != TEXT
    from .markups import p_per_chunk  # type: ignore[import-not-found]

    result = extract_article(GOLD["url"], p_per_chunk(text).encode())
    assert isinstance(result, ArticleItem)
    assert result.to_json()["authors"] == GOLD["authors"]
    assert list(result.summary_paragraphs) == SUMMARY and list(result.body_paragraphs) == BODY


def test_hard_wrapped_source_paragraphs_stay_whole() -> None:
    wrapped = "\n".join("<p>" + "\n".join(textwrap.wrap(p, 72)) + "</p>" for p in SUMMARY + BODY)
    html = f"<html><body><div>Rate this article</div><div>(no votes)</div>{wrapped}</body></html>"
    result = extract_article(GOLD["url"], html.encode())
    assert isinstance(result, ArticleItem)
    assert list(result.summary_paragraphs) == SUMMARY and list(result.body_paragraphs) == BODY


def test_two_source_lines_are_joined_only_when_they_read_as_one_wrapped_sentence() -> None:
    from crawler.pages.lines import page_lines
    from crawler.pages.parse import parse_html

    def lines(inner: str) -> list[str]:
        return [line.text for line in page_lines(parse_html(f"<html><body><p>{inner}</p></body></html>"))]

    wrapped = "Second, Putin should be very cautious in trying to drive a wedge between\nDonald Trump."
    assert lines(wrapped) == [wrapped.replace("\n", " ")]
    position = "Director General of the Russian International Affairs Council, RIAC member"
    assert lines(f"{position}\n{BODY[0]}") == [position, BODY[0]]  # a long next line is not a wrap
    assert lines("The Art of Expectation Management in Helsinki and in Moscow\nA summit.") == [
        "The Art of Expectation Management in Helsinki and in Moscow",
        "A summit.",
    ]


def test_widget_words_in_the_site_chrome_before_the_article() -> None:
    text = "Share\nHome / Analytics / Analytics and Comments\nThe Art of Expectation Management\n" + TEXT
    record = extract(text)
    assert list(record.summary_paragraphs) == SUMMARY and list(record.body_paragraphs) == BODY
    assert record.to_json()["authors"] == GOLD["authors"]


@pytest.mark.parametrize("markup", ["p-per-chunk", "one-p-raw"])
def test_rendering_lines_without_blank_lines_in_one_element(markup: str) -> None:
    from .markups import MARKUPS  # type: ignore[import-not-found]

    squeezed = re.sub(r"\n\s*\n", "\n", TEXT)  # no blank line anywhere
    result = extract_article(GOLD["url"], MARKUPS[markup](squeezed).encode())
    assert isinstance(result, ArticleItem)
    assert list(result.summary_paragraphs) == SUMMARY and list(result.body_paragraphs) == BODY
    assert result.to_json()["authors"] == GOLD["authors"] and result.to_json()["polls"] == GOLD["polls"]


def test_star_digits_inside_the_rating_widget() -> None:
    record = extract(TEXT.replace("Rate this article\n", "Rate this article\n1 2 3 4 5\n", 1))
    assert list(record.summary_paragraphs) == SUMMARY and list(record.body_paragraphs) == BODY
    assert record.rating is not None and record.rating.votes == 6
