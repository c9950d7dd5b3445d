"""The Prefect server down when a run starts (PREFECT_API_URL on a closed loopback port).

Without ``--prefect`` the run says so in one line and archives locally: a monitoring outage must not
cost a day of rating snapshots. With ``--prefect`` (a run that must be reported) it fails at once
with one line and starts nothing. Before: a 3.7 s Prefect traceback ending in ``RuntimeError: Failed
to reach API`` and no run at all.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from pathlib import Path

from crawler.replica.process import ReplicaProcess
from tests.reliability import datasets
from tests.reliability.cli import run_crawl


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # closed again when the block ends: nothing listens


def test_server_down_the_run_goes_local_and_loses_nothing(
    replica_factory: Callable[..., ReplicaProcess], tmp_path: Path, env: dict[str, str]
) -> None:
    site = replica_factory(articles=20, seed=9)
    down = {**env, "PREFECT_API_URL": f"http://127.0.0.1:{_closed_port()}/api"}
    data = tmp_path / "data"

    t0 = time.monotonic()
    forced = run_crawl(site.base_url, data, down, "2025-03-03T12:00:00", "--prefect")
    forced_s = time.monotonic() - t0
    assert forced.returncode == 1, forced.stderr[-2000:]
    lines = forced.stderr.strip().splitlines()
    assert len(lines) == 1 and "Prefect server" in lines[0] and "not reachable" in lines[0], lines
    assert not data.exists() or not any(data.iterdir())  # nothing started, nothing half-done

    t0 = time.monotonic()
    local = run_crawl(site.base_url, data, down)
    local_s = time.monotonic() - t0
    assert local.returncode == 0, local.stderr[-2000:]
    warnings = [line for line in local.stderr.splitlines() if "Prefect server" in line]
    assert len(warnings) == 1 and "running without it" in warnings[0], local.stderr
    assert datasets.truth_article_ids(site.index()) <= datasets.stored_article_ids(data)
    assert [r["status"] for r in datasets.rows(data, "runs")] == ["completed"]
    assert datasets.duplicates(data) == {dataset: [] for dataset in datasets.KEYS}
    print(f"\nprefect down: --prefect refused in {forced_s:.1f} s; local run {local_s:.1f} s")
