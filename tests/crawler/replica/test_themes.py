"""Two themes: the same text, clearly different markup; every page agrees with its truth."""

from __future__ import annotations

from collections import Counter

import lxml.html
import pytest

from crawler.replica.app import App, Options
from crawler.replica.textview import text_lines
from crawler.replica.truth import article_truth

N = 120


@pytest.fixture(scope="module")
def apps() -> dict[str, App]:
    return {theme: App(Options(articles=N, seed=3, theme=theme)) for theme in ("classic", "modern")}


def squash(text: str) -> str:
    return " ".join(text.split())


def parse(body: bytes, charset: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(body, parser=lxml.html.HTMLParser(encoding=charset))


def markup(body: bytes) -> tuple[Counter[str], set[str]]:
    root = lxml.html.fromstring(body)
    tags = Counter(el.tag for el in root.iter() if isinstance(el.tag, str))
    classes = {c for el in root.iter() if isinstance(el.tag, str) for c in (el.get("class") or "").split()}
    return tags, classes


def article_lines(body: bytes, encoding: str) -> list[str]:
    """Text lines from the first widget line to the footer, minus the poll numbering."""
    lines = [line.removeprefix("1. ").removeprefix("2. ") for line in text_lines(body, encoding)]
    start = next(i for i, line in enumerate(lines) if line.startswith(("Print", "Распечатать")))
    return lines[start:]


def test_themes_render_the_same_text_in_different_markup(apps: dict[str, App]) -> None:
    differing = 0
    for index in range(N):
        meta = apps["classic"].site.meta(index)
        if meta.rendering != "full":
            continue
        classic = apps["classic"].handle("GET", meta.path, None).body
        modern = apps["modern"].handle("GET", meta.path, None).body
        assert article_lines(classic, meta.charset) == article_lines(
            modern, meta.charset
        ) or _same_but_tag_order(classic, modern, meta.charset)
        (tags_c, classes_c), (tags_m, classes_m) = markup(classic), markup(modern)
        assert not classes_c & classes_m
        differing += tags_c != tags_m
    assert differing > 0


def _same_but_tag_order(classic: bytes, modern: bytes, encoding: str) -> bool:
    """The modern theme puts the Tags line in the header: allow exactly that move."""
    a = [line for line in article_lines(classic, encoding) if not line.startswith(("Tags:", "Теги:"))]
    b = [line for line in article_lines(modern, encoding) if not line.startswith(("Tags:", "Теги:"))]
    return a == b


def test_classic_separates_and_modern_interleaves_the_two_versions(apps: dict[str, App]) -> None:
    checked = 0
    for index in range(N):
        meta = apps["classic"].site.meta(index)
        truth = article_truth(apps["classic"].site, index, 0)
        if meta.rendering != "full" or not truth["summary_paragraphs"] or truth["teaser_glued"]:
            continue
        classic = parse(apps["classic"].handle("GET", meta.path, None).body, meta.charset)
        modern = parse(apps["modern"].handle("GET", meta.path, None).body, meta.charset)
        summary = [squash(p.text_content()) for p in classic.cssselect(".news-announce p")]
        body = [squash(p.text_content()) for p in classic.cssselect(".detail-text p")]
        assert summary == [squash(p) for p in truth["summary_paragraphs"]]
        assert body == [squash(p) for p in truth["body_paragraphs"]]
        (container,) = modern.cssselect(".c-article__text")
        assert [squash(p.text_content()) for p in container.iter("p")] == summary + body
        checked += 1
    assert checked > N // 2


def test_every_truth_field_is_visible_on_its_page(apps: dict[str, App]) -> None:
    app = apps["classic"]
    for index in range(N):
        meta = app.site.meta(index)
        truth = article_truth(app.site, index, 0)
        text = squash(" ".join(text_lines(app.handle("GET", meta.path, None).body, meta.charset)))
        assert truth["title"] in text
        for paragraph in truth["summary_paragraphs"] + truth["body_paragraphs"]:
            assert squash(paragraph) in text
        for author in truth["authors"]:
            assert author["name"] in text and author["position"] in text
        if truth["rating"] is not None:
            votes = truth["rating"]["votes"]
            assert (f"{votes} vote" if meta.lang == "en" else f"({votes} голос") in text
        if truth["translation_url"]:
            assert ("Читать на русском" if meta.lang == "en" else "Read in English") in text
        for poll in truth["polls"]:
            assert poll["question"] in text


def test_amp_copies_label_the_two_versions(apps: dict[str, App]) -> None:
    app = apps["classic"]
    news = [i for i in range(N) if app.site.meta(i).section == "news"]
    assert news
    for index in news:
        meta = app.site.meta(index)
        response = app.handle("GET", meta.amp_path or "", None)
        assert response.status == 200
        lines = text_lines(response.body)
        truth = article_truth(app.site, index, 0, amp=True)
        full = "Full version" if meta.lang == "en" else "Полная версия"
        short = "Short version" if meta.lang == "en" else "Краткая версия"
        assert full in lines
        assert (short in lines) == bool(truth["summary_paragraphs"])
        assert truth["rendering"] == "amp" and truth["rating"] is None


def test_teaser_forms_appear_in_realistic_proportions() -> None:
    app = App(Options(articles=1000, seed=5))
    forms = Counter(app.site.content(i).teaser_form for i in range(1, 1000))
    for form in ("repeat", "merged", "first-sentence", "prefix", "edited", "abstract", "none", "news-lead"):
        assert forms[form] >= 20, form
    assert forms["repeat"] > forms["merged"]
    renderings = Counter(app.site.meta(i).rendering for i in range(1000))
    assert 30 < renderings["body-only"] < 140
    variants = Counter(app.site.content(i).teaser_variant for i in range(1, 1000))
    for variant in ("in-sum", "dash", "quote", "year", "trailing-nbsp", "mid-sentence"):
        assert variants[variant] > 0, variant
    features = Counter(f.split(":")[1] for i in range(1, 1000) for f in app.site.content(i).features)
    assert features["exact"] > 0 and features["prefix"] > 0
    twins = sum(app.site.meta(i).twin is not None for i in range(1000))
    assert 350 < twins < 650
