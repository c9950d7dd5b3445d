"""Generation is deterministic from the seed (across processes too) and seeds differ."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from crawler.replica.app import App, Options
from crawler.replica.cli import replica

PATHS = ("/", "/en/", "/en/news/", "/sitemap.xml", "/en/rss/", "/__truth__/index.json")


def digest(app: App) -> str:
    h = hashlib.sha256()
    for path in PATHS:
        h.update(app.handle("GET", path, None).body)
    for index in range(app.site.count(app.day)):
        meta = app.site.meta(index)
        h.update(app.handle("GET", meta.path, None).body)
        h.update(app.handle("GET", "/__truth__" + meta.path, None).body)
    return h.hexdigest()


def test_same_seed_same_site_and_other_seed_other_site() -> None:
    first = digest(App(Options(articles=80, seed=11)))
    assert first == digest(App(Options(articles=80, seed=11)))
    assert first != digest(App(Options(articles=80, seed=12)))


def test_generation_does_not_depend_on_the_process() -> None:
    """Python's per-process hash salt must not leak into the content."""
    code = (
        "from crawler.replica.app import App, Options;"
        "a = App(Options(articles=40, seed=2));"
        "print(a.handle('GET', '/__truth__/index.json', None).body.decode())"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
        ).stdout
        for env in ({"PYTHONHASHSEED": "1"}, {"PYTHONHASHSEED": "2"})
    }
    assert len(outputs) == 1
    assert len(json.loads(outputs.pop())) == 40


def test_moving_the_clock_back_gives_the_same_pages() -> None:
    app = App(Options(articles=40, seed=4))
    before = digest(app)
    app.set_day(9)
    assert digest(app) != before
    app.set_day(0)
    assert digest(app) == before


def test_dump_truth_writes_every_article(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        replica, ["--articles", "30", "--seed", "7", "--day", "2", "--dump-truth", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    index = json.loads((tmp_path / "index.json").read_text("utf-8"))
    assert len(index) == 30 + 2 * 4
    for entry in index:
        record = json.loads((tmp_path / (entry["path"].strip("/") + ".json")).read_text("utf-8"))
        assert record["url"] == entry["url"] and record["day"] == 2
    seed = json.loads(
        (tmp_path / "en/analytics-and-comments/analytics/the-art-of-expectation-management.json").read_text()
    )
    assert seed["rating"] == {"votes": 6, "average": 4.5}


def test_twenty_thousand_articles_have_unique_paths_and_render_lazily() -> None:
    app = App(Options(articles=20_000, seed=1))
    paths = [app.site.meta(i).path for i in range(20_000)]
    assert len(set(paths)) == 20_000
    assert app.site._content.cache_info().currsize == 0  # page text is generated on demand only
    assert app.handle("GET", paths[-1], None).status == 200
    assert app.handle("GET", "/en/news/?PAGEN_1=50", None).status == 200
