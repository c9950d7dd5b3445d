"""``riac-archive report``: every chart's CSV holds the numbers that plain DuckDB queries over the
Parquet files give (written here independently of the report's own queries), ``--since``/``--until``
narrow them, and a headless chromium renders index.html from disk as a page that is not blank.

``RIAC_UPDATE_SCREENSHOT=1`` also copies the screenshot to docs/report.png (the README's).
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from flows.cli import main

CHROMIUM = "/usr/bin/chromium"
DOCS_SHOT = Path(__file__).parents[3] / "docs" / "report.png"
CHARTS = ("publications", "ratings", "polls", "edits", "withdrawals", "health")


@pytest.fixture(scope="module")
def report(demo_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    done = CliRunner().invoke(main, ["report", "--data", str(demo_archive), "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert done.output.startswith(str(out / "index.html"))
    return out


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def parquet(data: Path, query: str) -> list[tuple]:
    """``query`` with ``{name}`` standing for read_parquet over that dataset's files."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    names = ("articles", "ratings", "polls", "fetches", "runs")
    globs = {n: f"read_parquet('{data}/{n}/**/*.parquet', hive_partitioning=false)" for n in names}
    return con.sql(query.format(**globs)).fetchall()


def test_every_chart_has_its_png_and_csv_and_the_page_links_them(report: Path) -> None:
    page = (report / "index.html").read_text(encoding="utf-8")
    for chart in CHARTS:
        png = report / f"{chart}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and f'src="{chart}.png"' in page
    for data in report.glob("*.csv"):
        assert f'href="{data.name}"' in page
    assert len(list(report.glob("*.csv"))) == 9


def test_publications_per_month_equal_the_parquet(demo_archive: Path, report: Path) -> None:
    expected = parquet(
        demo_archive,
        """
        WITH latest AS (SELECT * FROM {articles}
                        QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY stored_at DESC) = 1)
        SELECT strftime(published, '%Y-%m'), lang, coalesce(section, '(none)'), count(*)
        FROM latest WHERE published IS NOT NULL GROUP BY ALL
        """,
    )
    got = [
        (r["month"], r["lang"], r["section"], int(r["articles"]))
        for r in rows(report / "publications_by_month.csv")
    ]
    assert sorted(got) == sorted(expected)
    assert sum(r[3] for r in got) > 20


def test_ratings_trajectories_and_distribution_equal_the_parquet(demo_archive: Path, report: Path) -> None:
    votes_now = dict(
        parquet(
            demo_archive,
            "SELECT article_id, arg_max(votes, observed_at) FROM {ratings} GROUP BY article_id",
        )
    )
    top = sorted(votes_now, key=lambda a: (-votes_now[a], a))[:8]
    got = rows(report / "rating_trajectories.csv")
    assert {r["article_id"] for r in got} == set(top)
    observations = parquet(
        demo_archive,
        "SELECT article_id, votes, average FROM {ratings} ORDER BY article_id, observed_at",
    )
    want = [(a, v, avg) for a, v, avg in observations if a in top]
    assert [
        (r["article_id"], int(r["votes"]), float(r["average"]) if r["average"] else None) for r in got
    ] == want
    averages = parquet(
        demo_archive, "SELECT arg_max(average, observed_at) FROM {ratings} GROUP BY article_id"
    )
    bins: Counter[int] = Counter(min(int((avg - 1) // 0.25), 15) for (avg,) in averages if avg is not None)
    histogram = rows(report / "rating_averages.csv")
    assert len(histogram) == 16
    assert [int(r["articles"]) for r in histogram] == [bins.get(i, 0) for i in range(16)]
    assert float(histogram[0]["bin_start"]) == 1.0 and float(histogram[-1]["bin_end"]) == 5.0


def test_poll_shares_equal_the_parquet(demo_archive: Path, report: Path) -> None:
    polls = parquet(demo_archive, "SELECT observed_at, lang, poll_id, option_index, votes FROM {polls}")
    totals: Counter[tuple] = Counter()
    for at, lang, poll, _, votes in polls:
        totals[(at, lang, poll)] += votes
    got = rows(report / "poll_shares.csv")
    assert len(got) == len(polls) > 0
    want = {(lang, poll, index, votes / totals[(at, lang, poll)]) for at, lang, poll, index, votes in polls}
    have = {(r["lang"], r["poll_id"], int(r["option_index"]), float(r["share"])) for r in got}
    assert {(a, b, c, round(d, 9)) for a, b, c, d in have} == {(a, b, c, round(d, 9)) for a, b, c, d in want}
    assert {r["lang"] for r in got} == {"en", "ru"}


def test_edits_equal_the_parquet(demo_archive: Path, report: Path) -> None:
    versions = parquet(
        demo_archive, "SELECT article_id, fetched_at FROM {articles} ORDER BY article_id, stored_at"
    )
    per_article = Counter(article for article, _ in versions)
    got = {int(r["versions"]): int(r["articles"]) for r in rows(report / "versions_per_article.csv")}
    assert got == dict(Counter(per_article.values()))
    assert max(got) >= 2  # the demo edits articles
    gaps: Counter[int] = Counter()
    for (a, before), (b, after) in itertools.pairwise(versions):
        if a == b:
            gaps[int((after - before).total_seconds() // 86400)] += 1
    assert {int(r["days"]): int(r["edits"]) for r in rows(report / "days_between_versions.csv")} == dict(gaps)
    page = (report / "index.html").read_text(encoding="utf-8")
    diffs = sorted(report.glob("diff-*.diff"))
    assert diffs and all(d.read_text(encoding="utf-8").startswith("--- ") for d in diffs)
    from storage import read

    edited = re.findall(r"<h3>(.*?)</h3>", page)
    assert len(edited) == len(diffs)
    for number, article_id in enumerate(edited, 1):  # each article's last change, as read.article_versions
        last = read.article_versions(demo_archive, article_id).to_pylist()[-1]["diff"]
        assert (report / f"diff-{number}.diff").read_text(encoding="utf-8") == last + "\n"
    assert 'class="add"' in page or 'class="del"' in page


def test_withdrawals_and_health_equal_the_parquet(demo_archive: Path, report: Path) -> None:
    withdrawn = parquet(
        demo_archive,
        "SELECT CAST(fetched_at AS DATE), count(*) FROM {fetches} WHERE outcome = 'withdrawn' GROUP BY 1",
    )
    got = rows(report / "withdrawals.csv")
    assert sum(int(r["withdrawn"]) for r in got) == sum(n for _, n in withdrawn) >= 1
    assert {r["day"] for r in got} == {str(day) for day, _ in withdrawn}
    runs = parquet(demo_archive, "SELECT counts FROM {runs} ORDER BY started_at")
    health = rows(report / "archive_health.csv")
    assert len(health) == len(runs)
    for row, (counts_json,) in zip(health, runs, strict=True):
        counts = json.loads(counts_json)
        assert int(row["pages"]) == counts["pages_fetched"] and int(row["new"]) == counts["articles_new"]
        assert (
            int(row["changed"]) == counts["articles_changed"] and int(row["failures"]) == counts["failures"]
        )
        assert float(row["coverage"]) == pytest.approx(counts["sitemap_covered"] / counts["sitemap_listed"])


def test_since_and_until_narrow_every_series(demo_archive: Path, tmp_path: Path) -> None:
    [(second_day,)] = parquet(demo_archive, "SELECT CAST(min(fetched_at) AS DATE) + 1 FROM {fetches}")
    out = tmp_path / "narrow"
    command = ["report", "--data", str(demo_archive), "--out", str(out), "--since", str(second_day)]
    done = CliRunner().invoke(main, [*command, "--until", str(second_day)])
    assert done.exit_code == 0, done.output
    health = rows(out / "archive_health.csv")
    assert [r["day"] for r in health] == [str(second_day)]
    shares = rows(out / "poll_shares.csv")
    assert shares and {r["observed_at"][:10] for r in shares} == {str(second_day)}
    backwards = CliRunner().invoke(main, [*command, "--until", "2000-01-01"])
    assert backwards.exit_code == 2


def test_headless_chromium_renders_the_page_from_disk(report: Path, tmp_path: Path) -> None:
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is needed for this test: apt-get install -y chromium (.ci/run does)")
    from PIL import Image, ImageStat

    shot = tmp_path / "report.png"
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
    command += ["--disable-background-networking", "--disable-component-update", "--disable-sync"]
    command += [f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}", "--window-size=1280,2400"]
    subprocess.run([*command, (report / "index.html").as_uri()], capture_output=True, timeout=120, check=True)
    image = Image.open(shot).convert("L")
    assert image.size == (1280, 2400)
    stat = ImageStat.Stat(image)
    assert stat.stddev[0] > 20  # charts and text, not a blank page (a blank one has 0)
    histogram = image.histogram()
    assert max(histogram) / sum(histogram) < 0.95  # no single shade fills the page
    if os.environ.get("RIAC_UPDATE_SCREENSHOT"):
        shutil.copyfile(shot, DOCS_SHOT)
