"""The markup-robustness harness, fast subset: a few replica articles (EN and RU) and the seed through
every markup generator, extracted by the product and held to the harness's floors (word F1 ≥ 0.995, no
duplicated paragraphs, no leaked lines, authors/rating/polls/lang exact). The full run is
``benchmarks/extraction.py``."""

from __future__ import annotations

from functools import cache
from html import escape
from pathlib import Path

import pytest

from crawler.pages.article import extract_article
from crawler.replica.markups import (
    GENERATORS,
    ArticleText,
    MarkupPage,
    render,
    render_all,
    replica_articles,
    seed_article,
)
from crawler.replica.markups.parts import SEE_ALSO, contract_noise
from crawler.replica.markups.score import Extraction, Score
from crawler.replica.textview import text_lines

SEED = 11
ROOT = Path(__file__).resolve().parents[3]


@cache
def texts() -> list[ArticleText]:
    """The seed, two English and two Russian full pages with a short version, one without, and one
    body-only page of a small replica."""
    articles = replica_articles(articles=40, seed=5)
    full = [a for a in articles[1:] if a.widgets and a.summary]
    picked = [a for a in full if a.lang == "en"][:2] + [a for a in full if a.lang == "ru"][:2]
    picked += [a for a in articles if not a.summary][:1] + [a for a in articles if not a.widgets][:1]
    return [seed_article(), *picked]


def extract(page: MarkupPage) -> Extraction:
    return Extraction.of_item(extract_article(page.url, page.html, page.headers))


def test_the_subset_covers_english_russian_widgets_polls_teaserless_and_body_only() -> None:
    chosen = texts()
    assert {t.lang for t in chosen} == {"en", "ru"}
    assert any(t.polls for t in chosen) and any(not t.widgets for t in chosen)
    assert any(not t.summary for t in chosen)  # the replica's teaser-less articles
    assert len(GENERATORS) >= 8


@pytest.mark.parametrize("generator", GENERATORS)
def test_the_extractor_holds_the_floors_on_every_generator(generator: str) -> None:
    score = Score()
    for page in render_all(texts(), SEED, (generator,)):
        score.add(page, extract(page))
    assert score.misses() == [], score.examples


@pytest.mark.parametrize("generator", GENERATORS)
def test_every_line_of_a_page_is_its_title_a_truth_paragraph_or_noise(generator: str) -> None:
    """So every truth paragraph is there to find, and whatever else an extractor keeps is a leak."""
    for page in render_all(texts(), SEED, (generator,)):
        declared = page.headers["Content-Type"] + page.html[:300].decode("ascii", "replace")
        lines = text_lines(page.html, "windows-1251" if "1251" in declared else "utf-8")
        truth = {*page.summary, *page.body}
        assert truth <= set(lines), page.url
        assert not page.noise & {p.casefold() for p in truth}
        assert [line for line in lines if line not in truth | {page.title} and not page.leaks(line)] == []


def test_generators_are_deterministic_from_their_seed() -> None:
    text = texts()[1]
    for name, generator in GENERATORS.items():
        assert render(name, generator, text, SEED).html == render(name, generator, text, SEED).html
    assert any(
        render(name, generator, text, SEED).html != render(name, generator, text, SEED + 1).html
        for name, generator in GENERATORS.items()
    )


def test_a_teaserless_page_has_no_summary_and_the_whole_full_version_as_body() -> None:
    for page in render_all(texts(), SEED, ("teaserless",)):
        text = next(t for t in texts() if t.url == page.url)
        html = page.html.decode("utf-8")
        assert page.summary == ()
        assert page.body == tuple(" ".join(p.split()) for p in text.body)
        abstract = [p for p in text.summary if not any(p.strip() in b for b in text.body)]
        assert not any(escape(p.strip(), quote=False) in html for p in abstract)


def test_box_lines_are_on_the_page_and_count_as_leaks_alone_or_inside_a_paragraph() -> None:
    pages = render_all(texts(), SEED, ("boxes",))
    headings = {h.casefold() for heads in SEE_ALSO.values() for h in heads}
    assert any(page.noise & headings for page in pages)
    for page in pages:
        text = next(t for t in texts() if t.url == page.url)
        box_lines = page.noise - contract_noise(text)
        assert box_lines
        shown = {line.casefold() for line in text_lines(page.html, "utf-8")}
        assert box_lines <= shown
        for line in box_lines:
            assert page.leaks(line)
            if len(line) >= 25:
                assert page.leaks(f"{page.body[0]} {line}")


def test_russian_pages_are_served_in_windows_1251_under_every_declaration() -> None:
    pages = [
        p
        for p in render_all(replica_articles(articles=80, seed=5), SEED, ("windows-1251",))
        if p.lang == "ru"
    ]
    ways = set()
    for page in pages:
        if "windows-1251" in page.headers["Content-Type"]:
            ways.add("header")
        elif b'<meta charset="windows-1251">' in page.html:
            ways.add("meta-charset")
        elif b'http-equiv="Content-Type" content="text/html; charset=windows-1251"' in page.html:
            ways.add("http-equiv")
        assert page.body[0] in page.html.decode("windows-1251")
    assert ways == {"header", "meta-charset", "http-equiv"}


def test_the_page_classes_never_reference_the_generators() -> None:
    sources = list((ROOT / "crawler" / "pages").rglob("*.py"))
    assert len(sources) >= 5
    for source in sources:
        assert "markups" not in source.read_text(encoding="utf-8"), source


def test_leaks_are_widget_lines_alone_or_run_together_never_the_text() -> None:
    (en,) = [p for p in render_all(texts()[:1], SEED, ("nested",))]
    assert en.leaks("Print Читать на русском") == ["Print Читать на русском"]
    assert en.leaks("For business For researchers For students")
    assert en.leaks("(votes: 6, rating: 4.5)") and en.leaks("\u00a0(6 votes)")
    assert en.leaks(f"{en.body[0]} Andrey Kortunov\nRate this article") == ["Rate this article"]
    assert all(en.leaks(p) == [] for p in (*en.summary, *en.body))
    assert en.leaks("Share this article on a book page") == []
