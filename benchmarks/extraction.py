"""Extraction quality and speed: this extractor vs plain ``trafilatura.extract``, side by side.

    .venv/bin/python benchmarks/extraction.py [--articles 200] [--seed 7] [--repeat 1]
        [--markup-articles 300] [--markup-seed 1] [--skip-themes]

Pages: every article page and AMP copy of a replica per theme (classic, modern, legacy; day 0),
fetched once over HTTP and then extracted in memory. Measured per theme and extractor: word-level
F1 of the body against the replica's truth (multiset of words), duplicated paragraphs per page,
leaked boilerplate lines (widget, rating, poll, author, footer lines) and pages per second
(extraction only, bytes in). Targets: F1 ≥ 0.995, no duplicates, no leaks, and at least 0.8×
trafilatura's pages/s. "Summary exact" is the share of pages whose short version comes out
paragraph for paragraph as the truth's (plain trafilatura has no notion of one).

Markup robustness: the seed and every article of a second replica (``--markup-articles``) rendered by
every markup generator of ``crawler.replica.markups`` (markups no theme and no page rule knows),
scored per generator by ``crawler.replica.markups.score``: word F1, paragraph precision/recall,
duplicated paragraphs, leaked lines (widget, box and navigation lines in the body or summary) and the
share of pages whose authors, rating, polls, lang and summary are exact. Floors on every generator:
F1 ≥ 0.995, no duplicated paragraphs, no leaks, authors/rating/polls/lang exact on ≥ 99 % of pages;
the generators that miss one are listed at the end.
"""

from __future__ import annotations

import argparse
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
from crawler.replica.markups import GENERATORS, MarkupPage, render_all, replica_articles, seed_article  # noqa: E402
from crawler.replica.markups.score import Extraction  # noqa: E402
from crawler.replica.markups.score import Score as MarkupScore  # noqa: E402
from crawler.replica.process import start_replica  # noqa: E402

THEMES = ("classic", "modern", "legacy")
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
    truth_summary: list[str]


@dataclass(frozen=True)
class Extracted:
    summary: list[str] | None  # None: the extractor does not separate a short version
    body: list[str]


@dataclass
class Score:
    pages: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    summaries_exact: int | None = None
    duplicates: int = 0
    leaks: int = 0
    failures: int = 0
    seconds: float = 0.0
    examples: list[str] = field(default_factory=list)

    @property
    def f1(self) -> float:
        return _f1(self.tp, self.fp, self.fn)

    @property
    def summary_exact(self) -> str:
        return "—" if self.summaries_exact is None else f"{self.summaries_exact / self.pages:.1%}"


def _f1(tp: int, fp: int, fn: int) -> float:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def squash(text: str) -> str:
    return " ".join(text.split())


def ours(page: Page) -> Extracted:
    result = extract_article(page.url, page.body, page.headers)
    if not isinstance(result, ArticleItem):
        return Extracted([], [])
    return Extracted(list(result.summary_paragraphs), list(result.body_paragraphs))


def plain_trafilatura(page: Page) -> Extracted:
    text = trafilatura.extract(page.body, url=page.url)
    return Extracted(None, [line for line in (text or "").split("\n") if line.strip()])


EXTRACTORS: dict[str, Callable[[Page], Extracted]] = {"riac": ours, "trafilatura": plain_trafilatura}


def score(pages: Sequence[Page], extractor: Callable[[Page], Extracted], repeat: int) -> Score:
    out = Score()
    start = time.perf_counter()
    results = []
    for _ in range(repeat):
        results = [extractor(page) for page in pages]
    out.seconds = (time.perf_counter() - start) / repeat
    for page, result in zip(pages, results, strict=True):
        out.pages += 1
        paragraphs = result.body
        if result.summary is not None:
            exact = [squash(p) for p in result.summary] == page.truth_summary
            out.summaries_exact = (out.summaries_exact or 0) + exact
        if not paragraphs:
            out.failures += 1
        got = Counter(w for p in paragraphs for w in p.split())
        want = Counter(w for p in page.truth_body for w in p.split())
        overlap = sum((got & want).values())
        counts = (overlap, sum(got.values()) - overlap, sum(want.values()) - overlap)
        out.tp, out.fp, out.fn = out.tp + counts[0], out.fp + counts[1], out.fn + counts[2]
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
                truth_summary = [squash(p) for p in truth["summary_paragraphs"]]
                pages.append(Page(theme, url, body, headers, truth_body, noise, truth_summary))
    return pages


def riac_fields(page: MarkupPage) -> Extraction:
    return Extraction.of_item(extract_article(page.url, page.html, page.headers))


def trafilatura_fields(page: MarkupPage) -> Extraction:
    text = trafilatura.extract(page.html, url=page.url)
    return Extraction(body=[line for line in (text or "").split("\n") if line.strip()], fields=False)


MARKUP_EXTRACTORS: dict[str, Callable[[MarkupPage], Extraction]] = {
    "riac": riac_fields,
    "trafilatura": trafilatura_fields,
}


def markup_table(articles: int, seed: int) -> list[str]:
    """Print the per-generator table; return the generators below a floor (riac only)."""
    texts = [seed_article(), *replica_articles(articles=articles, seed=seed)]
    print(
        "\n| generator (pages) | extractor | word F1 | paragraph P | paragraph R | duplicated paragraphs "
        "| leaked lines | authors | rating | polls | lang | summary |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    missing: list[str] = []
    for generator in GENERATORS:
        pages = render_all(texts, seed, (generator,))
        for name, extractor in MARKUP_EXTRACTORS.items():
            s = MarkupScore()
            for page in pages:
                s.add(page, extractor(page))
            shares = [s.share_exact(f) for f in ("authors", "rating", "polls", "lang", "summary")]
            cells = " | ".join("—" if v is None else f"{v:.1%}" for v in shares)
            print(
                f"| {generator} ({s.pages}) | {name} | {s.f1:.4f} | {s.paragraph_precision:.4f} "
                f"| {s.paragraph_recall:.4f} | {s.duplicates} | {s.leaks} | {cells} |"
            )
            if name == "riac" and s.misses():
                missing.append(f"{generator}: {'; '.join(s.misses())}")
                for example in s.examples:
                    print(f"|   {example} |", file=sys.stderr)
    return missing


def main() -> None:
    parser = argparse.ArgumentParser(description="extraction benchmark")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=1, help="extract every page this many times (timing)")
    parser.add_argument("--markup-articles", type=int, default=300, help="replica articles per generator")
    parser.add_argument("--markup-seed", type=int, default=1)
    parser.add_argument("--skip-themes", action="store_true", help="only the markup-robustness table")
    args = parser.parse_args()
    if not args.skip_themes:
        theme_table(args.articles, args.seed, args.repeat)
    missing = markup_table(args.markup_articles, args.markup_seed)
    print("\ngenerators below a floor: " + ("none" if not missing else ""))
    for line in missing:
        print(f"  {line}")


def theme_table(articles: int, seed: int, repeat: int) -> None:
    groups = {theme: replica_pages(theme, articles, seed) for theme in THEMES}
    for pages in groups.values():  # warm up imports and caches outside the timing
        for extractor in EXTRACTORS.values():
            extractor(pages[0])
    print(
        "| pages | extractor | body word F1 | summary exact | duplicated paragraphs / page "
        "| leaked lines | failures | pages/s |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    totals: dict[str, Score] = {}
    for group, pages in groups.items():
        for name, extractor in EXTRACTORS.items():
            s = score(pages, extractor, repeat)
            total = totals.setdefault(name, Score())
            total.pages += s.pages
            total.seconds += s.seconds
            print(
                f"| {group} ({s.pages}) | {name} | {s.f1:.4f} | {s.summary_exact} "
                f"| {s.duplicates / s.pages:.2f} | {s.leaks} "
                f"| {s.failures} | {s.pages / s.seconds:.0f} |"
            )
            for example in s.examples:
                print(f"|   leak: {example} |||||||", file=sys.stderr)
    rates = {name: t.pages / t.seconds for name, t in totals.items()}
    print(f"\nthroughput ratio riac / trafilatura: {rates['riac'] / rates['trafilatura']:.2f}x")


if __name__ == "__main__":
    main()
