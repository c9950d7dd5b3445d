from __future__ import annotations

from pathlib import Path

import pytest

from crawler.stage.extract import FetchRecord, PageResult, summarise
from storage.known_state import load_known_state
from storage.plan import commit, plan_rows
from storage.run_report import RunReport
from tests.flows.helpers import T0, item

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _store_runs(root: Path, runs: int) -> None:
    from crawler.items import Outcome

    for n in range(runs):
        path = f"/en/news/n{n}/"
        page = PageResult(
            FetchRecord("https://russiancouncil.ru" + path, 200, T0), Outcome.ARTICLE, item=item(path)
        )
        report = RunReport(flow="archive", run_id=f"run-{n}", site="x")
        plan = plan_rows(summarise([page]), load_known_state(root), f"run-{n}", report)
        commit(
            root,
            f"run-{n}",
            plan,
            flow="archive",
            started_at=T0,
            status="completed",
            parameters={},
            counts={},
        )


def _artifact(key: str) -> str:
    from prefect import get_client

    with get_client(sync_client=True) as client:
        artifact = client.read_latest_artifacts(limit=50)
    found = [a for a in artifact if a.key == key]
    assert found, f"no artifact {key}"
    return str(found[0].data)


def test_compact_flow_merges_and_publishes_its_report(tmp_path: Path) -> None:
    from flows.maintenance import compact
    from storage import read

    _store_runs(tmp_path, 3)
    result = compact(data=str(tmp_path))
    assert result["merged"] and sum(result["merged"].values()) >= 3
    assert read.count_rows(tmp_path, "articles") == 3
    assert "files merged" in _artifact("compact-report")


def test_reextract_flow_reports_nothing_to_change_for_items_without_warc(tmp_path: Path) -> None:
    from flows.maintenance import reextract

    _store_runs(tmp_path, 2)
    counts = reextract(data=str(tmp_path))
    assert counts == {
        "checked": 2,
        "same": 0,
        "differing": 0,
        "written": 0,
        "batches": 0,
        "worker_processes": 0,
    }
    assert "could not be re-extracted" in _artifact("reextract-report")
