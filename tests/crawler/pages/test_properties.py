"""Property tests: no input makes extraction raise or hang; the normalisers are idempotent."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.items import ArticleItem, PageFailure
from crawler.pages.article import extract_article
from crawler.pages.dates import normalise_date_text, parse_date
from crawler.pages.listing import ListingPage
from crawler.pages.normalise import collapse_ws, match_key, parse_count, word_keys
from crawler.pages.teaser import separate

URL = "https://russiancouncil.ru/en/news/some-news/"
PER_PAGE = settings(deadline=1000, max_examples=150)  # a second per page at most

TAGS = st.sampled_from(["p", "div", "br", "pre", "span", "a", "li", "ol", "table", "td", "h1", "script", "b"])
WORDS = st.sampled_from(
    [
        "Print", "Rate this article", "(votes: 3, rating: 4.33)", "\u00a0(3 votes)", "Share this article",
        "Poll conducted", "1. Question?", "Yes", "2 (50%)", "For business", "Short version", "Full version",
        "Региональная политика.", "Оценить статью", "The summit opened in Helsinki.", "<", "&nbsp;", "\n",
        "Andrey Kortunov", "RIAC Member", "It is evident that Putin yearns for a meeting.",
    ]
)  # fmt: skip


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        tag = draw(TAGS)
        text = draw(st.one_of(WORDS, st.text(max_size=40)))
        closed = draw(st.booleans())
        parts.append(f"<{tag}>{text}" + (f"</{tag}>" if closed else ""))
    return "<html><body>" + "".join(parts) + "</body></html>"


def _check(result: ArticleItem | PageFailure) -> None:
    assert isinstance(result, ArticleItem | PageFailure)
    if isinstance(result, ArticleItem):
        assert result.body_paragraphs, "an article record never has an empty body"


@PER_PAGE
@given(st.binary(max_size=4000))
def test_random_bytes_never_raise(body: bytes) -> None:
    _check(extract_article(URL, body))


@PER_PAGE
@given(html_pages(), st.sampled_from(["utf-8", "cp1251", "utf-16"]))
def test_arbitrary_html_never_raises(page: str, encoding: str) -> None:
    _check(
        extract_article(
            URL, page.encode(encoding, errors="replace"), {"Content-Type": f"text/html; charset={encoding}"}
        )
    )


@PER_PAGE
@given(html_pages())
def test_listing_pages_never_raise(page: str) -> None:
    listing = ListingPage("https://russiancouncil.ru/en/news/", page.encode())
    assert isinstance(listing.links(), list)
    listing.next_page_url()


def test_deep_nesting_is_a_failure_not_an_exception() -> None:
    _check(extract_article(URL, b"<div>" * 50000 + b"text" + b"</div>" * 50000))


@given(st.text())
def test_white_space_and_match_keys_are_idempotent(text: str) -> None:
    assert collapse_ws(collapse_ws(text)) == collapse_ws(text)
    assert match_key(match_key(text)) == match_key(text)
    assert "".join(word_keys(text)) == match_key(text)


@given(st.text())
def test_date_text_normaliser_is_idempotent(text: str) -> None:
    once = normalise_date_text(text)
    assert normalise_date_text(once) == once
    assert parse_date(once) == parse_date(text)


EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
      "November", "December"]  # fmt: skip
RU = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
      "ноября", "декабря"]  # fmt: skip


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_every_listing_date_format_parses_back(day: date) -> None:
    month = EN[day.month - 1]
    for text in (
        f"{day.day:02d} {month.lower()} {day.year}",
        f"{month} {day.day}, {day.year}",
        f"{day.day} {month} {day.year}",
        f"{day.day} {RU[day.month - 1]} {day.year}",
        day.isoformat(),
    ):
        assert parse_date(text) == day
        assert parse_date(normalise_date_text(text)) == day
    assert parse_date(f"{day.day} {month} {day.year}") != day + timedelta(days=1)


@given(st.integers(0, 10**7))
def test_vote_counts_parse_back(n: int) -> None:
    assert parse_count(f"\u00a0({n} votes)") == n
    assert parse_count(str(parse_count(f"({n} голосов)"))) == n


@given(st.lists(st.text(alphabet="abc .", max_size=30), max_size=8))
def test_separation_keeps_every_body_paragraph_once_in_order(paragraphs: list[str]) -> None:
    result = separate(paragraphs)
    kept = [collapse_ws(p) for p in paragraphs if collapse_ws(p)]
    assert list(result.summary) + list(result.body) in (kept, _split_variants(kept, result))


def _split_variants(kept: list[str], result: object) -> list[str]:
    # a glued paragraph may have been split in two: the joined halves are the original
    out = list(result.summary) + list(result.body)  # type: ignore[attr-defined]
    return out if " ".join(out) == " ".join(kept) else [*kept, "<mismatch>"]


@settings(deadline=1000, max_examples=25)
@given(
    st.integers(1, 3000),
    st.sampled_from(
        [
            "<p>The summit opened in Helsinki. Both sides arrived late.</p>",
            "<p>Share this article</p><p>Some text here.</p>",
            "<p>Yes</p><p>1 (50%)</p>",
            "<p>Print</p>",
            "<p>" + "The summit opened. Both arrived. " * 50 + "</p>",
        ]
    ),
)
def test_repetitive_pages_stay_fast(repeats: int, block: str) -> None:
    _check(extract_article(URL, f"<html><body>{block * repeats}</body></html>".encode()))
