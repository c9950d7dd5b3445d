"""Record replica pages and their truth as golden fixtures, for review before committing.

    .venv/bin/python tests/crawler/pages/record_fixtures.py [--articles 400] [--seed 7] [--out DIR]

For every case below, the first article of each theme that matches is fetched; the fixture is
``<out>/<theme>-<case>/input.html.gz`` (the bytes as served), ``headers.json`` (Content-Type) and
``expected.json`` (the truth in ``riac-archive extract`` shape, with summary/body as paragraph
lists; ``published`` only where the page shows a date). ``abstract`` is an abstract teaser, which
the replica sets apart in every theme. The ``*-abstract-unmarked`` fixtures were recorded before it
did (an abstract in the same container as the full text, nothing on the page showing it) and stay as
they are: expected as a page without a short version, the abstract the first body paragraph
(``truths.readable``, docs/extraction.md).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(Path(__file__).resolve().parent))

from truths import readable  # type: ignore[import-not-found]  # noqa: E402

from crawler.replica.process import start_replica  # noqa: E402

Truth = dict[str, Any]
CASES: dict[str, Callable[[Truth, str], bool]] = {
    "seed": lambda t, th: t["teaser_form"] == "seed",
    "repeat": lambda t, th: (
        t["teaser_form"] == "repeat" and not t["teaser_variant"] and not t["teaser_glued"]
    ),
    "repeat-nbsp": lambda t, th: t["teaser_variant"] == "trailing-nbsp" and t["teaser_form"] == "repeat",
    "repeat-glued": lambda t, th: t["teaser_glued"] and _full(t),
    "merged": lambda t, th: t["teaser_form"] == "merged" and _full(t),
    "first-sentence": lambda t, th: t["teaser_form"] == "first-sentence" and _full(t),
    "prefix": lambda t, th: t["teaser_form"] == "prefix" and _full(t),
    "edited-in-sum": lambda t, th: t["teaser_variant"] == "in-sum" and _full(t),
    "edited-dash": lambda t, th: t["teaser_variant"] == "dash" and _full(t),
    "edited-quote": lambda t, th: t["teaser_variant"] == "quote" and _full(t),
    "edited-year-ru": lambda t, th: t["teaser_variant"] == "year" and _full(t),
    "abstract": lambda t, th: t["teaser_form"] == "abstract" and _full(t),
    "news-lead": lambda t, th: t["teaser_form"] == "news-lead" and _full(t),
    "quotes-earlier-exact": lambda t, th: "quotes-earlier-sentence:exact" in t["features"] and _full(t),
    "quotes-earlier-prefix": lambda t, th: "quotes-earlier-sentence:prefix" in t["features"] and _full(t),
    "rating-none-en": lambda t, th: _rating(t, "en", lambda v: v == 0),
    "rating-one-en": lambda t, th: _rating(t, "en", lambda v: v == 1),
    "rating-many-en": lambda t, th: _rating(t, "en", lambda v: v >= 5),
    "rating-none-ru": lambda t, th: _rating(t, "ru", lambda v: v == 0),
    "rating-one-ru": lambda t, th: _rating(t, "ru", lambda v: v % 10 == 1 and v % 100 != 11),
    "rating-few-ru": lambda t, th: _rating(t, "ru", lambda v: 2 <= v % 10 <= 4 and not 12 <= v % 100 <= 14),
    "rating-many-ru": lambda t, th: _rating(t, "ru", lambda v: v >= 5 and v % 10 in (0, 5, 6, 7, 8, 9)),
    "multi-author": lambda t, th: len(t["authors"]) >= 3 and _full(t),
    "interview": lambda t, th: t["section"] == "interview" and _full(t),
    "cp1251-header": lambda t, th: t["charset_declared"] == "header" and _full(t),
    "cp1251-meta": lambda t, th: t["charset_declared"] == "meta-charset" and _full(t),
    "cp1251-http-equiv": lambda t, th: t["charset_declared"] == "http-equiv" and _full(t),
    "body-only": lambda t, th: t["rendering"] == "body-only",
    "amp": lambda t, th: t["rendering"] == "amp",
    "translation": lambda t, th: bool(t["translation_url"]) and _full(t),
    "blog": lambda t, th: t["section"] == "blogs" and _full(t),
}
THEMES = ("classic", "modern", "legacy")
EXTRACT_KEYS = (
    "url", "lang", "section", "title", "published", "authors", "region", "type", "tags",
    "summary_paragraphs", "body_paragraphs", "rating", "polls", "translation_url",
)  # fmt: skip


def _full(t: Truth) -> bool:
    return bool(t["rendering"] == "full")


def _rating(t: Truth, lang: str, votes: Callable[[int], bool]) -> bool:
    return _full(t) and t["lang"] == lang and t["rating"] is not None and votes(t["rating"]["votes"])


def expected(truth: Truth, theme: str, path: str) -> dict[str, Any]:
    out = {"fetched_url": "https://russiancouncil.ru" + path}
    out |= {key: truth[key] for key in EXTRACT_KEYS}
    out["summary_paragraphs"], out["body_paragraphs"] = readable(truth, abstract_shown=True)
    out["article_id"] = unquote(truth["url"].split("://", 1)[1].split("/", 1)[1].strip("/"))
    if not (theme == "modern" and truth["rendering"] == "full"):
        out["published"] = None  # only the modern theme shows a date on the page
    out["_case"] = {k: truth[k] for k in ("teaser_form", "teaser_variant", "teaser_glued", "features")}
    return out


def record(out: Path, articles: int, seed: int) -> list[str]:
    written = []
    for theme in THEMES:
        with start_replica(articles=articles, seed=seed, day=0, theme=theme) as site:
            paths = []
            for entry in site.index():
                paths.append(entry["path"])
                if entry.get("amp_path"):
                    paths.append(entry["amp_path"])
            todo = dict(CASES)
            for path in paths:
                if not todo:
                    break
                truth = site.truth(path)
                if truth.get("withdrawn"):
                    continue
                for case, matches in list(todo.items()):
                    if not matches(truth, theme):
                        continue
                    del todo[case]
                    with urllib.request.urlopen(site.url(path)) as response:
                        body = response.read()
                        content_type = response.headers.get("Content-Type", "")
                    target = out / f"{theme}-{case}"
                    target.mkdir(parents=True, exist_ok=True)
                    (target / "input.html.gz").write_bytes(gzip.compress(body, mtime=0))
                    (target / "headers.json").write_text(json.dumps({"Content-Type": content_type}) + "\n")
                    (target / "expected.json").write_text(
                        json.dumps(expected(truth, theme, path), ensure_ascii=False, indent=1) + "\n"
                    )
                    written.append(f"{target.name}: {path}")
                    break
            for case in todo:
                written.append(f"{theme}-{case}: NOT FOUND")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "fixtures" / "pages")
    args = parser.parse_args()
    for line in record(args.out, args.articles, args.seed):
        print(line)


if __name__ == "__main__":
    main()
