"""The seed's parts (widgets, author, short and full version, poll, footer) in CMS-like markups that
no replica theme uses: a rating form with buttons, the author in a figure, the poll as a radio form
or a table, hidden and tabbed full versions, bold leads, legacy font tags, related links first.

Each page is built from the gold's parts, so every field must come out as the gold says.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

import pytest

from crawler.items import ArticleItem
from crawler.pages.article import extract_article
from crawler.pages.normalise import collapse_ws

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed"
GOLD: dict[str, Any] = json.loads((SEED / "the-art-of-expectation-management.gold.json").read_text())
SHORT: list[str] = GOLD["summary_paragraphs"]
FULL: list[str] = GOLD["body_paragraphs"]
(POLL,) = GOLD["polls"]
(AUTHOR,) = GOLD["authors"]


def paragraphs(items: list[str], tag: str = "p") -> str:
    return "".join(f"<{tag}>{escape(p)}</{tag}>" for p in items)


TITLE = "<h1>The Art of Expectation Management</h1>"
HEADER = (
    '<header><nav><a href="/en/">RIAC</a> <a href="/en/analytics/">Analytics</a> <a href="/en/search/">'
    'Search</a></nav></header><div class="crumbs"><a href="/en/">Main</a> / <a href="/en/a/">Analytics and '
    f"comments</a></div>{TITLE}"
)
PRINT = '<div class="tools"><a href="?print=Y">Print</a></div>'
RATING = (
    '<div class="rating"><span>Rate this article</span><form>'
    + "".join(f"<button>{n}</button>" for n in range(1, 6))
    + "</form><span>(votes: 6, rating: 4.5)</span><span>\u00a0(6 votes)</span></div>"
)
COUNTS = '<div class="rating-again"><span>(votes: 6, rating: 4.5)</span><span>\u00a0(6 votes)</span></div>'
SHARE = '<div class="share"><span>Share this article</span><a href="#">VK</a><a href="#">Telegram</a></div>'
AUTHOR_FIGURE = (
    f'<figure class="author"><img src="a.jpg" alt=""><figcaption><a href="/en/kortunov/">{AUTHOR["name"]}'
    f"</a><br><span>{escape(AUTHOR['position'])}</span></figcaption></figure>"
)
QUESTION = escape(POLL["question"])
POLL_FORM = (
    f'<aside class="poll"><h4>Poll conducted</h4><form><ol><li><strong>{QUESTION}</strong><ul>'
    + "".join(
        f'<li><label><input type="radio"> {escape(o["text"])}</label> '
        f"<span>{o['votes']} ({o['percent']}%)</span></li>"
        for o in POLL["options"]
    )
    + "</ul></li></ol></form></aside>"
)
POLL_TABLE = (
    f'<div class="vote"><p>Poll conducted</p><table><tr><th colspan="2">1. {QUESTION}</th></tr>'
    + "".join(
        f"<tr><td>{escape(o['text'])}</td><td>{o['votes']} ({o['percent']}%)</td></tr>"
        for o in POLL["options"]
    )
    + "</table></div>"
)
FOOTER = (
    '<footer><ul><li><a href="/en/b/">For business</a></li><li><a href="/en/r/">For researchers</a></li>'
    '<li><a href="/en/s/">For students</a></li></ul><p>© RIAC</p></footer>'
)
RELATED = (
    '<section class="related"><h3>Related articles</h3><ul>'
    '<li><a href="/en/x/">Russia and the US: what next after the Helsinki summit</a></li>'
    '<li><a href="/en/y/">Summit diplomacy in a multipolar world</a></li></ul></section>'
)
WIDGETS = PRINT + RATING + SHARE + AUTHOR_FIGURE
SHORT_P, FULL_P = paragraphs(SHORT), paragraphs(FULL)
NBSP_P = "<p>\u00a0</p>"


def spaced(items: list[str]) -> str:
    return NBSP_P.join(paragraphs([p]) for p in items)


MARKUPS = {
    "lead-and-detail-divs": f"{HEADER}<article>{WIDGETS}<div class='lead'>{SHORT_P}</div>"
    f"<div class='detail'>{FULL_P}</div>{COUNTS}</article>{POLL_FORM}{RELATED}{FOOTER}",
    "nbsp-paragraphs-between": f"{HEADER}<article>{WIDGETS}{spaced(SHORT)}{NBSP_P}{spaced(FULL)}{COUNTS}"
    f"</article>{POLL_TABLE}{FOOTER}",
    "bold-lead": f"{HEADER}<div id='content'>{WIDGETS}"
    + "".join(f"<p><b>{escape(p)}</b></p>" for p in SHORT)
    + f"{FULL_P}{COUNTS}{POLL_FORM}</div>{FOOTER}",
    "tab-labels": f"{HEADER}<main>{WIDGETS}<ul class='tabs'><li>Short version</li><li>Full version</li></ul>"
    f"<div class='tab'>{SHORT_P}</div><div class='tab'>{FULL_P}</div>{COUNTS}{POLL_FORM}{RELATED}</main>"
    + FOOTER,
    "hidden-full-tab": f"{HEADER}<main>{WIDGETS}<div class='tab1'>{SHORT_P}</div>"
    f"<div class='tab2' hidden style='display:none'>{FULL_P}</div>{COUNTS}</main>{POLL_TABLE}{FOOTER}",
    "read-more-toggle": f"{HEADER}<main>{WIDGETS}{SHORT_P}<details><summary>Read more</summary>"
    f"{FULL_P}</details>{COUNTS}</main>{POLL_FORM}{FOOTER}",
    "related-first": f"{HEADER}<main>{RELATED}{WIDGETS}{SHORT_P}{FULL_P}{COUNTS}</main>{POLL_TABLE}{FOOTER}",
    "section-per-paragraph": f"{HEADER}<article>{WIDGETS}"
    + "".join(f"<section><div><span>{escape(p)}</span></div></section>" for p in SHORT + FULL)
    + f"{COUNTS}</article>{POLL_FORM}{FOOTER}",
    "legacy-font-tags": f"<center>{WIDGETS}"
    + "".join(f"<font face='Arial' size='2'>{escape(p)}</font><br><br>" for p in SHORT + FULL)
    + f"{COUNTS}{POLL_TABLE}</center>{FOOTER}",
}
HEAD = "<html><head><title>The Art of Expectation Management</title></head>"


@pytest.mark.parametrize("markup", MARKUPS)
def test_the_seed_in_a_cms_markup_comes_out_as_its_gold(markup: str) -> None:
    page = f"{HEAD}<body>{MARKUPS[markup]}</body></html>"
    item = extract_article(GOLD["url"], page.encode("utf-8"))
    assert isinstance(item, ArticleItem), item
    record = item.to_json()
    assert list(item.summary_paragraphs) == [collapse_ws(p) for p in SHORT]
    assert list(item.body_paragraphs) == [collapse_ws(p) for p in FULL]
    assert record["authors"] == GOLD["authors"]
    assert record["rating"] == GOLD["rating"]
    assert record["polls"] == GOLD["polls"]
    assert record["title"] == "The Art of Expectation Management"
