"""The rules added for the second blind test's misses, in small pages of their own (EN and RU), and the
text they must leave alone. The tester's pages themselves are golden fixtures (``heldout2-*``)."""

from __future__ import annotations

import pytest

from crawler.items import ArticleItem, Author
from crawler.pages.article import extract_article
from crawler.pages.lines import page_lines
from crawler.pages.parse import parse_html
from crawler.pages.widgets import Kind, is_reading_time, is_signup_text, widget_kinds

URL = "https://russiancouncil.ru/en/analytics-and-comments/analytics/arctic-routes/"
TITLE = "Arctic Routes: A New Balance"
FULL = [
    "The Northern Sea Route carried record cargo last year, most of it liquefied gas for Asia.",
    "Insurers still price the route as a risk, and few container lines are ready to commit to it.",
    "The next decade will show whether the route becomes a corridor or remains a seasonal shortcut.",
]
RATING = "<p>Rate this article</p><p>(votes: 2, rating: 5)</p>"
AUTHOR = Author("Ivan Timofeev", "RIAC Program Director")


def read(html: str) -> ArticleItem:
    page = f"<html><head><title>{TITLE}</title></head><body><h1>{TITLE}</h1>{html}</body></html>"
    item = extract_article(URL, page.encode())
    assert isinstance(item, ArticleItem), item
    return item


def text(paragraphs: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def test_a_name_link_glued_to_a_position_span_is_two_lines_a_row_of_links_one() -> None:
    html = (
        "<div><a href='/a'>Ivan Timofeev</a><span>RIAC Program Director</span></div>"
        "<div><a href='/1'>Home</a><a href='/2'>Events</a></div>"
        "<p><a href='/x'>Linked</a><span>words</span> in a paragraph</p>"
    )
    texts = [line.text for line in page_lines(parse_html(html))]
    assert texts == ["Ivan Timofeev", "RIAC Program Director", "Home Events", "Linkedwords in a paragraph"]


@pytest.mark.parametrize(
    "block",
    [
        f"<div><div>{AUTHOR.name}</div><div>{AUTHOR.position}</div></div><div>Print</div>{RATING}",
        f"<p>Authors</p><div>{AUTHOR.name}</div><div>{AUTHOR.position}</div>{RATING}",
        f"<div class='card'><a href='/a'>{AUTHOR.name}</a><span>{AUTHOR.position}</span></div><p>Print</p>",
    ],
)
def test_an_author_block_above_the_widgets_is_read_and_left_out(block: str) -> None:
    item = read(block + text([FULL[0], *FULL]) + RATING)
    assert item.authors == (AUTHOR,)
    assert (item.summary_paragraphs, item.body_paragraphs) == ((FULL[0],), tuple(FULL))


def test_a_name_and_a_sentence_above_the_text_are_no_author_block() -> None:
    lead = "Ivan Timofeev"  # a name line, then the article's own paragraph: no position, no block
    item = read(f"<div>{lead}</div>" + text(FULL))
    assert item.authors == ()


def test_an_excerpt_above_the_widgets_is_the_short_version_when_the_text_repeats_it() -> None:
    item = read(f"<div class='excerpt'><p>{FULL[0]}</p></div><p>Print</p>" + text(FULL) + RATING)
    assert (item.summary_paragraphs, item.body_paragraphs) == ((FULL[0],), tuple(FULL))


def test_a_paragraph_above_the_widgets_that_the_text_does_not_repeat_is_not_moved() -> None:
    other = "A paragraph of the site's chrome that never comes back in the article text below it."
    item = read(f"<p>{other}</p><p>Print</p>" + text(FULL) + RATING)
    assert item.summary_paragraphs == ()
    assert item.body_paragraphs == tuple(FULL)


@pytest.mark.parametrize(("label", "lang"), [("Abstract", "en"), ("Аннотация", "ru")])
def test_an_abstract_label_makes_the_lines_above_it_heading_matter(label: str, lang: str) -> None:
    html = (
        f"<div>Working Papers</div><ul><li><span>{AUTHOR.name}</span><div>{AUTHOR.position}</div></li></ul>"
        f"<h2>{label}</h2><p>{FULL[0]}</p><div class='body'>{text(FULL[1:])}</div>"
    )
    item = read(html)
    assert item.authors == (AUTHOR,)
    assert (item.summary_paragraphs, item.body_paragraphs) == ((FULL[0],), tuple(FULL[1:]))


def test_tab_labels_are_short_and_full_version_labels() -> None:
    assert widget_kinds("Summary") == {Kind.SHORT_LABEL}
    assert widget_kinds("Кратко") == {Kind.SHORT_LABEL}
    assert widget_kinds("Full text") == {Kind.FULL_LABEL}
    assert widget_kinds("Полностью") == {Kind.FULL_LABEL}
    assert widget_kinds("Summary of the talks in Geneva") is None


@pytest.mark.parametrize("note", ["5 min read", "· 12 minutes read", "3 мин чтения", "1 минута чтения"])
def test_reading_time_notes(note: str) -> None:
    assert is_reading_time(note)


@pytest.mark.parametrize("sentence", ["It took 5 min to read the treaty.", "Read 3 min of it", "5 min"])
def test_sentences_with_minutes_are_no_reading_time(sentence: str) -> None:
    assert not is_reading_time(sentence)


@pytest.mark.parametrize(
    "line",
    [
        "You received this email because you subscribed to russiancouncil.ru. Unsubscribe",
        "Вы получили это письмо, потому что подписались на russiancouncil.ru. Отписаться",
        "Weekly digest",
        "Еженедельный дайджест РСМД",
    ],
)
def test_an_emails_unsubscribe_line_and_digest_name_are_sign_up_text(line: str) -> None:
    assert is_signup_text(line)


def test_a_sentence_about_a_digest_is_no_sign_up_text() -> None:
    assert not is_signup_text("The ministry's digest of sanctions cases was published on Monday.")


def test_a_sign_up_box_without_a_field_goes_whole_and_a_caption_block_too() -> None:
    box = (
        "<div><div>Subscribe to the RIAC newsletter</div><div>Weekly analysis, straight to your inbox.</div>"
        "<div role='button'>Subscribe</div></div>"
    )
    caption = "<div><img src='a.jpg'>Delegations at the talks in Helsinki<br>Photo: Reuters</div>"
    item = read("<p>Print</p>" + text([FULL[0], FULL[0]]) + box + caption + text(FULL[1:]) + RATING)
    assert (item.summary_paragraphs, item.body_paragraphs) == ((FULL[0],), tuple(FULL))
