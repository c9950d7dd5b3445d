"""A real Dask cluster for tests: ``dask scheduler`` and ``dask worker`` processes on loopback.

The scheduler takes a free port itself (``--port 0``) and writes its address to a scheduler file;
the helper waits for that file, then for every worker to register with the scheduler (a client's
``wait_for_workers``), never for a fixed time. Every process is stopped by its own id at the end.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.processes import stop_processes

STARTUP = 90.0


@dataclass(frozen=True, slots=True)
class DaskCluster:
    address: str  # tcp://127.0.0.1:<port>
    workers: int
    folder: Path

    def executed_per_worker(self) -> dict[str, int]:
        """Tasks each worker has run so far (Dask's own count), by worker address."""
        from distributed import Client

        with Client(self.address, timeout=30) as client:
            counts: dict[str, int] = client.run(lambda dask_worker: dask_worker.state.executed_count)
        return counts


def _wait_for_file(path: Path, process: subprocess.Popen[bytes], log: Path) -> dict[str, object]:
    deadline = time.monotonic() + STARTUP
    while True:
        if path.exists():
            try:
                info: dict[str, object] = json.loads(path.read_text())
                return info
            except json.JSONDecodeError:  # still being written
                pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"dask scheduler did not start: {log.read_text()[-2000:]}")
        time.sleep(0.1)


@contextmanager
def dask_cluster(folder: Path, workers: int, env: dict[str, str]) -> Iterator[DaskCluster]:
    """``dask scheduler`` plus ``workers`` single-threaded ``dask worker`` processes, with ``env``
    (the workers run Prefect tasks: they need the flow's ``PREFECT_API_URL``)."""
    from distributed import Client

    folder.mkdir(parents=True, exist_ok=True)
    scheduler_file = folder / "scheduler.json"
    processes: list[subprocess.Popen[bytes]] = []
    logs = []
    try:
        log = folder / "scheduler.log"
        logs.append(log.open("wb"))
        command = [sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port", "0"]
        command += ["--no-dashboard", "--scheduler-file", str(scheduler_file)]
        scheduler = subprocess.Popen(command, env=env, stdout=logs[-1], stderr=subprocess.STDOUT)
        processes.append(scheduler)
        address = str(_wait_for_file(scheduler_file, scheduler, log)["address"])
        for number in range(workers):
            logs.append((folder / f"worker-{number}.log").open("wb"))
            command = [sys.executable, "-m", "dask", "worker", address, "--nthreads", "1", "--nworkers", "1"]
            command += ["--no-dashboard", "--host", "127.0.0.1", "--name", f"worker-{number}"]
            command += ["--local-directory", str(folder / f"worker-{number}")]
            processes.append(subprocess.Popen(command, env=env, stdout=logs[-1], stderr=subprocess.STDOUT))
        with Client(address, timeout=STARTUP) as client:
            client.wait_for_workers(workers, timeout=STARTUP)
        yield DaskCluster(address, workers, folder)
    finally:
        stop_processes(*reversed(processes))
        for handle in logs:
            handle.close()


def worker_env(prefect_home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment for Dask workers that run Prefect tasks: the API URL of the Prefect
    server this process reports to (the test harness's), a Prefect home of their own."""
    import os

    from prefect.settings import PREFECT_API_URL

    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(extra or {})
    env.update(
        PREFECT_API_URL=str(PREFECT_API_URL.value()),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_HOME=str(prefect_home),
    )
    return env
