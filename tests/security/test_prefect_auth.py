"""Who gets in: a real ``prefect server`` with basic auth refuses unauthenticated API calls, while the
product's own run (``riac-archive crawl`` with ``PREFECT_API_AUTH_STRING``) still reports to it; and
neither the auth string nor a planted object-store secret appears in anything the run wrote.
"""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from crawler.replica.process import ReplicaProcess
from tests.flows.server import basic_auth, prefect_server_process
from tests.security.grep import local_files, places

PASSWORD = "pw-" + secrets.token_hex(12)
AUTH = f"riac:{PASSWORD}"
AWS_SECRET = "planted-" + secrets.token_hex(16)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict[str, str], Path]]:
    home = tmp_path_factory.mktemp("prefect-auth-home")
    with prefect_server_process(home, auth_string=AUTH) as env:
        yield env, home


@pytest.fixture(scope="module")
def reported_run(
    server: tuple[dict[str, str], Path], replica: ReplicaProcess, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    env, _ = server
    data = tmp_path_factory.mktemp("auth-run")
    run_env = {**env, "AWS_ACCESS_KEY_ID": "AKIAPLANTED", "AWS_SECRET_ACCESS_KEY": AWS_SECRET}
    command = [sys.executable, "-m", "flows.cli", "crawl", "--site", replica.base_url, "--data", str(data)]
    command += ["--unthrottled", "--as-of", "2025-03-03T06:00:00"]
    done = subprocess.run(command, env=run_env, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    return {"data": data, "stdout": done.stdout, "stderr": done.stderr, "api": env["PREFECT_API_URL"]}


def test_prefect_server_binds_to_loopback_by_default() -> None:
    from prefect.settings import PREFECT_SERVER_API_HOST

    assert PREFECT_SERVER_API_HOST.value() == "127.0.0.1"


def test_unauthenticated_api_requests_are_refused(server: tuple[dict[str, str], Path]) -> None:
    api = server[0]["PREFECT_API_URL"]
    # the health probe stays open (load balancers need it; it says only "true"), the data does not
    assert httpx.get(f"{api}/health", timeout=10).status_code == 200
    for path in ("/flow_runs/filter", "/logs/filter", "/artifacts/filter", "/deployments/filter"):
        assert httpx.post(api + path, json={}, timeout=10).status_code == 401, path
    assert httpx.get(f"{api}/admin/settings", timeout=10).status_code == 401
    wrong = basic_auth("riac:not-the-password")
    assert httpx.post(f"{api}/flow_runs/filter", json={}, headers=wrong, timeout=10).status_code == 401
    good = httpx.post(f"{api}/flow_runs/filter", json={}, headers=basic_auth(AUTH), timeout=10)
    assert good.status_code == 200 and isinstance(good.json(), list)


def _post(api: str, path: str, body: dict[str, Any]) -> Any:
    response = httpx.post(api + path, json=body, headers=basic_auth(AUTH), timeout=30)
    response.raise_for_status()
    return response.json()


def test_the_products_run_reports_to_the_authenticated_server(reported_run: dict[str, Any]) -> None:
    runs = [r for r in _post(reported_run["api"], "/flow_runs/filter", {}) if r["name"].startswith("archive")]
    assert len(runs) == 1 and runs[0]["state"]["type"] == "COMPLETED"
    artifacts = _post(
        reported_run["api"], "/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [runs[0]["id"]]}}}
    )
    assert "archive-report" in {a["key"] for a in artifacts}


def test_no_credential_in_anything_the_run_wrote(
    reported_run: dict[str, Any], server: tuple[dict[str, str], Path]
) -> None:
    api = reported_run["api"]
    run = next(r for r in _post(api, "/flow_runs/filter", {}) if r["name"].startswith("archive"))
    by_run = {"flow_run_id": {"any_": [run["id"]]}}
    written = local_files(reported_run["data"])
    assert any(name.endswith(".warc.gz") for name in written) and any(n.endswith(".parquet") for n in written)
    written["stdout"] = reported_run["stdout"]
    written["stderr"] = reported_run["stderr"]
    written["flow run"] = json.dumps(run).encode()
    written["logs"] = json.dumps(_post(api, "/logs/filter", {"logs": by_run, "limit": 200})).encode()
    written["artifacts"] = json.dumps(_post(api, "/artifacts/filter", {"artifacts": by_run})).encode()
    tasks = _post(api, "/task_runs/filter", {"flow_runs": {"id": {"any_": [run["id"]]}}})
    written["task runs"] = json.dumps(tasks).encode()
    home = server[1]
    written.update({f"prefect home: {k}": v for k, v in local_files(home).items()})  # database, log
    # the search reads what it must: gzipped WARC records and the values inside Parquet files
    assert places(run["id"], written), "the flow run id should be found in the run's own records"
    warcs = {k: v for k, v in written.items() if k.endswith(".warc.gz")}
    assert places("https://russiancouncil.ru/en/", warcs)
    assert places(AWS_SECRET, written) == []
    assert places(PASSWORD, written) == []
