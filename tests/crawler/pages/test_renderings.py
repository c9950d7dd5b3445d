"""Replica articles as text renderings (the seed's format), wrapped in every markup of markups.py:
the text-level structure alone must give the truth, whatever the markup. An abstract that never
repeats has no evidence in a text rendering: it reads as the first body paragraph (truths.py)."""

from __future__ import annotations

import random
from collections.abc import Callable

from crawler.items import ArticleItem
from crawler.pages.article import extract_article
from crawler.replica.process import ReplicaProcess

from .markups import MARKUPS  # type: ignore[import-not-found]
from .renderings import render  # type: ignore[import-not-found]
from .truths import readable  # type: ignore[import-not-found]


def test_renderings_in_every_markup(replica_factory: Callable[..., ReplicaProcess]) -> None:
    site = replica_factory(articles=80, seed=11)
    markups = list(MARKUPS.items())
    mismatches: list[str] = []
    checked = 0
    for entry in site.index():
        truth = site.truth(entry["path"])
        if truth["rendering"] != "full":
            continue
        name, markup = markups[checked % len(markups)]
        html = markup(render(truth, poll_heading=checked % 3 != 0))
        url = "https://russiancouncil.ru" + entry["path"]
        item = extract_article(url, html.encode("utf-8"))
        checked += 1
        if not isinstance(item, ArticleItem):
            mismatches.append(f"{entry['path']} [{name}]: {item}")
            continue
        record = item.to_json()
        expected = {
            "summary": readable(truth, abstract_shown=False)[0],
            "body": readable(truth, abstract_shown=False)[1],
            "authors": truth["authors"],
            "rating": truth["rating"],
            "polls": truth["polls"],
            "region": truth["region"],
            "type": truth["type"],
        }
        got = {**{k: record[k] for k in expected}, "summary": list(item.summary_paragraphs)}
        got["body"] = list(item.body_paragraphs)
        mismatches += [f"{entry['path']} [{name}] {k}" for k in expected if expected[k] != got[k]]
    assert checked >= 50
    assert mismatches == []


def perturb(text: str, rng: random.Random) -> str:
    """What real renderings vary: blank lines missing, indentation, trailing no-break spaces, chrome above."""
    out = []
    for line in text.split("\n"):
        roll = rng.random()
        if not line.strip() and roll < 0.4:
            continue
        if roll < 0.08:
            line = "   " + line
        elif roll < 0.16 and line.strip():
            line += "\u00a0\u00a0"
        out.append(line)
    prefix = "Home\nAnalytics and Comments\nA Title\n" if rng.random() < 0.3 else ""
    return prefix + "\n".join(out)


def test_perturbed_renderings_in_random_markups(replica_factory: Callable[..., ReplicaProcess]) -> None:
    site = replica_factory(articles=80, seed=11)
    rng = random.Random(5)
    mismatches: list[str] = []
    checked = 0
    for entry in site.index():
        truth = site.truth(entry["path"])
        if truth["rendering"] != "full":
            continue
        name, markup = rng.choice(list(MARKUPS.items()))
        html = markup(perturb(render(truth, poll_heading=rng.random() < 0.8), rng))
        item = extract_article("https://russiancouncil.ru" + entry["path"], html.encode("utf-8"))
        checked += 1
        if not isinstance(item, ArticleItem):
            mismatches.append(f"{entry['path']} [{name}]: {item}")
            continue
        summary, body = readable(truth, abstract_shown=False)
        if list(item.summary_paragraphs) != summary:
            mismatches.append(f"{entry['path']} [{name}] summary")
        if list(item.body_paragraphs) != body:
            mismatches.append(f"{entry['path']} [{name}] body")
        if item.to_json()["authors"] != truth["authors"]:
            mismatches.append(f"{entry['path']} [{name}] authors")
    assert checked >= 50
    assert mismatches == []
