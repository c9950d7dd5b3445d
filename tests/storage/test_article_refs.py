"""Readers take an article id or any URL form of it, and say so when it names no stored article."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from storage import read
from storage.write import CommitResult

WriteRun = Callable[..., CommitResult]
ID = "en/analytics-and-comments/analytics/article-00001"
FORMS = [
    ID,
    f"/{ID}/",
    f"https://russiancouncil.ru/{ID}/",
    f"https://russiancouncil.ru/{ID}",  # no trailing slash
    f"http://www.russiancouncil.ru/{ID}/",  # alias host, http
    "https://beta.russiancouncil.ru/en/amp/analytics-and-comments/analytics/article-00001/",  # AMP copy
    f"https://russiancouncil.ru/{ID}/?sphrase_id=7342",  # a site-search link
    f"russiancouncil.ru/{ID}/",  # pasted without its scheme
    f"http://127.0.0.1:8123/{ID}/",  # the address a mirror or the replica served it at
]


@pytest.mark.parametrize("ref", FORMS)
def test_every_url_form_names_the_same_article(tmp_path: Path, run_writer: WriteRun, ref: str) -> None:
    run_writer(tmp_path, "r1", articles=3)
    assert read.canonical_article_id(ref) == ID
    assert read.rating_history(tmp_path, ref)["article_id"].to_pylist() == [ID]
    assert read.article_versions(tmp_path, ref)["article_id"].to_pylist() == [ID]


def test_an_id_that_matches_nothing_says_so(tmp_path: Path, run_writer: WriteRun) -> None:
    run_writer(tmp_path, "r1", articles=3)
    with pytest.raises(read.ArticleNotFound, match="article-00009") as caught:
        read.rating_history(tmp_path, "en/analytics-and-comments/analytics/article-00009")
    assert "did you mean" in str(caught.value) and ID in str(caught.value)
    with pytest.raises(read.ArticleNotFound, match="en/news/nothing-like-it"):
        read.article_versions(tmp_path, "https://russiancouncil.ru/en/news/nothing-like-it/")
    assert read.rating_history(tmp_path).num_rows == 3  # no id: every article, as before


def test_storage_stays_free_of_scrapy() -> None:
    """crawler.urls is stdlib only: the readers' canonicalisation must not pull Scrapy or Twisted."""
    code = (
        "import sys, storage.read, storage.write, storage.cli; "
        "storage.read.canonical_article_id('http://www.russiancouncil.ru/en/amp/news/x/'); "
        "print(sorted(m for m in ('scrapy', 'twisted') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
