"""Re-extraction of a big archive: the local process pool against 1 and 2 Dask workers, in one run.

    .venv/bin/python benchmarks/dask_reextract.py                  # 20,000 articles (archive built once)
    .venv/bin/python benchmarks/dask_reextract.py --articles 2000  # a few minutes

The archive is built once with ``riac-archive crawl --full --unthrottled`` against a replica of
``--articles`` articles (seed 1) into ``--archive`` (default ``/tmp/riac-bench-archive-<N>``) and
reused by later runs. Then, on the same archive and machine, one after the other:

1. ``local pool``: :func:`storage.reextraction.reextract_locally` over a process pool of ``--workers``;
2. ``dask N``: the ``reextract`` flow (Prefect, reporting to a ``prefect server`` started here) with
   prefect-dask's ``DaskTaskRunner`` on a ``LocalCluster`` of N single-threaded workers, N = 1, 2;
3. ``dask 2, no Prefect``: the same batches sent straight to the 2-worker cluster (``client.map``),
   which separates Prefect's cost per task from Dask's.

Per mode: wall seconds, articles per second, the ratio to the local pool, peak RSS per worker
process. Dask's own overhead per task: the round trip of 400 no-op tasks on the 2-worker cluster.
Nothing is written (a report-only re-extraction; the staged rows are dropped).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))

from storage.reextraction import (  # noqa: E402
    BATCH_RECORDS,
    finish_reextraction,
    plan_reextraction,
    reextract_batch,
    reextract_locally,
)


@dataclass(slots=True)
class Measured:
    mode: str
    seconds: float
    checked: int
    same: int
    batches: int
    worker_peak_mb: list[float]
    batch_seconds: float  # mean time inside a batch (no-Prefect Dask mode only)


def build_archive(folder: Path, articles: int) -> None:
    from crawler.replica.process import start_replica

    print(f"building the archive: {articles} articles into {folder} (once)", flush=True)
    started = time.perf_counter()
    with start_replica(articles=articles, seed=1) as site:
        command = [str(REPO / ".venv/bin/riac-archive"), "crawl", "--site", site.base_url, "--data"]
        command += [str(folder), "--unthrottled", "--full", "--no-prefect"]
        subprocess.run(command, check=True, capture_output=True)
    print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)


class ChildPeaks:
    """Peak RSS of every descendant process of this one, sampled every 0.2 s in a thread (not
    ``ru_maxrss``: Linux keeps a forked parent's peak across ``exec``, which Dask's workers inherit)."""

    def __init__(self) -> None:
        import threading

        self.peaks: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> ChildPeaks:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._stop.wait(0.2):
            for child in me.children(recursive=True):
                try:
                    command = " ".join(child.cmdline())
                    if "prefect" in command or "resource_tracker" in command:
                        continue  # the Prefect server, multiprocessing's helper
                    rss = child.memory_info().rss / 2**20
                except psutil.Error:
                    continue
                self.peaks[child.pid] = max(rss, self.peaks.get(child.pid, 0.0))


def local_pool(archive: Path, workers: int) -> Measured:
    started = time.perf_counter()
    with ChildPeaks() as children:
        report = reextract_locally(
            archive, str(archive), f"bench-{uuid.uuid4().hex[:8]}", write=False, workers=workers
        )
    seconds = time.perf_counter() - started
    peaks = sorted(children.peaks.values())
    mode = f"local pool ({workers} processes)"
    return Measured(mode, seconds, report.checked, report.same, report.batches, peaks, 0.0)


def _worker_pids(client: Any) -> set[int]:
    return set(client.run(os.getpid).values())


def on_dask(archive: Path, workers: int, with_prefect: bool) -> tuple[Measured, float | None]:
    from distributed import Client, LocalCluster

    from flows.reextract import run_reextract_flow

    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        client.run(lambda: __import__("crawler.pages.article"))  # imports paid before the clock starts
        pids = _worker_pids(client)
        sampler = ChildPeaks().__enter__()
        started = time.perf_counter()
        batch_seconds = 0.0
        if with_prefect:
            counts = run_reextract_flow(str(archive), dask_address=cluster.scheduler_address)
            checked, same, batches = counts["checked"], counts["same"], counts["batches"]
        else:
            job = plan_reextraction(archive, str(archive), f"bench-{uuid.uuid4().hex[:8]}")
            outcomes = client.gather(client.map(reextract_batch, job.batches, pure=False))
            report = finish_reextraction(job, outcomes, write=False)
            checked, same, batches = report.checked, report.same, report.batches
            batch_seconds = statistics.mean(o.seconds for o in outcomes)
        seconds = time.perf_counter() - started
        sampler.__exit__()
        peaks = sorted(mb for pid, mb in sampler.peaks.items() if pid in pids)
        overhead = noop_overhead(client) if workers == 2 and not with_prefect else None
        mode = f"dask {workers} worker{'s' if workers > 1 else ''}" + ("" if with_prefect else ", no Prefect")
        return Measured(mode, seconds, checked, same, batches, peaks, batch_seconds), overhead


def noop_overhead(client: Any, tasks: int = 400) -> float:
    """Seconds per task of Dask's round trip (submit, schedule, run nothing, gather), tasks in flight."""

    def noop(number: int) -> int:
        return number

    client.gather(client.map(noop, range(20), pure=False))  # warm
    started = time.perf_counter()
    client.gather(client.map(noop, range(tasks), pure=False))
    return (time.perf_counter() - started) / tasks


def prefect_server(home: Path) -> subprocess.Popen[bytes]:
    sys.path.insert(0, str(REPO))
    from tests.flows.server import free_port, server_env

    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = server_env(home, url)
    process = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import urllib.request

    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2):
                break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
    os.environ.update(PREFECT_API_URL=url, PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    return process


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--archive", type=Path, default=None)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="local pool processes")
    args = parser.parse_args()
    archive = args.archive or Path(tempfile.gettempdir()) / f"riac-bench-archive-{args.articles}"
    if not (archive / "_runs").exists():
        build_archive(archive, args.articles)
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as home:
        server = prefect_server(Path(home))
        try:
            results = [local_pool(archive, args.workers)]
            overhead = None
            for workers, with_prefect in ((1, True), (2, True), (2, False)):
                measured, found = on_dask(archive, workers, with_prefect)
                results.append(measured)
                overhead = found if found is not None else overhead
        finally:
            server.terminate()
            server.wait(timeout=30)
    base = results[0].seconds
    print(
        f"\n{results[0].checked} stored articles, batches of {BATCH_RECORDS} records, "
        f"{os.cpu_count()} cores, "
        f"load average at start {load[0]:.2f} / {load[1]:.2f}\n"
    )
    print("| mode | wall s | articles/s | × local pool | batches | peak RSS per worker, MB |")
    print("|---|---:|---:|---:|---:|---|")
    for m in results:
        peaks = ", ".join(f"{mb:.0f}" for mb in m.worker_peak_mb)
        print(
            f"| {m.mode} | {m.seconds:.1f} | {m.checked / m.seconds:.0f} | {base / m.seconds:.2f}× "
            f"| {m.batches} | {peaks} |"
        )
    assert len({(m.checked, m.same) for m in results}) == 1, "the modes disagree"
    if overhead is not None:
        on_prefect, bare = results[2], results[3]
        print(
            f"\nDask's round trip per task (400 no-op tasks in flight, 2 workers): {overhead * 1000:.2f} ms"
        )
        print(
            f"Mean time inside one batch of {BATCH_RECORDS} records (Dask, no Prefect): "
            f"{bare.batch_seconds:.2f} s"
        )
        added = (on_prefect.seconds - bare.seconds) / max(1, on_prefect.batches)
        print(
            f"Wall time Prefect's task runs add per batch (dask 2 workers − no Prefect): "
            f"{added * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
