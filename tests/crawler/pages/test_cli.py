"""``riac-archive extract FILE [--url URL]``: one JSON object, or a one-line reason and a non-zero exit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from crawler.pages import EXTRACTOR_VERSION
from crawler.pages.cli import extract

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed"
TEXT = (SEED / "the-art-of-expectation-management.txt").read_text(encoding="utf-8")
GOLD = json.loads((SEED / "the-art-of-expectation-management.gold.json").read_text())
KEYS = [
    "url", "article_id", "lang", "section", "title", "published", "authors", "region", "type", "tags",
    "summary", "body", "rating", "polls", "translation_url", "extractor_version",
]  # fmt: skip


def seed_html(canonical: str | None = None) -> str:
    head = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    paragraphs = "".join(f"<p>{line}</p>\n" for line in TEXT.splitlines() if line.strip())
    title = "<title>The Art of Expectation Management</title>"
    return f"<html><head>{head}{title}</head><body>{paragraphs}</body></html>"


def test_prints_one_json_object_with_the_contract_keys(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(seed_html(), encoding="utf-8")
    result = CliRunner().invoke(extract, [str(page), "--url", GOLD["url"] + "?sphrase_id=12"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert list(record) == KEYS
    assert record["url"] == GOLD["url"]
    assert record["body"] == "\n\n".join(" ".join(p.split()) for p in GOLD["body_paragraphs"])
    assert record["summary"].split("\n\n")[0].startswith("It is evident")
    assert record["polls"] == GOLD["polls"]
    assert record["extractor_version"] == EXTRACTOR_VERSION
    assert record["title"] == "The Art of Expectation Management"


def test_url_defaults_to_the_canonical_link_and_stdin_works() -> None:
    alias = (
        "http://www.russiancouncil.ru/en/analytics-and-comments/analytics/the-art-of-expectation-management"
    )
    completed = subprocess.run(
        [sys.executable, "-m", "flows.cli", "extract", "-"],
        input=seed_html(alias).encode("utf-8"),
        capture_output=True,
        check=False,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert completed.returncode == 0, completed.stderr
    record = json.loads(completed.stdout)
    assert (record["url"], record["lang"], record["section"]) == (GOLD["url"], "en", "analytics")
    assert "Россия" not in record["body"] and record["authors"] == GOLD["authors"]


def test_not_an_article_exits_non_zero_with_one_line(tmp_path: Path) -> None:
    page = tmp_path / "404.html"
    page.write_text("<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>")
    result = CliRunner().invoke(extract, [str(page), "--url", "https://russiancouncil.ru/en/news/gone/"])
    assert result.exit_code != 0
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "not-found" in result.stderr


def test_a_listing_url_is_not_an_article(tmp_path: Path) -> None:
    page = tmp_path / "listing.html"
    page.write_text(seed_html(), encoding="utf-8")
    result = CliRunner().invoke(extract, [str(page), "--url", "https://russiancouncil.ru/en/news/"])
    assert result.exit_code != 0 and "not-article-url" in result.stderr


def test_the_command_does_not_import_prefect_or_scrapy() -> None:
    code = (
        "import sys, crawler.pages.cli, crawler.pages.article; "
        "print(any(m.split('.')[0] in ('prefect', 'scrapy') for m in sys.modules))"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "False"


def test_a_file_that_is_not_a_page_is_a_typed_not_article_result() -> None:
    readme = Path(__file__).resolve().parents[3] / "README.md"  # Markdown: long text, no HTML markup
    completed = subprocess.run(
        [sys.executable, "-m", "flows.cli", "extract", str(readme)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.strip().splitlines() == [
        "not-article: not-html: text without HTML markup or the site's article layout"
    ]
