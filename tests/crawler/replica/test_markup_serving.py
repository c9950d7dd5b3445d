"""The replica serves full article pages in a markup generator's markup (``--markup``), truth unchanged."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable

import pytest

from crawler.replica import markups
from crawler.replica.app import App, Options
from crawler.replica.process import ReplicaProcess
from crawler.replica.textview import text_lines


@pytest.mark.parametrize("markup", markups.SERVABLE)
def test_full_article_pages_come_in_the_generators_markup_and_the_truth_is_the_replicas(markup: str) -> None:
    plain, served = App(Options(articles=30, seed=3)), App(Options(articles=30, seed=3, markup=markup))
    checked = 0
    for index in plain.site.visible(0):
        meta = plain.site.meta(index)
        truth_path = f"/__truth__{meta.path}"
        truth = json.loads(served.handle("GET", truth_path, None).body)
        assert truth == json.loads(plain.handle("GET", truth_path, None).body)
        body = served.handle("GET", meta.path, None).body
        if meta.rendering != "full":
            assert body == plain.handle("GET", meta.path, None).body
            continue
        text = markups.site_article(served.site, index, 0)
        assert body == markups.render(markup, markups.GENERATORS[markup], text, 3).html
        assert body != plain.handle("GET", meta.path, None).body
        lines = text_lines(body, "utf-8")
        assert all(" ".join(p.split()) in lines for p in truth["body_paragraphs"])
        checked += 1
    assert checked >= 20


def test_the_replica_command_takes_a_markup(replica_factory: Callable[..., ReplicaProcess]) -> None:
    site = replica_factory(articles=12, seed=4, markup="hashed-classes")
    entry = next(e for e in site.index() if e["rendering"] == "full" and not e["withdrawn"])
    with urllib.request.urlopen(site.url(entry["path"])) as response:
        assert b'data-reactroot=""' in response.read()
