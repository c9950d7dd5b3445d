"""Start the bundled replica for the demo: A's ``start_replica`` when present, else a plain subprocess.

The replica is a separate process (``python -m crawler.replica``) that prints its base URL on the
first stdout line; its simulated clock moves through ``POST /__control__/day?set=N``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any


@dataclass
class ReplicaHandle:
    base_url: str
    process: subprocess.Popen[str] | None = None
    inner: Any = None  # crawler.replica.process handle when that module exists

    def set_day(self, day: int) -> None:
        if self.inner is not None and hasattr(self.inner, "set_day"):
            self.inner.set_day(day)
            return
        request = urllib.request.Request(f"{self.base_url}/__control__/day?set={day}", method="POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            json.load(response)

    def get_json(self, path: str) -> Any:
        with urllib.request.urlopen(f"{self.base_url}{path}", timeout=60) as response:
            return json.load(response)

    def get_text(self, path: str) -> str:
        with urllib.request.urlopen(f"{self.base_url}{path}", timeout=60) as response:
            return response.read().decode("utf-8", "replace")

    def stop(self) -> None:
        if self.inner is not None:
            self.inner.stop()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(articles: int = 300, seed: int = 1, day: int = 0) -> ReplicaHandle:
    try:
        from crawler.replica.process import start_replica
    except ImportError:
        start_replica = None
    if start_replica is not None:
        inner = start_replica(articles=articles, seed=seed, day=day)
        return ReplicaHandle(base_url=inner.base_url.rstrip("/"), inner=inner)
    command = [sys.executable, "-m", "crawler.replica", "--port", "0", "--articles", str(articles)]
    command += ["--seed", str(seed), "--day", str(day)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    if not line.startswith("http"):
        process.kill()
        raise RuntimeError(f"replica did not start: {line!r}")
    return ReplicaHandle(base_url=line.rstrip("/"), process=process)


@contextmanager
def running(articles: int = 300, seed: int = 1, day: int = 0) -> Iterator[ReplicaHandle]:
    handle = start(articles=articles, seed=seed, day=day)
    try:
        yield handle
    finally:
        handle.stop()
