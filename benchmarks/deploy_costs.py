"""What each long-running part of the team deployment costs on this machine: start-up and idle memory.

    .venv/bin/python benchmarks/deploy_costs.py

Starts, one after the other on loopback: ``prefect server start`` (SQLite here; docs/deploy.md puts
it on PostgreSQL), a process-type ``prefect worker`` polling a pool, a ``dask scheduler`` and a
``dask worker``. For each: seconds until it answers (health endpoint, or registered with the
scheduler), then the RSS of its whole process tree after 10 s idle, and CPU seconds spent idle
over those 10 s. Prints a Markdown table.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.flows.server import free_port, server_env  # noqa: E402

IDLE_SECONDS = 10.0


def tree(process: psutil.Process) -> list[psutil.Process]:
    return [process, *process.children(recursive=True)]


def rss_mb(process: psutil.Process) -> float:
    return sum(p.memory_info().rss for p in tree(process)) / 2**20


def cpu_s(process: psutil.Process) -> float:
    total = 0.0
    for p in tree(process):
        times = p.cpu_times()
        total += times.user + times.system
    return total


def measure(
    label: str, command: list[str], env: dict[str, str], ready: Callable[[], bool]
) -> tuple[str, float, float, float, subprocess.Popen[bytes]]:
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not ready():
        if process.poll() is not None:
            raise RuntimeError(f"{label} exited")
        time.sleep(0.2)
    startup = time.perf_counter() - started
    handle = psutil.Process(process.pid)
    before = cpu_s(handle)
    time.sleep(IDLE_SECONDS)
    return label, startup, rss_mb(handle), cpu_s(handle) - before, process


def answers(url: str) -> Callable[[], bool]:
    def check() -> bool:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return True
        except OSError:
            return False

    return check


def main() -> None:
    rows = []
    started: list[subprocess.Popen[bytes]] = []
    with tempfile.TemporaryDirectory() as home:
        port = free_port()
        api = f"http://127.0.0.1:{port}/api"
        env = server_env(Path(home), api)
        try:
            server = measure(
                "Prefect server (SQLite, UI on)",
                [
                    sys.executable,
                    "-m",
                    "prefect",
                    "server",
                    "start",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                ],
                env,
                answers(f"{api}/health"),
            )
            started.append(server[-1])
            rows.append(server[:4])
            request = urllib.request.Request(
                f"{api}/work_pools/",
                data=json.dumps({"name": "costs", "type": "process"}).encode(),
                headers={"Content-Type": "application/json"},
                method="POST",
            )
            urllib.request.urlopen(request, timeout=30).close()

            def polling() -> bool:  # the worker has sent its first heartbeat to the pool
                request = urllib.request.Request(
                    f"{api}/work_pools/costs/workers/filter",
                    data=b"{}",
                    headers={"Content-Type": "application/json"},
                    method="POST",
                )
                with urllib.request.urlopen(request, timeout=10) as response:
                    return bool(json.loads(response.read()))

            worker = measure(
                "Prefect process worker (idle, polling)",
                [sys.executable, "-m", "prefect", "worker", "start", "--pool", "costs"],
                env,
                polling,
            )
            started.append(worker[-1])
            rows.append(worker[:4])
            scheduler_file = Path(home) / "scheduler.json"
            scheduler = measure(
                "Dask scheduler",
                [sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port", "0",
                 "--no-dashboard", "--scheduler-file", str(scheduler_file)],
                env,
                scheduler_file.exists,
            )  # fmt: skip
            started.append(scheduler[-1])
            rows.append(scheduler[:4])
            address = json.loads(scheduler_file.read_text())["address"]
            from distributed import Client

            with Client(address, timeout=60) as client:

                def registered() -> bool:
                    return len(client.scheduler_info()["workers"]) >= 1

                dask_worker = measure(
                    "Dask worker (1 thread, with its nanny)",
                    [sys.executable, "-m", "dask", "worker", address, "--nthreads", "1", "--no-dashboard"],
                    env,
                    registered,
                )
                started.append(dask_worker[-1])
                rows.append(dask_worker[:4])
                client.run(lambda: __import__("crawler.pages.article") and __import__("flows.reextract"))
                time.sleep(1)
                loaded = rss_mb(psutil.Process(dask_worker[-1].pid))
        finally:
            for process in reversed(started):
                process.terminate()
                process.wait(timeout=30)
    print(
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; idle window {IDLE_SECONDS:.0f} s\n"
    )
    print("| part | start-up s | RSS idle, MB | CPU s over the idle window |")
    print("|---|---:|---:|---:|")
    for label, startup, rss, cpu in rows:
        print(f"| {label} | {startup:.1f} | {rss:.0f} | {cpu:.2f} |")
    print(f"\nDask worker with the extractor and the flow module imported: {loaded:.0f} MB")


if __name__ == "__main__":
    main()
