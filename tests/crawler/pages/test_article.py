"""ArticlePage on hand-made pages: markup evidence for abstracts, labels, non-articles, metadata."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from crawler.items import ArticleItem, Outcome, PageFailure
from crawler.pages.article import ArticlePage, extract_article

URL = "https://russiancouncil.ru/en/news/helsinki-summit/"
B = [
    "The summit opened in Helsinki on Monday. Both delegations arrived late. Nobody expected much.",
    "Sanctions remain the main obstacle. Washington refuses to discuss them at any level.",
    "Arms control is the one area of common interest. The New Start treaty expires soon.",
]
ABSTRACT = "This article looks at what each side can expect from the meeting in Helsinki."
WIDGETS = "<div>Print</div><div>Rate this article</div><div>(no votes)</div><div>\u00a0(0 votes)</div>"


def page(main: str, head: str = "") -> bytes:
    return f"<html><head>{head}</head><body>{main}</body></html>".encode()


def paragraphs(items: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in items)


def article(body: bytes, url: str = URL) -> ArticleItem:
    result = extract_article(url, body)
    assert isinstance(result, ArticleItem), result
    return result


@pytest.mark.parametrize(
    "lead",
    [
        f"<div class='announce'><p>{ABSTRACT}</p></div><div class='text'>{paragraphs(B)}</div>",
        f"<p><em>{ABSTRACT}</em></p>{paragraphs(B)}",
        f"<p class='lead'>{ABSTRACT}</p>{paragraphs(B)}",
    ],
)
def test_an_abstract_set_apart_by_markup_is_the_summary(lead: str) -> None:
    record = article(page(WIDGETS + lead))
    assert record.summary_paragraphs == (ABSTRACT,)
    assert record.body_paragraphs == tuple(B)


def test_without_evidence_of_an_abstract_the_page_has_no_short_version() -> None:
    # nothing repeats, labels or sets the first paragraph apart: a teaser-less article, body whole
    record = article(page(WIDGETS + paragraphs([ABSTRACT, *B])))
    assert (record.summary_paragraphs, record.body_paragraphs) == ((), (ABSTRACT, *B))
    post = article(page(WIDGETS + paragraphs(B[:2])))  # a two-paragraph blog post keeps both
    assert (post.summary_paragraphs, post.body_paragraphs) == ((), tuple(B[:2]))


@pytest.mark.parametrize("toggle", ["<p>Read more</p>", "<a href='#full'>Читать полностью</a>", "<details>"])
def test_a_read_more_toggle_is_dropped_and_marks_where_the_full_version_starts(toggle: str) -> None:
    second = "It asks what Moscow and Washington can still agree on, and what neither side can give up."
    closing = "</details>" if toggle == "<details>" else ""
    toggle = "<details><summary>Read more</summary>" if toggle == "<details>" else toggle
    record = article(page(WIDGETS + paragraphs([ABSTRACT, second]) + toggle + paragraphs(B) + closing))
    assert (record.summary_paragraphs, record.body_paragraphs) == ((ABSTRACT, second), tuple(B))
    repeated = article(page(WIDGETS + paragraphs(B[:2]) + toggle + paragraphs(B) + closing))
    assert (repeated.summary_paragraphs, repeated.body_paragraphs) == (tuple(B[:2]), tuple(B))


def test_amp_labels() -> None:
    main = (
        f"<h1>Summit</h1><h2>Short version</h2>{paragraphs([ABSTRACT])}<h2>Full version</h2>{paragraphs(B)}"
    )
    record = article(page(main), "https://russiancouncil.ru/en/amp/news/helsinki-summit/")
    assert (record.summary_paragraphs, record.body_paragraphs) == ((ABSTRACT,), tuple(B))
    assert record.url == URL and record.article_id == "en/news/helsinki-summit"


def test_russian_labels_and_widgets() -> None:
    main = (
        "<div>Распечатать Read in English</div><div>Оценить статью</div>"
        "<div>(Голосов: 4, Рейтинг: 4.25)</div><div>\u00a0(4 голоса)</div><div>Поделиться статьей</div>"
        "<div>Иван Тимофеев</div><div>Программный директор РСМД</div>"
        "<p>Краткая версия</p><p>Переговоры начались в 2018г. Итогов нет.</p>"
        "<p>Полная версия</p><p>Переговоры начались в 2018 г. Итогов нет.</p><p>Стороны разошлись.</p>"
        "<div>(Голосов: 4, Рейтинг: 4.25)</div><div>Бизнесу</div>"
    )
    record = article(page(main), "https://russiancouncil.ru/news/peregovory/")
    assert record.lang == "ru" and record.section == "news"
    assert record.summary_paragraphs == ("Переговоры начались в 2018г. Итогов нет.",)
    assert record.body_paragraphs == ("Переговоры начались в 2018 г. Итогов нет.", "Стороны разошлись.")
    assert record.rating is not None and (record.rating.votes, record.rating.average) == (4, 4.25)
    assert [(a.name, a.position) for a in record.authors] == [("Иван Тимофеев", "Программный директор РСМД")]


def test_metadata_from_the_head() -> None:
    head = (
        '<link rel="canonical" href="https://www.russiancouncil.ru/en/news/helsinki-summit">'
        '<meta property="og:title" content="The Helsinki Summit">'
        '<meta property="article:published_time" content="2018-07-13T10:00:00+03:00">'
        '<link rel="alternate" hreflang="ru" href="/news/sammit-v-khelsinki/">'
    )
    body = page(WIDGETS + "<div>Region: Russia, Europe</div><div>Type: News</div>" + paragraphs(B), head)
    fetched = datetime(2025, 3, 3, tzinfo=UTC)
    record = ArticlePage(
        URL + "?sphrase_id=3", body, fetched_at=fetched, listing_date=date(2000, 1, 1)
    ).to_item()
    assert record.title == "The Helsinki Summit"
    assert (record.published, record.published_raw) == (date(2018, 7, 13), "2018-07-13T10:00:00+03:00")
    assert (record.region, record.type) == (("Russia", "Europe"), "News")
    assert record.translation_url == "https://russiancouncil.ru/news/sammit-v-khelsinki/"
    assert record.fetched_at == fetched and record.url == URL


def test_published_falls_back_to_the_listing_date_never_the_crawl_date() -> None:
    body = page(WIDGETS + paragraphs(B))
    now = datetime(2025, 3, 3, tzinfo=UTC)
    assert ArticlePage(URL, body, fetched_at=now).to_item().published is None
    assert ArticlePage(URL, body, fetched_at=now, listing_date=date(2015, 10, 2)).to_item().published == date(
        2015, 10, 2
    )


@pytest.mark.parametrize(
    ("url", "body", "error_type"),
    [
        (URL, b"", "empty-body"),
        (URL, b"   \n", "empty-body"),
        ("https://russiancouncil.ru/en/news/", page(paragraphs(B)), "not-article-url"),
        ("https://russiancouncil.ru/en/andrey-kortunov/", page(paragraphs(B)), "not-article-url"),
        ("https://russiancouncil.ru/en/search/?tags=Turkey", page(paragraphs(B)), "not-article-url"),
        (URL, page("<h1>404 Not Found</h1><p>The page you requested was not found.</p>"), "not-found"),
        (URL, page("<h1>Access denied</h1><p>Please solve the captcha.</p>"), "blocked"),
        (URL, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "no-article-text"),
        (
            URL,
            page(
                WIDGETS + "<div>Poll conducted</div><div>1. Q?</div><div>A</div><div>1 (50%)</div>"
                "<div>B</div><div>1 (50%)</div>"
            ),
            "no-article-text",
        ),
    ],
)
def test_pages_that_are_not_articles(url: str, body: bytes, error_type: str) -> None:
    result = extract_article(url, body)
    assert isinstance(result, PageFailure)
    assert (result.outcome, result.error_type) == (Outcome.NOT_ARTICLE, error_type)
    assert result.reason and "\n" not in result.reason


def test_failures_are_returned_not_raised() -> None:
    result = extract_article(URL, b"<html>", headers={"Content-Type": 42})  # type: ignore[dict-item]
    assert isinstance(result, PageFailure | ArticleItem)


def test_url_from_a_mirror_host_is_the_site_url() -> None:
    body = page(WIDGETS + paragraphs(B))
    assert article(body, "http://127.0.0.1:8080/en/news/helsinki-summit/?sphrase_id=1").url == URL
    with_canonical = page(WIDGETS + paragraphs(B), f'<link rel="canonical" href="{URL}">')
    assert article(with_canonical, "http://127.0.0.1:8080/some/other/path").url == URL
    listing = extract_article("http://127.0.0.1:8080/en/news/?PAGEN_1=2", body)
    assert isinstance(listing, PageFailure) and listing.error_type == "not-article-url"


def test_a_page_wide_wrapper_that_looks_like_chrome_is_still_read() -> None:
    wrapped = page(f'<div class="page-with-sidebar"><article>{paragraphs([B[0], *B])}</article></div>')
    record = article(wrapped)
    assert record.summary_paragraphs == (B[0],) and record.body_paragraphs == tuple(B)
    assert record.stats["fallback"] == 0


def test_trafilatura_fallback_reads_a_page_the_line_reading_cannot() -> None:
    from crawler.pages.article import _trafilatura_separation
    from crawler.pages.parse import parse_html
    from crawler.pages.teaser import Separation

    teaser = "Sanctions remain the main obstacle."  # the first sentence of a later paragraph
    tree = parse_html(f"<html><body><article>{paragraphs([teaser, *B])}</article></body></html>")
    found = _trafilatura_separation(tree, Separation((), (), "none"))
    assert (found.summary, found.body, found.method) == ((teaser,), tuple(B), "text")


def test_a_fallback_page_runs_trafilatura_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    real, calls = trafilatura.extract, []

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)  # the real extraction still runs

    monkeypatch.setattr(trafilatura, "extract", counting)
    short = page("<article><p>Sanctions remain the main obstacle to an agreement this year.</p></article>")
    result = extract_article(URL, short)
    assert isinstance(result, PageFailure) and result.error_type == "no-article-text"
    assert len(calls) == 1
