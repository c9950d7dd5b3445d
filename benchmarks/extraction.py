"""Extraction quality and speed: this extractor vs plain ``trafilatura.extract``, side by side.

    .venv/bin/python benchmarks/extraction.py [--articles 200] [--seed 7] [--repeat 1]

Pages: every article page and AMP copy of a replica per theme (classic, modern, legacy; day 0),
fetched once over HTTP and then extracted in memory, plus the seed (a real page's text) in several
markups. Measured per theme and extractor: word-level F1 of the body against the replica's truth
(multiset of words), duplicated paragraphs per page, leaked boilerplate lines (widget, rating,
poll, author, footer lines) and pages per second (extraction only, bytes in). Targets: F1 ≥ 0.995,
no duplicates, no leaks, and at least 0.8× trafilatura's pages/s. "Without unmarked abstracts"
leaves out the pages whose abstract teaser nothing on the page sets apart (body-only renderings,
and full pages of the themes that put both versions in one container): each is byte for byte the
page of an article without a teaser whose first paragraph is the abstract.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from crawler.items import ArticleItem  # noqa: E402
from crawler.pages.article import extract_article  # noqa: E402
from crawler.replica.process import start_replica  # noqa: E402

SEED = ROOT / "tests" / "fixtures" / "seed"
sys.path.insert(0, str(ROOT / "tests" / "crawler" / "pages"))

THEMES = ("classic", "modern", "legacy")
SHARED_CONTAINER = frozenset({"modern", "legacy"})  # short and full version in one container, no class
LABELS = {
    "print", "распечатать", "читать на русском", "read in english", "rate this article", "оценить статью",
    "share this article", "поделиться статьей", "poll conducted", "опрос проведен", "for business",
    "for researchers", "for students", "бизнесу", "исследователям", "студентам", "short version",
    "full version", "краткая версия", "полная версия", "related articles", "читайте также",
}  # fmt: skip
WIDGET_LINE = re.compile(
    r"^(\(?(votes|голосов):.*\)|\((no votes|нет голосов)\)|\(\d+ (votes?|голос\w*)\)|\d+ \(\d+%\)"
    r"|(region|регион|type|тип|tags|теги):.*|(print|распечатать) .*)$",
    re.I,
)


@dataclass
class Page:
    group: str
    url: str
    body: bytes
    headers: dict[str, str]
    truth_body: list[str]
    noise: set[str]  # author names/positions and poll text of this page: must not leak
    unmarked_abstract: bool = False  # an abstract teaser with nothing on the page to tell it apart


@dataclass
class Score:
    pages: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    known: list[int] = field(default_factory=lambda: [0, 0, 0])  # tp, fp, fn without unmarked abstracts
    duplicates: int = 0
    leaks: int = 0
    failures: int = 0
    seconds: float = 0.0
    examples: list[str] = field(default_factory=list)

    @property
    def f1(self) -> float:
        return _f1(self.tp, self.fp, self.fn)

    @property
    def f1_knowable(self) -> float:
        return _f1(*self.known)


def _f1(tp: int, fp: int, fn: int) -> float:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def squash(text: str) -> str:
    return " ".join(text.split())


def ours(page: Page) -> list[str]:
    result = extract_article(page.url, page.body, page.headers)
    return list(result.body_paragraphs) if isinstance(result, ArticleItem) else []


def plain_trafilatura(page: Page) -> list[str]:
    text = trafilatura.extract(page.body, url=page.url)
    return [line for line in (text or "").split("\n") if line.strip()]


EXTRACTORS: dict[str, Callable[[Page], list[str]]] = {"riac": ours, "trafilatura": plain_trafilatura}


def score(pages: Sequence[Page], extractor: Callable[[Page], list[str]], repeat: int) -> Score:
    out = Score()
    start = time.perf_counter()
    results = []
    for _ in range(repeat):
        results = [extractor(page) for page in pages]
    out.seconds = (time.perf_counter() - start) / repeat
    for page, paragraphs in zip(pages, results, strict=True):
        out.pages += 1
        if not paragraphs:
            out.failures += 1
        got = Counter(w for p in paragraphs for w in p.split())
        want = Counter(w for p in page.truth_body for w in p.split())
        overlap = sum((got & want).values())
        counts = (overlap, sum(got.values()) - overlap, sum(want.values()) - overlap)
        out.tp, out.fp, out.fn = out.tp + counts[0], out.fp + counts[1], out.fn + counts[2]
        if not page.unmarked_abstract:
            out.known = [a + b for a, b in zip(out.known, counts, strict=True)]
        seen = Counter(squash(p) for p in paragraphs)
        truth_seen = Counter(squash(p) for p in page.truth_body)
        out.duplicates += sum(max(0, n - max(1, truth_seen[p])) for p, n in seen.items())
        for p in paragraphs:
            for line in p.split("\n"):
                key = squash(line).casefold()
                if key in LABELS or WIDGET_LINE.match(key) or key in page.noise:
                    out.leaks += 1
                    if len(out.examples) < 3:
                        out.examples.append(f"{page.url}: {line[:60]!r}")
    return out


def replica_pages(theme: str, articles: int, seed: int) -> list[Page]:
    pages = []
    with start_replica(articles=articles, seed=seed, day=0, theme=theme) as site:
        for entry in site.index():
            for path in (entry["path"], entry.get("amp_path")):
                if not path or entry.get("withdrawn"):
                    continue
                truth = site.truth(path)
                with urllib.request.urlopen(site.url(path)) as response:
                    body, headers = response.read(), dict(response.headers)
                noise = {squash(a[k]).casefold() for a in truth["authors"] for k in ("name", "position")}
                for poll in truth["polls"]:
                    noise.add(squash(poll["question"]).casefold())
                    noise.update(squash(o["text"]).casefold() for o in poll["options"])
                url = "https://russiancouncil.ru" + path
                truth_body = [squash(p) for p in truth["body_paragraphs"]]
                unmarked = truth["teaser_form"] == "abstract" and (
                    truth["rendering"] == "body-only"
                    or (theme in SHARED_CONTAINER and truth["rendering"] == "full")
                )
                pages.append(Page(theme, url, body, headers, truth_body, noise, unmarked))
    return pages


def seed_pages() -> list[Page]:
    from markups import MARKUPS  # tests/crawler/pages/markups.py

    gold = json.loads((SEED / "the-art-of-expectation-management.gold.json").read_text())
    text = (SEED / "the-art-of-expectation-management.txt").read_text()
    noise = {squash(a[k]).casefold() for a in gold["authors"] for k in ("name", "position")}
    for poll in gold["polls"]:
        noise.add(squash(poll["question"]).casefold())
        noise.update(squash(o["text"]).casefold() for o in poll["options"])
    body = [squash(p) for p in gold["body_paragraphs"]]
    return [
        Page(
            "seed",
            gold["url"],
            markup(text).encode(),
            {"Content-Type": "text/html; charset=utf-8"},
            body,
            noise,
        )
        for markup in MARKUPS.values()
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description="extraction benchmark")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=1, help="extract every page this many times (timing)")
    args = parser.parse_args()
    groups = {theme: replica_pages(theme, args.articles, args.seed) for theme in THEMES}
    groups["seed"] = seed_pages()
    for pages in groups.values():  # warm up imports and caches outside the timing
        for extractor in EXTRACTORS.values():
            extractor(pages[0])
    print(
        "| pages | extractor | body word F1 | F1 without unmarked abstracts | duplicated paragraphs / page "
        "| leaked lines | failures | pages/s |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    totals: dict[str, Score] = {}
    for group, pages in groups.items():
        for name, extractor in EXTRACTORS.items():
            s = score(pages, extractor, args.repeat)
            total = totals.setdefault(name, Score())
            total.pages += s.pages
            total.seconds += s.seconds
            print(
                f"| {group} ({s.pages}) | {name} | {s.f1:.4f} | {s.f1_knowable:.4f} "
                f"| {s.duplicates / s.pages:.2f} | {s.leaks} "
                f"| {s.failures} | {s.pages / s.seconds:.0f} |"
            )
            for example in s.examples:
                print(f"|   leak: {example} |||||||", file=sys.stderr)
    rates = {name: t.pages / t.seconds for name, t in totals.items()}
    print(f"\nthroughput ratio riac / trafilatura: {rates['riac'] / rates['trafilatura']:.2f}x")


if __name__ == "__main__":
    main()
