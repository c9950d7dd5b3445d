"""Every article page and AMP copy of a small replica, all three themes, against the replica's truth.

The replica sets every abstract apart (its own container, or labelled on AMP copies), so every
short version is the truth's. Dates are compared only where the page shows one (modern full pages).
"""

from __future__ import annotations

import urllib.request
from collections.abc import Callable

import pytest

from crawler.items import ArticleItem
from crawler.pages.article import extract_article
from crawler.replica.process import ReplicaProcess

from .truths import readable  # type: ignore[import-not-found]

FIELDS = ("url", "lang", "section", "title", "authors", "region", "type", "tags", "rating", "polls")


@pytest.mark.parametrize("theme", ["classic", "modern", "legacy"])
def test_every_page_matches_the_truth(theme: str, replica_factory: Callable[..., ReplicaProcess]) -> None:
    site = replica_factory(theme=theme, articles=60, seed=3)
    mismatches: list[str] = []
    checked = 0
    for entry in site.index():
        for path in filter(None, (entry["path"], entry.get("amp_path"))):
            truth = site.truth(path)
            with urllib.request.urlopen(site.url(path)) as response:
                item = extract_article(site.url(path), response.read(), dict(response.headers))
            assert isinstance(item, ArticleItem), (path, item)
            record = item.to_json()
            checked += 1
            expected = {field: truth[field] for field in FIELDS}
            expected["summary"], expected["body"] = readable(truth, abstract_shown=True)
            got = {field: record[field] for field in FIELDS}
            got["summary"], got["body"] = list(item.summary_paragraphs), list(item.body_paragraphs)
            if theme == "modern" and truth["rendering"] == "full":
                expected["published"], got["published"] = truth["published"], record["published"]
            mismatches += [f"{path} {field}" for field in expected if expected[field] != got[field]]
    assert checked >= 60
    assert mismatches == []
