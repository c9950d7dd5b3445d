"""Start the replica in a subprocess (for tests, the demo and benchmarks) and drive its clock."""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote

import crawler

STARTUP_TIMEOUT = 60.0


class ReplicaProcess:
    """A running replica: ``base_url``, clock control, truth; a context manager that stops it."""

    def __init__(self, process: subprocess.Popen[str], base_url: str) -> None:
        self.process = process
        self.base_url = base_url

    # ----- clock ------------------------------------------------------------------------------------
    def day(self) -> int:
        return int(self._call("GET", "/__control__/day")["day"])

    def set_day(self, day: int) -> int:
        return int(self._call("POST", f"/__control__/day?set={int(day)}")["day"])

    def advance(self, days: int = 1) -> int:
        return int(self._call("POST", f"/__control__/advance?days={int(days)}")["day"])

    # ----- ground truth -------------------------------------------------------------------------------
    def truth(self, path: str) -> Any:
        """Truth JSON for an article path (``/en/news/x/``), or ``index.json`` / ``site.json``."""
        if path in ("index.json", "/index.json", "site.json", "/site.json"):
            return self._call("GET", "/__truth__/" + path.lstrip("/"))
        if path.startswith("http://") or path.startswith("https://"):
            path = "/" + path.split("/", 3)[3]
        return self._call("GET", "/__truth__" + quote(path, safe="/%"))

    def index(self) -> list[dict[str, Any]]:
        return list(self.truth("index.json"))

    def url(self, path: str) -> str:
        return self.base_url + path

    def _call(self, method: str, path: str) -> Any:
        request = urllib.request.Request(
            self.base_url + path, method=method, data=b"" if method == "POST" else None
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read().decode("utf-8"))

    # ----- lifetime -----------------------------------------------------------------------------------
    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()

    def __enter__(self) -> ReplicaProcess:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def start_replica(
    *,
    articles: int = 300,
    seed: int = 1,
    day: int = 0,
    theme: str = "classic",
    markup: str | None = None,
    faults: str | None = None,
    access_log: str | os.PathLike[str] | None = None,
    crawl_delay: float | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
) -> ReplicaProcess:
    """Start ``python -m crawler.replica`` and wait for the base URL it prints."""
    command = [
        sys.executable, "-m", "crawler.replica",
        "--host", host, "--port", str(port),
        "--articles", str(articles), "--seed", str(seed), "--day", str(day), "--theme", theme,
    ]  # fmt: skip
    if markup:
        command += ["--markup", markup]
    if faults:
        command += ["--faults", faults]
    if access_log is not None:
        command += ["--access-log", str(access_log)]
    if crawl_delay is not None:
        command += ["--crawl-delay", str(crawl_delay)]
    env = dict(os.environ)
    root = str(Path(crawler.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    ready = selector.select(timeout=STARTUP_TIMEOUT)
    selector.close()
    line = process.stdout.readline().strip() if ready else ""
    if not line.startswith("http://"):
        process.kill()
        process.wait()
        raise RuntimeError(f"replica did not start (exit code {process.poll()}): {line!r}")
    return ReplicaProcess(process, line)
