"""The ``riac-archive`` command as the reliability tests run it: a real subprocess, own process group.

Runs are local (no Prefect server) unless a test sets ``PREFECT_API_URL``: the environment drops
every ``PREFECT_*`` variable of the test session and gives Prefect an empty home of its own.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

from crawler.run import PROJECT_ROOT

AS_OF = "2025-03-03T12:00:00"  # the replica's day 0 (2025-03-03), noon
RUN_TIMEOUT = 180.0


def cli_env(prefect_home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(prefect_home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PYTHONPATH=str(PROJECT_ROOT),
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def crawl_args(site: str, data: Path, as_of: str = AS_OF, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "flows.cli",
        "crawl",
        "--site",
        site,
        "--data",
        str(data),
        "--unthrottled",
        "--as-of",
        as_of,
        *extra,
    ]


def run_crawl(
    site: str, data: Path, env: dict[str, str], as_of: str = AS_OF, *extra: str
) -> subprocess.CompletedProcess[str]:
    """One whole archive run; the caller checks the exit code."""
    return subprocess.run(
        crawl_args(site, data, as_of, *extra),
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        stdin=subprocess.DEVNULL,
    )


def start_crawl(
    site: str, data: Path, env: dict[str, str], stderr: Path, as_of: str = AS_OF
) -> subprocess.Popen[bytes]:
    """An archive run in its own process group (session), progress lines (stderr) into ``stderr``."""
    with stderr.open("wb") as err:
        return subprocess.Popen(
            crawl_args(site, data, as_of),
            cwd=PROJECT_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,
        )


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the run's whole process group (the CLI, its crawl, any extraction workers)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def group_commands(pgid: int) -> list[str]:
    """Command lines of the live processes of a process group (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[2]) != pgid or fields[0] == "Z":
                continue
            found.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except (OSError, IndexError, ValueError):
            continue
    return found
