"""Two Prefect workers of one process work pool, two archive runs of the site submitted at once, one
S3 (moto) datasets root and a data directory each (so the local run lock cannot keep them apart):
the site's global concurrency limit lets one run crawl while the other waits, and the second then
starts from the first one's data: the runs never overlap and no article is stored twice.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.replica.process import ReplicaProcess
from flows.site_limit import limit_name
from tests.flows.api import call, deployments, flow_runs
from tests.moto_s3 import moto_endpoint, s3_client, subprocess_env
from tests.processes import stop_processes

REPO = Path(__file__).resolve().parents[2]
POOL = "riac-pair"
ROOT = "s3://riac-pool/data"
DEADLINE = 300.0


def _terminal(api_url: str, ids: set[str]) -> dict[str, str]:
    """Wait until every flow run in ``ids`` has ended; their final state types."""
    deadline = time.monotonic() + DEADLINE
    while True:
        states = {r["id"]: r["state"]["type"] for r in flow_runs(api_url) if r["id"] in ids}
        if len(states) == len(ids) and all(
            s in {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"} for s in states.values()
        ):
            return states
        assert time.monotonic() < deadline, states
        time.sleep(0.5)


def test_two_workers_never_crawl_the_site_at_once(
    prefect_server: dict[str, str], replica: ReplicaProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storage import read

    api_url = prefect_server["PREFECT_API_URL"]
    with moto_endpoint() as endpoint:
        env = {**subprocess_env(endpoint), **prefect_server, "PREFECT_WORKER_QUERY_SECONDS": "1"}
        s3_client(env).create_bucket(Bucket="riac-pool")
        command = [sys.executable, "-m", "flows.cli", "serve", "--work-pool", POOL, "--source", str(REPO)]
        command += ["--site", replica.base_url, "--data", str(tmp_path / "unused"), "--datasets", ROOT]
        registered = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=180, cwd=tmp_path
        )
        assert registered.returncode == 0, registered.stderr[-2000:]
        archive = next(
            d for d in deployments(api_url) if d["name"] == "archive-daily" and d["work_pool_name"] == POOL
        )

        workers = []
        logs = []
        try:
            for number in range(2):
                logs.append((tmp_path / f"worker-{number}.log").open("wb"))
                start = [sys.executable, "-m", "prefect", "worker", "start", "--pool", POOL, "--limit", "1"]
                workers.append(
                    subprocess.Popen(start, env=env, cwd=tmp_path, stdout=logs[-1], stderr=subprocess.STDOUT)
                )
            ids = set()
            for name in ("a", "b"):  # at once, each with a data directory of its own
                defaults = archive["parameters"]["options"]
                options = {**defaults, "data": str(tmp_path / name), "unthrottled": True}
                parameters = {"options": options}  # the flow's one parameter, whole
                run = call(
                    api_url, f"/deployments/{archive['id']}/create_flow_run", {"parameters": parameters}
                )
                ids.add(run["id"])
            states = _terminal(api_url, ids)
        finally:
            stop_processes(*workers, timeout=30)
            for handle in logs:
                handle.close()
        logs_text = "".join(
            (tmp_path / f"worker-{n}.log").read_text(errors="replace")[-1500:] for n in range(2)
        )
        assert set(states.values()) == {"COMPLETED"}, logs_text

        for key in ("AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION"):
            monkeypatch.setenv(key, env[key])
        runs = sorted(read.read_table(ROOT, "runs").to_pylist(), key=lambda r: r["started_at"])
        articles = read.read_table(ROOT, "articles", columns=["article_id"]).column("article_id").to_pylist()

    assert [r["flow"] for r in runs] == ["archive", "archive"]
    first, second = runs
    assert second["started_at"] >= first["finished_at"]  # the second waited for the site's slot
    assert json.loads(first["counts"])["articles_new"] > 0
    assert json.loads(second["counts"])["articles_new"] == 0  # it started from the first run's data
    assert len(articles) == len(set(articles))  # no article stored twice
    limit = call(api_url, f"/v2/concurrency_limits/{limit_name(replica.base_url)}")
    assert limit["limit"] == 1 and limit["active_slots"] == 0
