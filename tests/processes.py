"""Stopping the server and worker processes tests start: politely, then for sure."""

from __future__ import annotations

import subprocess


def stop_processes(*processes: subprocess.Popen[bytes], timeout: float = 20) -> None:
    """SIGTERM to every process, then wait up to ``timeout`` seconds for each; kill any still running."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
