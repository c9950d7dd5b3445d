from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from flows.deploy import ARCHIVE_CRON, COMPACT_CRON, REFRESH_CRON
from flows.options import ArchiveOptions
from tests.flows.api import call, deployments, flow_runs


def _crons(api_url: str) -> dict[str, tuple[str, bool, bool]]:
    """deployment name -> (cron, schedule active, deployment paused)"""
    out = {}
    for d in deployments(api_url):
        schedule = d["schedules"][0]
        out[d["name"]] = (schedule["schedule"]["cron"], schedule["active"], d["paused"])
    return out


def test_serve_registers_scheduled_deployments_that_stay_active_after_it_stops(
    prefect_server: dict[str, str], tmp_path: Path
) -> None:
    api_url = prefect_server["PREFECT_API_URL"]
    command = [
        sys.executable,
        "-m",
        "flows.cli",
        "serve",
        "--site",
        "http://127.0.0.1:9",
        "--data",
        str(tmp_path),
    ]
    process = subprocess.Popen(command, env=prefect_server, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 90
        while len(_crons(api_url)) < 3:
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            assert time.monotonic() < deadline, "deployments did not appear"
            time.sleep(0.5)
    finally:
        process.terminate()
        process.wait(timeout=30)
    crons = _crons(api_url)
    assert crons == {
        "archive-daily": (ARCHIVE_CRON, True, False),
        "refresh": (REFRESH_CRON, True, False),
        "compact-weekly": (COMPACT_CRON, True, False),
    }


def test_work_pool_deployments_run_on_a_worker(prefect_server: dict[str, str], tmp_path: Path) -> None:
    api_url = prefect_server["PREFECT_API_URL"]
    repo = str(Path(__file__).resolve().parents[2])

    def run(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", *args], env=prefect_server, capture_output=True, timeout=180, cwd=tmp_path
        )
        assert done.returncode == 0, done.stderr.decode()[-2000:]
        return done.stdout.decode()

    call(api_url, "/work_pools/", {"name": "riac-test", "type": "process"})
    data = str(tmp_path / "data")
    out = run("flows.cli", "serve", "--pool", "riac-test", "--source", repo, "--data", data)
    assert "registered on work pool 'riac-test'" in out
    pooled = {d["name"]: d for d in deployments(api_url)}
    assert {pooled[n]["work_pool_name"] for n in ("archive-daily", "refresh", "compact-weekly")} == {
        "riac-test"
    }
    for name in ("archive-daily", "refresh"):  # the flows' one options object, serialised whole
        shown = pooled[name]["parameters"]["options"]
        assert ArchiveOptions.model_validate(shown) == ArchiveOptions(data=Path(data))
        assert shown["site"] == "https://russiancouncil.ru" and shown["policy"] == "7:1,365:7,30"
    call(api_url, f"/deployments/{pooled['compact-weekly']['id']}/create_flow_run", {})
    run("prefect", "worker", "start", "--pool", "riac-test", "--run-once")
    runs = [r for r in flow_runs(api_url) if r["name"].startswith("compact")]
    assert [r["state"]["type"] for r in runs] == ["COMPLETED"]
