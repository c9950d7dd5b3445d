"""The README's Prefect server command works on any port: started exactly as written (with ``PORT``
set to a free port), the UI's settings name the API on that same port, so the browser code reaches it.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.flows.server import SERVER_STARTUP, free_port

ROOT = Path(__file__).parents[2]


def readme_server_commands() -> list[str]:
    """The shell lines of the README block that starts the server, up to the server command."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```sh\n(.*?)```", readme, re.S) if "prefect server start" in b)
    joined = block.replace("\\\n", " ")
    lines = [line.split("  #", 1)[0].split("   #", 1)[0].strip() for line in joined.splitlines()]
    end = next(i for i, line in enumerate(lines) if "prefect server start" in line)
    return [line for line in lines[: end + 1] if line]


def test_the_readme_server_command_serves_a_ui_that_calls_its_own_port(tmp_path: Path) -> None:
    commands = readme_server_commands()
    assert commands[0].startswith("PORT=")
    port = free_port()
    script = "\n".join([f"PORT={port}", *commands[1:]]).replace(
        ".venv/bin/prefect", f"{sys.executable} -m prefect"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(tmp_path)
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        ["bash", "-c", script],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + SERVER_STARTUP
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, (
                tmp_path / "server.log"
            ).read_text()
            time.sleep(0.5)
        with urllib.request.urlopen(f"{base}/ui-settings", timeout=10) as response:
            settings = json.loads(response.read())
        assert settings["api_url"] == f"{base}/api"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
