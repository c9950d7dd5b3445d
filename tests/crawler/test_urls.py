from __future__ import annotations

import pytest

from crawler.urls import article_id, article_url, canonicalize, is_site_host, language_of, section_of

CANONICAL = "https://russiancouncil.ru/en/analytics-and-comments/analytics/the-art-of-expectation-management/"


@pytest.mark.parametrize(
    "alias",
    [
        "http://russiancouncil.ru/en/analytics-and-comments/analytics/the-art-of-expectation-management/",
        "https://www.russiancouncil.ru/en/analytics-and-comments/analytics/the-art-of-expectation-management/",
        "https://beta.russiancouncil.ru/en/analytics-and-comments/analytics/the-art-of-expectation-management",
        "https://russiancouncil.ru./en/analytics-and-comments/analytics/the-art-of-expectation-management/",
        "https://russiancouncil.ru/en/analytics-and-comments/analytics/the-art-of-expectation-management/?sphrase_id=123",
        "HTTPS://WWW.RussianCouncil.ru/en/analytics-and-comments/analytics/the-art-of-expectation-management/#x",
    ],
)
def test_every_alias_names_one_page(alias: str) -> None:
    assert canonicalize(alias) == CANONICAL


def test_other_query_parameters_are_kept() -> None:
    url = "http://www.russiancouncil.ru/en/search/?tags=Turkey%2CChina&sphrase_id=9&PAGEN_1=2"
    assert canonicalize(url) == "https://russiancouncil.ru/en/search/?tags=Turkey%2CChina&PAGEN_1=2"


def test_canonicalize_is_idempotent() -> None:
    url = "http://beta.russiancouncil.ru./en/news/obshchee-sobranie-chlenov-rsmd?sphrase_id=1"
    assert canonicalize(canonicalize(url)) == canonicalize(url)


def test_equivalent_percent_encodings_compare_equal() -> None:
    assert canonicalize("https://russiancouncil.ru/en/news/a%2dslug/") == canonicalize(
        "https://russiancouncil.ru/en/news/a-slug/"
    )


def test_amp_copy_folds_onto_the_article() -> None:
    assert (
        article_url("https://russiancouncil.ru/en/amp/news/foo/") == "https://russiancouncil.ru/en/news/foo/"
    )
    assert article_id("https://www.russiancouncil.ru/en/amp/news/foo/?sphrase_id=3") == "en/news/foo"


def test_other_hosts_are_not_site_hosts() -> None:
    assert is_site_host("beta.russiancouncil.ru.")
    assert not is_site_host("russiancouncil.ru.evil.example")
    assert not is_site_host("example.org")


def test_language_and_section() -> None:
    assert language_of(CANONICAL) == "en"
    assert language_of("https://russiancouncil.ru/analytics-and-comments/comments/slug/") == "ru"
    assert section_of(CANONICAL) == "analytics"
    assert section_of("https://russiancouncil.ru/en/blogs/someblog/a-post/") == "blogs"
    assert section_of("https://russiancouncil.ru/en/blogs/someblog/") is None
    assert section_of("https://russiancouncil.ru/en/amp/news/x/") == "news"
    assert section_of("https://russiancouncil.ru/en/andrey-kortunov/") is None


def test_query_encodings_compare_equal() -> None:
    expected = "https://russiancouncil.ru/en/search/?tags=Turkey%2CChina"
    assert canonicalize("https://russiancouncil.ru/en/search/?tags=Turkey,China") == expected
    assert canonicalize("https://russiancouncil.ru/en/search/?tags=Turkey%2cChina&sphrase_id=1") == expected
