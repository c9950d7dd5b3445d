from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from crawler.items import Outcome, PageFailure
from crawler.stage.extract import FetchRecord, PageResult, summarise
from storage.known_state import last_poll, load_known_state
from storage.plan import ArticleVersions, commit, plan_rows
from storage.run_report import RunReport
from storage.write import RunWriter
from tests.flows.helpers import T0, item

ORIGIN = "https://russiancouncil.ru"


def _page(path: str, **kw: object) -> PageResult:
    at = kw.pop("at", T0)
    record = FetchRecord(ORIGIN + path, 200, at, "w.warc.gz", 0)  # type: ignore[arg-type]
    return PageResult(record, Outcome.ARTICLE, item=item(path, at=at, **kw))  # type: ignore[arg-type]


def _run(root: Path, run_id: str, pages: list[PageResult]) -> RunReport:
    known = load_known_state(root)
    report = RunReport(flow="archive", run_id=run_id, site=ORIGIN)
    plan = plan_rows(summarise(pages), known, run_id, report, last_poll(root))
    commit(root, run_id, plan, flow="archive", started_at=T0, status="completed", parameters={}, counts={})
    return report


def test_versions_ratings_polls_and_withdrawals_across_runs(tmp_path: Path) -> None:
    day1 = [_page("/en/news/a/"), _page("/en/news/b/"), _page("/en/amp/news/b/")]
    first = _run(tmp_path, "run-1", day1)
    assert (first.articles_new, first.articles_changed, first.articles_unchanged) == (2, 0, 0)
    assert (first.rating_snapshots, first.poll_snapshots) == (2, 1)
    assert (first.teasers_separated, first.boilerplate_removed) == (3, 12)
    assert first.pages_fetched == 3 and first.article_pages == 3

    later = T0 + timedelta(days=1)
    gone = PageResult(
        FetchRecord(f"{ORIGIN}/en/news/b/", 410, later),
        Outcome.WITHDRAWN,
        failure=PageFailure(f"{ORIGIN}/en/news/b/", Outcome.WITHDRAWN, "withdrawn", "HTTP 410"),
    )
    day2 = [
        _page("/en/news/a/", body="Body.\n\nAn edit.", votes=4, at=later),
        _page("/en/news/c/", votes=4, at=later),
        gone,
    ]
    second = _run(tmp_path, "run-2", day2)
    assert (second.articles_new, second.articles_changed, second.articles_withdrawn) == (1, 1, 0 + 1)
    assert second.poll_snapshots == 1  # the votes moved

    known = load_known_state(tmp_path)
    assert known.withdrawn == {"en/news/b"}
    assert known.live_ids == {"en/news/a", "en/news/c"}
    assert known.articles["en/news/a"].last_observed == later
    assert known.first_seen["en/news/a"] == T0

    again = _run(tmp_path, "run-3", [_page("/en/news/a/", body="Body.\n\nAn edit.", votes=4, at=later)])
    assert (again.articles_new, again.articles_changed, again.articles_unchanged) == (0, 0, 1)
    assert again.poll_snapshots == 0  # same poll, same counts: nothing new to record

    from storage import read

    assert read.count_rows(tmp_path, "articles") == 4
    assert read.count_rows(tmp_path, "ratings") == 2 + 2 + 1
    outcomes = read.read_table(tmp_path, "fetches", columns=["outcome"]).column("outcome").to_pylist()
    assert outcomes.count(str(Outcome.WITHDRAWN)) == 1


def test_a_withdrawn_article_that_comes_back_gets_a_new_version(tmp_path: Path) -> None:
    from storage import read

    _run(tmp_path, "run-1", [_page("/en/news/b/")])
    later = T0 + timedelta(days=1)
    gone = PageResult(
        FetchRecord(f"{ORIGIN}/en/news/b/", 404, later),
        Outcome.WITHDRAWN,
        failure=PageFailure(f"{ORIGIN}/en/news/b/", Outcome.WITHDRAWN, "withdrawn", "HTTP 404"),
    )
    _run(tmp_path, "run-2", [gone])
    [row] = read.latest_articles(tmp_path, columns=["article_id", "withdrawn_at"]).to_pylist()
    assert row == {"article_id": "en/news/b", "withdrawn_at": later}

    back = T0 + timedelta(days=2)
    report = _run(tmp_path, "run-3", [_page("/en/news/b/", at=back)])  # the very same content
    assert (report.articles_changed, report.articles_unchanged) == (1, 0)
    versions = read.article_versions(tmp_path, "en/news/b")
    assert versions["run_id"].to_pylist() == ["run-1", "run-3"]
    assert read.latest_articles(tmp_path, columns=["withdrawn_at"]).to_pylist() == [{"withdrawn_at": None}]
    assert load_known_state(tmp_path).withdrawn == set()


def test_failures_are_reported_and_stored_with_reasons(tmp_path: Path) -> None:
    url = f"{ORIGIN}/en/news/broken/"
    failure = PageFailure(url, Outcome.FAILED, "no-body", "no paragraphs after the author block")
    pages = [
        _page("/en/news/a/"),
        PageResult(FetchRecord(url, 200, T0, "w.warc.gz", 10), Outcome.FAILED, failure=failure),
    ]
    report = _run(tmp_path, "run-1", pages)
    assert [(f.url, f.error_type) for f in report.failures] == [(url, "no-body")]
    assert report.article_pages == 2 and report.failure_share == 0.5
    from storage import read

    stored = read.read_table(tmp_path, "failures").to_pylist()
    assert stored[0]["stage"] == "extract" and "no paragraphs" in stored[0]["message"]


class OnePass(Sequence[PageResult]):
    """Pages that can be read once, front to back (like spilled batches that must not be re-read)."""

    def __init__(self, pages: list[PageResult]) -> None:
        self._pages = pages
        self.passes = 0

    def __len__(self) -> int:
        return len(self._pages)

    def __iter__(self) -> Iterator[PageResult]:
        self.passes += 1
        assert self.passes == 1, "the pages were read twice"
        return iter(self._pages)

    def __getitem__(self, index: Any) -> Any:
        raise AssertionError("the pages were read again by position")


def test_a_staged_plan_reads_the_pages_once_and_stores_what_an_in_memory_plan_stores(tmp_path: Path) -> None:
    from storage import read

    later = T0 + timedelta(hours=1)
    pages = [
        _page("/en/amp/news/a/", body="AMP text."),
        _page("/en/news/b/"),
        _page("/en/news/a/", body="Main text.", at=later),  # the main page wins over its AMP copy
        _page("/en/amp/news/b/", body="AMP text."),  # an AMP copy after its page changes nothing
    ]
    _run(tmp_path / "memory", "run-1", pages)
    root = tmp_path / "staged"
    one_pass = OnePass(pages)
    report = RunReport(flow="archive", run_id="run-1", site=ORIGIN)
    writer = RunWriter(root, "run-1")
    extraction = replace(summarise(pages), pages=one_pass)
    plan = plan_rows(extraction, load_known_state(root), "run-1", report, stage=writer)
    assert plan.rows["articles"] == [] and writer.rows["articles"] == 2  # staged in the pass
    commit(root, "run-1", plan, flow="archive", started_at=T0, status="completed", parameters={}, counts={})
    assert one_pass.passes == 1 and (report.articles_new, report.articles_changed) == (2, 0)

    columns = ["article_id", "body", "fetched_url", "first_seen"]
    staged = read.latest_articles(root, columns=columns).sort_by("article_id").to_pylist()
    in_memory = read.latest_articles(tmp_path / "memory", columns=columns).sort_by("article_id").to_pylist()
    assert staged == in_memory
    assert [row["body"] for row in staged] == ["Main text.", "Body."]
    assert read.count_rows(root, "fetches") == 4


def test_a_staged_row_replaced_by_a_later_page_is_taken_back(tmp_path: Path) -> None:
    """Chunks of two: ``a`` is staged with ``b``, then a later page of ``a`` replaces it, and a later
    unchanged page of ``b`` withdraws its version; the staged chunk is rewritten without them."""
    from storage import read
    from storage.rows import article_row

    def row(path: str, body: str) -> dict[str, Any]:
        return article_row(item(path, body=body), run_id="run-1", first_seen=T0, stored_at=T0)

    writer = RunWriter(tmp_path, "run-1")
    versions = ArticleVersions(writer, chunk=2)
    versions.put("en/news/a", row("/en/news/a/", "First."))
    versions.put("en/news/b", row("/en/news/b/", "Only."))  # the chunk {a, b} is staged
    versions.put("en/news/c", row("/en/news/c/", "Third."))
    versions.put("en/news/a", row("/en/news/a/", "Second."))  # the chunk {c, a} is staged
    versions.discard("en/news/b")
    assert versions.finish() == []
    writer.commit()
    stored = read.read_table(tmp_path, "articles", columns=["article_id", "body"]).to_pylist()
    assert sorted((r["article_id"], r["body"]) for r in stored) == [
        ("en/news/a", "Second."),
        ("en/news/c", "Third."),
    ]
    assert writer.rows["articles"] == 2
