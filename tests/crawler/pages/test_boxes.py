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


@pytest.mark.parametrize("where", [0, 1, 2, 4])
def test_a_sign_up_box_with_a_form_control_never_reaches_the_text(where: int) -> None:
    sign_up = (
        "<div><div>Subscribe to our newsletter</div>"
        "<div>The week's analysis in your inbox every Friday.</div>"
        "<form><input type='email'><button>Subscribe</button></form></div>"
    )
    blocks = [f"<p>{FULL[0]}</p>", *(f"<p>{p}</p>" for p in FULL)]
    blocks.insert(where, sign_up)
    item = read(WIDGETS + "".join(blocks) + "<p>(votes: 2, rating: 5)</p>")
    assert (item.summary_paragraphs, item.body_paragraphs) == ((FULL[0],), tuple(FULL))


def test_promo_and_download_links_inside_a_body_only_page_do_not_cut_it() -> None:
    promo = "<div><a href='/forum/'>Forum 2024: registration is open</a></div>"
    promo += "<div><a href='/f/'>Learn more</a></div>"
    download = "<div><a href='/r.pdf'>Download the report (PDF)</a></div>"
    menu = "".join(f"<li><a href='/{i}/'>Section {i}</a></li>" for i in range(5))
    html = f"<ul>{menu}</ul><p>{FULL[0]}</p>{promo}<p>{FULL[0]}</p><p>{FULL[1]}</p>{download}<p>{FULL[2]}</p>"
    item = read(html)
    assert (item.summary_paragraphs, item.body_paragraphs) == ((FULL[0],), tuple(FULL))


def test_an_abstract_in_a_box_of_its_own_beside_the_text_box_is_the_summary() -> None:
    abstract = "This comment asks whether the route can ever compete with the Suez Canal."
    wrappers = ("<div class='a1'><div>{}</div></div>", "{}", "<section class='b2'>{}</section>")
    nested = "".join(wrappers[i].format(f"<p>{p}</p>") for i, p in enumerate(FULL))
    html = f"<div><section><section><div><p>{abstract}</p></div></section></section><div>{nested}</div></div>"
    item = read(WIDGETS + html)
    assert (item.summary_paragraphs, item.body_paragraphs) == ((abstract,), tuple(FULL))
    flat = read(WIDGETS + f"<div><p>{abstract}</p>{nested}</div>")  # no box of its own: no evidence
    assert (flat.summary_paragraphs, flat.body_paragraphs) == ((), (abstract, *FULL))


def test_box_titles_with_their_dates_inline_or_on_lines_of_their_own() -> None:
    first, second = "<a href='/a/'>Who Owns the Arctic Shelf?</a>", "<a href='/b/'>Cold Routes</a>"
    inline = f"<li>{first} 12.03.2024</li><li>{second} 01.02.2024</li>"
    own_line = f"<div>{first}</div><div>12 March 2024</div><div>{second}</div>"
    for titles in (f"<ul>{inline}</ul>", own_line):
        box = f"<div><b>По теме</b>{titles}</div>"
        item = read(WIDGETS + f"<p>{FULL[0]}</p>{box}" + "".join(f"<p>{p}</p>" for p in FULL))
        assert (item.summary_paragraphs, item.body_paragraphs) == ((FULL[0],), tuple(FULL))


def test_a_wrapper_around_the_first_paragraph_inside_the_text_box_is_no_abstract() -> None:
    # random nesting inside one text container: the first paragraph wrapped, the others not
    rest = "".join(f"<p>{p}</p>" for p in FULL[1:])
    wrapped = f"<div><div class='w'><div><p>{FULL[0]}</p></div></div>{rest}</div>"
    item = read(WIDGETS + wrapped)
    assert (item.summary_paragraphs, item.body_paragraphs) == ((), tuple(FULL))
    # the last paragraph wrapped: the leading ones are not a short version either
    tail = (
        f"<div>{''.join(f'<p>{p}</p>' for p in FULL[:2])}<section><div><p>{FULL[2]}</p></div></section></div>"
    )
    item = read(WIDGETS + tail)
    assert (item.summary_paragraphs, item.body_paragraphs) == ((), tuple(FULL))


def test_breadcrumbs_and_tag_links_inside_the_article_are_no_paragraphs() -> None:
    crumbs = "<div><a href='/'>Home</a> / <a href='/a/'>Analytics</a> / <a href='/c/'>Comments</a></div>"
    tags = "<div><a href='/t1'>Russia</a>, <a href='/t2'>USA</a>, <a href='/t3'>Arctic</a></div>"
    paragraphs = "".join(f"<p>{p}</p>" for p in [FULL[0], *FULL])
    item = read(f"<article>{crumbs}{WIDGETS}{paragraphs}{tags}</article>")
    assert (item.summary_paragraphs, item.body_paragraphs) == ((FULL[0],), tuple(FULL))
    linked = "The report is <a href='/r/'>available on the council's site</a> in full."
    kept = read(WIDGETS + f"<p>{FULL[0]}</p><p>{FULL[0]}</p><p>{linked}</p>")
    assert kept.body_paragraphs[-1] == "The report is available on the council's site in full."


@pytest.mark.parametrize("hide", ["hidden", "style='display: none'", "aria-hidden='true'"])
def test_a_hidden_short_version_after_the_full_one_is_read_aside(hide: str) -> None:
    full = "".join(f"<p>{p}</p>" for p in FULL)
    item = read(WIDGETS + f"<div>{full}</div><div {hide}><p>{FULL[0]}</p></div>")
    assert (item.summary_paragraphs, item.body_paragraphs) == ((FULL[0],), tuple(FULL))


def test_a_hidden_copy_of_the_text_adds_no_paragraph() -> None:
    full = "".join(f"<p>{p}</p>" for p in FULL)
    item = read(WIDGETS + f"<p>{FULL[0]}</p><div>{full}</div><div hidden class='print'>{full}</div>")
    assert (item.summary_paragraphs, item.body_paragraphs) == ((FULL[0],), tuple(FULL))
    rest = "".join(f"<p>{p}</p>" for p in FULL[1:])  # a hidden continuation stays in page order
    more = read(WIDGETS + f"<p>{FULL[0]}</p><p>{FULL[0]}</p><div hidden>{rest}</div>")
    assert (more.summary_paragraphs, more.body_paragraphs) == ((FULL[0],), tuple(FULL))


def test_a_short_menu_next_to_a_body_only_text_still_ends_it() -> None:
    header = "<div>Russian International Affairs Council</div><div><a href='/'>Home</a></div>"
    item = read(header + "".join(f"<p>{p}</p>" for p in [FULL[0], *FULL]))
    assert (item.summary_paragraphs, item.body_paragraphs) == ((FULL[0],), tuple(FULL))


def test_a_short_item_beside_a_button_is_kept() -> None:
    short = "The council met on Tuesday and approved next year's research plan."
    item = read(WIDGETS + f"<div><p>{short}</p><p>{short}</p><button>Share</button></div>")
    assert (item.summary_paragraphs, item.body_paragraphs) == ((short,), (short,))
