"""pywb (Webrecorder's wayback machine, from PyPI) in a virtual environment of its own.

pywb cannot live beside our pins: it requires ``brotlipy``, whose ``brotli`` module would replace the
``brotli`` package Scrapy decodes with, plus old ``redis``/``fakeredis`` and an exact ``werkzeug``. The
tests therefore make it a venv under a cache folder (``$RIAC_TEST_CACHE``, else
``$XDG_CACHE_HOME/riac-archive`` or ``~/.cache/riac-archive``), once per pywb version and Python,
under a file lock (parallel sessions wait for one install), and reuse it afterwards. A venv whose
install did not finish has no ``ready`` marker and is made again. Installing needs the package
registry (about 10 s); CI has it.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

PYWB = "pywb==2.10.0"
# pywb imports pkg_resources, which newer setuptools no longer ship; 3.12+ venvs have no setuptools
EXTRA = ("setuptools>=65,<81",)


def cache_root() -> Path:
    explicit = os.environ.get("RIAC_TEST_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "riac-archive"


def pywb_bin() -> Path:
    """The ``bin`` folder of a venv holding pywb (``wb-manager``, ``wayback``), made if needed."""
    version = f"py{sys.version_info.major}{sys.version_info.minor}"
    venv = cache_root() / f"{PYWB.replace('==', '-')}-{version}"
    venv.parent.mkdir(parents=True, exist_ok=True)
    with open(venv.parent / f"{venv.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        ready = venv / "ready"
        if not ready.exists():
            shutil.rmtree(venv, ignore_errors=True)
            python = getattr(sys, "_base_executable", sys.executable)
            subprocess.run([python, "-m", "venv", str(venv)], check=True, timeout=300)
            _install(venv / "bin" / "pip")
            done = subprocess.run([str(venv / "bin" / "wayback"), "--help"], capture_output=True, timeout=120)
            if done.returncode != 0:
                raise RuntimeError(
                    f"pywb installed but wayback does not start: {done.stderr.decode()[-500:]}"
                )
            ready.write_text(PYWB + "\n")
    return venv / "bin"


def _install(pip: Path) -> None:
    """pip install pywb, tried three times (a registry hiccup must not fail the suite)."""
    command = [str(pip), "install", "--disable-pip-version-check", "-q", PYWB, *EXTRA]
    error = ""
    for _ in range(3):
        done = subprocess.run(command, capture_output=True, text=True, timeout=900)
        if done.returncode == 0:
            return
        error = done.stderr[-2000:]
    raise RuntimeError(f"cannot install {PYWB} from the package registry:\n{error}")
