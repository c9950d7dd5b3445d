"""Once against a real ``prefect server``: ``riac-archive crawl`` reports to it, the run completes with
its artifacts and forwarded Scrapy logs, and the UI shows it Completed in a headless chromium.

``RIAC_UPDATE_SCREENSHOT=1`` also copies the screenshot to docs/prefect-run.png (the README's).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.replica.process import ReplicaProcess
from flows.options import ArchiveOptions
from tests.flows.api import artifacts, flow_runs, logs

CHROMIUM = "/usr/bin/chromium"
DOCS_SHOT = Path(__file__).parents[2] / "docs" / "prefect-run.png"


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[bytes]:
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=20000",  # let the single-page app fetch the run before the capture
        *args,
    ]
    return subprocess.run(command, capture_output=True, timeout=120, check=True)


ServedRun = tuple[str, dict, Path, str]  # API URL, the flow run, its data directory, the site


@pytest.fixture(scope="module")
def served_run(
    prefect_server: dict[str, str], replica: ReplicaProcess, tmp_path_factory: pytest.TempPathFactory
):
    data = tmp_path_factory.mktemp("served")
    command = [sys.executable, "-m", "flows.cli", "crawl", "--site", replica.base_url, "--data", str(data)]
    command += ["--unthrottled", "--as-of", "2025-03-03T06:00:00"]
    done = subprocess.run(command, env=prefect_server, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    api_url = prefect_server["PREFECT_API_URL"]
    runs = [r for r in flow_runs(api_url) if _options_of(r).get("data") == str(data)]
    assert len(runs) == 1
    return api_url, runs[0], data, replica.base_url


def _options_of(run: dict) -> dict:
    """The run's one parameter: the whole options object, as the Prefect UI shows it."""
    return run["parameters"].get("options") or {}


def test_failed_and_idle_runs_read_right_on_the_console_and_in_the_ui(
    prefect_server: dict[str, str], tmp_path: Path
) -> None:
    """Nothing answers: exit 1, the same closing table as a local run, each Scrapy line once, one line
    why; the run is Failed with its report attached. A refresh before any archive: exit 0, one line,
    a Completed run named for it."""
    api_url = prefect_server["PREFECT_API_URL"]
    base = [sys.executable, "-m", "flows.cli"]
    down = tmp_path / "down"
    command = [*base, "crawl", "--site", "http://127.0.0.1:1", "--data", str(down), "--unthrottled"]
    done = subprocess.run(command, env=prefect_server, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr[-3000:]
    assert done.stderr.strip().splitlines()[-1].startswith("Run failed: none of")
    assert "Traceback" not in done.stderr
    assert "Pages fetched" in done.stdout and "failed for good" in done.stdout
    assert "pages_fetched:" not in done.stdout  # not the raw counts
    console = done.stdout + done.stderr
    assert console.count("[scrapy.core.engine] INFO: Spider opened") == 1
    run = next(r for r in flow_runs(api_url) if _options_of(r).get("data") == str(down))
    assert run["state"]["type"] == "FAILED" and run["state"]["message"].startswith("Run failed")
    report = next(a for a in artifacts(api_url, run["id"]) if a["key"] == "archive-report")
    assert "Failed for good" in report["data"]

    fresh = tmp_path / "fresh"
    command = [*base, "refresh", "--site", "http://127.0.0.1:1", "--data", str(fresh)]
    done = subprocess.run(command, env=prefect_server, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1].startswith("riac-archive refresh: nothing to refresh")
    run = next(r for r in flow_runs(api_url) if _options_of(r).get("data") == str(fresh))
    assert run["state"]["type"] == "COMPLETED" and "nothing to refresh" in run["name"]


def test_the_run_shows_its_options_whole(served_run: ServedRun) -> None:
    """The flow's one parameter is the options object the command built: every field, defaults too,
    the refresh policy as its spec, the simulated clock in UTC."""
    _, run, data, site = served_run
    assert set(run["parameters"]) == {"options"}
    as_of = datetime(2025, 3, 3, 6, tzinfo=UTC)
    expected = ArchiveOptions(site=site, data=data, unthrottled=True, as_of=as_of)
    shown = _options_of(run)
    assert ArchiveOptions.model_validate(shown) == expected
    assert set(shown) == set(ArchiveOptions.model_fields)
    assert shown["policy"] == "7:1,365:7,30" and shown["langs"] == ["en", "ru"]


def test_flow_run_completes_with_artifacts_and_forwarded_logs(served_run: ServedRun) -> None:
    api_url, run, _, _ = served_run
    assert run["state"]["type"] == "COMPLETED"
    assert " new, " in run["name"]  # renamed to say what it did
    keys = {a["key"] for a in artifacts(api_url, run["id"])}
    assert {"archive-report", "archive-figures"} <= keys
    report = next(a for a in artifacts(api_url, run["id"]) if a["key"] == "archive-report")
    assert "| Pages fetched |" in report["data"]
    messages = [entry["message"] for entry in logs(api_url, run["id"])]
    assert any(m.startswith("[scrapy") for m in messages), messages[:20]
    assert any("stored:" in m for m in messages)


def test_the_ui_shows_the_run_completed(served_run: ServedRun, tmp_path: Path) -> None:
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is needed for this test: apt-get install -y chromium (.ci/run does)")
    api_url, run, _, _ = served_run
    page = api_url.removesuffix("/api") + f"/runs/flow-run/{run['id']}"
    dom = chromium("--dump-dom", page, profile=tmp_path / "profile-dom").stdout.decode()
    assert "Completed" in dom and run["name"][:30] in dom
    shot = tmp_path / "prefect-run.png"
    chromium(f"--screenshot={shot}", "--window-size=1400,900", page, profile=tmp_path / "profile-shot")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    if os.environ.get("RIAC_UPDATE_SCREENSHOT"):
        shutil.copyfile(shot, DOCS_SHOT)


def test_the_run_carries_its_health_chart_and_report_and_refreshes_the_card(
    served_run: ServedRun,
) -> None:
    """The archive flow rebuilds <data>/report/, attaches the health chart (embedded PNG) and the report's
    summary to its run, and rewrites the dataset card in the data directory."""
    import base64

    api_url, run, data, _ = served_run
    by_key = {a["key"]: a for a in artifacts(api_url, run["id"])}
    chart = (data / "report" / "health.png").read_bytes()
    markdown = by_key["archive-health"]["data"]
    embedded = markdown.split("data:image/png;base64,", 1)[1].split(")", 1)[0]
    assert base64.b64decode(embedded) == chart and chart[:8] == b"\x89PNG\r\n\x1a\n"
    assert str(data / "report" / "index.html") in markdown and "- runs: 1" in markdown
    image = by_key["archive-health-chart"]
    assert image["type"] == "image" and base64.b64decode(image["data"].split(",", 1)[1]) == chart
    health = (data / "report" / "archive_health.csv").read_text(encoding="utf-8").splitlines()
    assert len(health) == 2 and run["id"] in health[1]  # this run's row, drawn after its commit
    for name in ("README.md", "croissant.json", "datapackage.json"):
        assert (data / name).stat().st_size > 500
    assert "1 runs" in (data / "README.md").read_text(encoding="utf-8")


def test_the_ui_shows_the_health_chart_on_the_artifact_page(served_run: ServedRun, tmp_path: Path) -> None:
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is needed for this test: apt-get install -y chromium (.ci/run does)")
    api_url, run, _, _ = served_run
    artifact = next(a for a in artifacts(api_url, run["id"]) if a["key"] == "archive-health")
    page = api_url.removesuffix("/api") + f"/artifacts/artifact/{artifact['id']}"
    dom = chromium("--dump-dom", page, profile=tmp_path / "profile-dom").stdout.decode()
    assert "Archive health per run" in dom and 'src="data:image/png;base64,' in dom
