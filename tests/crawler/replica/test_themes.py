"""Two themes: the same text, clearly different markup; every page agrees with its truth."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

import lxml.html
import pytest

from crawler.replica.app import App, Options
from crawler.replica.textview import text_lines
from crawler.replica.truth import article_truth

N = 120
THEMES = ("classic", "modern", "legacy")


@pytest.fixture(scope="module")
def apps() -> dict[str, App]:
    return {theme: App(Options(articles=N, seed=3, theme=theme)) for theme in THEMES}


def squash(text: str) -> str:
    return " ".join(text.split())


def parse(body: bytes, charset: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(body, parser=lxml.html.HTMLParser(encoding=charset))


def markup(body: bytes) -> tuple[Counter[str], set[str]]:
    root = lxml.html.fromstring(body)
    tags = Counter(el.tag for el in root.iter() if isinstance(el.tag, str))
    classes = {c for el in root.iter() if isinstance(el.tag, str) for c in (el.get("class") or "").split()}
    return tags, classes


def article_lines(body: bytes, encoding: str, title: str) -> list[str]:
    """Text lines from the title to the footer, minus poll numbering and the (movable) Tags line."""
    lines = [re.sub(r"^\d+\. ", "", line) for line in text_lines(body, encoding)]
    return [line for line in lines[lines.index(title) :] if not line.startswith(("Tags:", "Теги:"))]


def test_themes_render_the_same_text_in_different_markup(apps: dict[str, App]) -> None:
    differing = 0
    for index in range(N):
        meta = apps["classic"].site.meta(index)
        if meta.rendering != "full":
            continue
        title = apps["classic"].site.title(index)
        bodies = {theme: apps[theme].handle("GET", meta.path, None).body for theme in THEMES}
        texts = {theme: article_lines(body, meta.charset, title) for theme, body in bodies.items()}
        assert texts["classic"] == texts["modern"] == texts["legacy"]
        marks = {theme: markup(body) for theme, body in bodies.items()}
        for a, b in (("classic", "modern"), ("classic", "legacy"), ("modern", "legacy")):
            assert not marks[a][1] & marks[b][1], (a, b)
            differing += marks[a][0] != marks[b][0]
    assert differing > 0


def test_classic_separates_and_modern_interleaves_the_two_versions(apps: dict[str, App]) -> None:
    checked = abstracts = 0
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
        legacy = parse(apps["legacy"].handle("GET", meta.path, None).body, meta.charset)
        assert not legacy.xpath("//p")
        # An abstract never repeats the text, so it is set apart (the contract): its own container
        apart = truth["teaser_form"] == "abstract"
        interleaved = body if apart else summary + body
        (container,) = modern.cssselect(".c-article__text")
        assert [squash(p.text_content()) for p in container.iter("p")] == interleaved
        assert [squash(p.text_content()) for p in modern.cssselect(".c-article__abstract p")] == (
            summary if apart else []
        )
        (cell,) = legacy.cssselect("td.txt")
        chunks = [squash(c) for c in lxml.html.tostring(cell, encoding="unicode").split("<br><br>")]
        assert [squash(lxml.html.fromstring(c).text_content()) for c in chunks] == interleaved
        assert [squash(c.text_content()) for c in legacy.cssselect("td.lead")] == (
            [squash(" ".join(summary))] if apart else []
        )
        checked += 1
        abstracts += apart
    assert checked > N // 2
    assert 0 < abstracts < checked


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
    for form in ("repeat", "merged", "first-sentence", "prefix", "edited", "abstract", "news-lead"):
        assert forms[form] >= 20, form
    assert set(forms) <= {
        "repeat",
        "merged",
        "first-sentence",
        "prefix",
        "edited",
        "abstract",
        "news-lead",
        "none",
    }
    teaserless = [i for i in range(1, 1000) if app.site.content(i).teaser_form == "none"]
    assert 10 <= len(teaserless) <= 60  # a small share, only blog posts and short news
    for index in teaserless:
        content, section = app.site.content(index), app.site.meta(index).section
        assert content.summary == () and (
            section == "blogs" or (section == "news" and len(content.body) <= 4)
        )
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


def test_some_pages_have_no_print_link(apps: dict[str, App]) -> None:
    app = apps["classic"]
    missing = [i for i in range(N) if not article_truth(app.site, i, 0)["print_shown"]]
    full_missing = [i for i in missing if app.site.meta(i).rendering == "full"]
    assert 0 < len(full_missing) < N // 4
    for index in full_missing:
        meta = app.site.meta(index)
        lines = text_lines(app.handle("GET", meta.path, None).body, meta.charset)
        assert not any(line.startswith(("Print", "Распечатать")) for line in lines)


def test_related_teasers_sometimes_lead_to_amp_copies(apps: dict[str, App]) -> None:
    app = apps["classic"]
    amp_paths = {app.site.meta(i).amp_path for i in range(N)} - {None}
    hrefs = set()
    for index in range(N):
        meta = app.site.meta(index)
        if meta.rendering == "full":
            root = parse(app.handle("GET", meta.path, None).body, meta.charset)
            hrefs |= {urlsplit(h).path for h in root.xpath("//a/@href")}
    assert hrefs & amp_paths
