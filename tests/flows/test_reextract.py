from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from crawler.replica.process import ReplicaProcess
from crawler.stage.extract import extract_all
from flows.reextract import reextract
from storage.known_state import load_known_state
from storage.plan import commit, plan_rows
from storage.run_report import RunReport
from tests.flows.helpers import fetch_into_warc

SEED = "/en/analytics-and-comments/analytics/the-art-of-expectation-management/"
GOLD = Path(__file__).parents[1] / "fixtures" / "seed" / "the-art-of-expectation-management.gold.json"


def _archive(root: Path, replica: ReplicaProcess, run_id: str, edit: bool = False) -> RunReport:
    others = [a["path"] for a in replica.index() if not a["withdrawn"] and a["path"] != SEED]
    paths = [SEED, *others[:7]]
    (root / "warc").mkdir(parents=True, exist_ok=True)
    records = fetch_into_warc(replica.base_url, paths, root / "warc" / f"{run_id}.warc.gz", root)
    extraction = extract_all(records, set(), root, workers=1)
    if edit:  # pretend an older extractor had produced another body for the seed article
        for page in extraction.pages:
            if page.item is not None and page.record.url.endswith(SEED):
                object.__setattr__(page, "item", replace(page.item, body_paragraphs=("An older body.",)))
    report = RunReport(flow="archive", run_id=run_id, site=replica.base_url)
    plan = plan_rows(extraction, load_known_state(root), run_id, report)
    commit(
        root,
        run_id,
        plan,
        flow="archive",
        started_at=records[0].fetched_at,
        status="completed",
        parameters={},
        counts={},
    )
    return report


def test_seed_page_extracts_as_its_gold_through_the_warc_archive(
    tmp_path: Path, replica: ReplicaProcess
) -> None:
    report = _archive(tmp_path, replica, "run-1")
    assert report.articles_new >= 6 and not report.failures
    from storage import read

    seed = next(r for r in read.latest_articles(tmp_path).to_pylist() if r["url"].endswith(SEED))
    gold = json.loads(GOLD.read_text())
    squash = lambda ps: [" ".join(p.split()) for p in ps]  # noqa: E731
    assert squash(seed["body"].split("\n\n")) == squash(gold["body_paragraphs"])
    assert squash(seed["summary"].split("\n\n")) == squash(gold["summary_paragraphs"])
    assert [a["name"] for a in seed["authors"]] == [a["name"] for a in gold["authors"]]


def test_reextract_reports_identical_and_differing_articles_offline(
    tmp_path: Path, replica: ReplicaProcess
) -> None:
    _archive(tmp_path, replica, "run-1", edit=True)
    result = reextract(tmp_path, workers=1)
    assert result.checked >= 7 and not result.unreadable
    assert [d.article_id for d in result.differing] == [SEED.strip("/")]
    assert result.differing[0].fields == ("body",)
    assert result.same == result.checked - 1
    assert "An older body." in result.to_markdown()

    written = reextract(tmp_path, write=True, run_id="reextract-1", workers=1)
    assert written.written == 1
    assert reextract(tmp_path, workers=1).differing == []


def test_reextract_write_waits_for_no_archive_run(tmp_path: Path, replica: ReplicaProcess) -> None:
    """While an archive run holds the data directory, ``reextract --write`` refuses (it would store
    a re-extraction of an older capture over a version that run may be storing); reading is fine."""
    import subprocess
    import sys

    from storage.lock import DataDirBusy, run_lock

    _archive(tmp_path, replica, "run-1", edit=True)
    with run_lock(tmp_path, "archive-run-in-progress") as locked:
        assert locked
        assert len(reextract(tmp_path, workers=1).differing) == 1  # a report needs no lock
        try:
            reextract(tmp_path, write=True, workers=1)
        except DataDirBusy as exc:
            assert "archive-run-in-progress" in str(exc)
        else:
            raise AssertionError("reextract --write ran while an archive run held the lock")
        command = [sys.executable, "-m", "flows.cli", "reextract", "--data", str(tmp_path), "--write"]
        command.append("--no-prefect")
        busy = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert busy.returncode == 75 and "archive-run-in-progress" in busy.stderr
    assert reextract(tmp_path, write=True, workers=1).written == 1  # the lock is free again
