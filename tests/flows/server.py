"""Start a real ``prefect server`` on a free loopback port for tests (the flow tests' fixture and the
security tests use it): its own PREFECT_HOME, waited for until healthy, stopped by its process id."""

from __future__ import annotations

import base64
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.processes import stop_processes

SERVER_STARTUP = 90.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(home: Path, api_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_API_URL=api_url,
        PREFECT_UI_API_URL=api_url,  # the UI's browser code calls this, not the port it was served from
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
    )
    return env


def basic_auth(auth_string: str) -> dict[str, str]:
    """The header Prefect clients send for ``PREFECT_API_AUTH_STRING`` (HTTP basic auth)."""
    return {"Authorization": "Basic " + base64.b64encode(auth_string.encode()).decode()}


@contextmanager
def prefect_server_process(home: Path, auth_string: str | None = None) -> Iterator[dict[str, str]]:
    """``prefect server start --host 127.0.0.1 --port <free>``; yields the environment of a client that
    reports to it (with ``PREFECT_API_AUTH_STRING`` when the server requires basic auth)."""
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = server_env(home, api_url)
    server = dict(env)
    if auth_string is not None:
        server["PREFECT_SERVER_API_AUTH_STRING"] = auth_string
        env["PREFECT_API_AUTH_STRING"] = auth_string
    headers = basic_auth(auth_string) if auth_string is not None else {}
    log = (home / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=server,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + SERVER_STARTUP
        while True:
            try:
                request = urllib.request.Request(f"{api_url}/health", headers=headers)
                with urllib.request.urlopen(request, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"prefect server did not start: {(home / 'server.log').read_text()[-2000:]}"
                )
            time.sleep(0.5)
        yield env
    finally:
        stop_processes(process)
        log.close()
