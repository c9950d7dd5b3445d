"""Related-article boxes ("See also" ... "По теме") never reach summary or body, wherever they sit."""

from __future__ import annotations

import pytest

from crawler.items import ArticleItem
from crawler.pages.article import extract_article

URL = "https://russiancouncil.ru/en/analytics-and-comments/analytics/arctic-routes/"
FULL = [
    "The Northern Sea Route carried record cargo last year, most of it liquefied gas for Asia.",
    "Insurers still price the route as a risk, and few container lines are ready to commit to it.",
    "The next decade will show whether the route becomes a corridor or remains a seasonal shortcut.",
]
WIDGETS = "<p>Print</p><p>Rate this article</p><p>(votes: 2, rating: 5)</p><p>Share this article</p>"
LINKED = "<div><h4>{}</h4><a href='/a/'>Who Owns the Arctic Shelf?</a><br><a href='/b/'>Cold Routes</a></div>"
PLAIN = "{}\nWho Owns the Arctic Shelf?\nArctic Council at a Crossroads\nCold Routes, Hot Politics"


def read(html: str) -> ArticleItem:
    item = extract_article(URL, f"<html><body>{html}</body></html>".encode())
    assert isinstance(item, ArticleItem), item
    return item


@pytest.mark.parametrize(
    "heading", ["See also", "Read also:", "Related", "См. также", "Читайте также", "По теме"]
)
@pytest.mark.parametrize("where", [0, 1, 2, 3, 4])  # before, between, inside (twice), after
def test_a_linked_box_is_skipped_wherever_it_sits(heading: str, where: int) -> None:
    blocks = [f"<p>{FULL[0]}</p>", *(f"<p>{p}</p>" for p in FULL)]
    blocks.insert(where, LINKED.format(heading))
    item = read(WIDGETS + "".join(blocks) + "<p>(votes: 2, rating: 5)</p>")
    assert (item.summary_paragraphs, item.body_paragraphs) == ((FULL[0],), tuple(FULL))


@pytest.mark.parametrize("where", [1, 3])
def test_a_box_in_a_body_only_text_rendering_is_skipped(where: int) -> None:
    lines = [FULL[0], *FULL]
    lines.insert(where, PLAIN.format("See also"))
    item = extract_article(URL, "\n\n".join(lines).encode())
    assert isinstance(item, ArticleItem), item
    assert (item.summary_paragraphs, item.body_paragraphs) == ((FULL[0],), tuple(FULL))


def test_a_one_line_box_with_its_titles_as_links() -> None:
    inline = (
        "<div><b>Read also:</b> <a href='/a/'>Ports of the North</a>, <a href='/b/'>Icebreakers</a></div>"
    )
    item = read(WIDGETS + f"<p>{FULL[0]}</p><p>{FULL[0]}</p>{inline}<p>{FULL[1]}</p><p>{FULL[2]}</p>")
    assert item.body_paragraphs == tuple(FULL)


def test_a_sentence_opening_with_see_also_stays() -> None:
    text = "See also the report of the commission, which reached the same conclusion two years ago."
    item = read(WIDGETS + "".join(f"<p>{p}</p>" for p in [FULL[0], FULL[0], text, *FULL[1:]]))
    assert item.body_paragraphs == (FULL[0], text, *FULL[1:])
