"""The README's quick start is two commands (``make demo``, ``make test``), each setting up ``.venv``
when it is missing or older than ``pyproject.toml``, and ``.ci/run`` runs the same test command.

The Makefile is checked with ``make -n`` (what it would run) in a copy, so no environment is built.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    return [line.split("#", 1)[0].strip() for line in block.group(1).splitlines() if line.strip()]


def dry_run(workdir: Path, target: str) -> list[str]:
    make = shutil.which("make")
    if make is None:
        pytest.fail("make is needed: apt-get install -y make (.ci/run does)")
    result = subprocess.run(
        [make, "-n", "-C", str(workdir), target], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, tmp_path / name)
    return tmp_path


def test_quick_start_is_two_make_commands() -> None:
    assert quick_start_commands() == ["make demo", "make test"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 -m venv .venv && .venv/bin/pip install -e '.[dev]'" in readme  # without make


@pytest.mark.parametrize(("target", "runs"), [("demo", "riac-archive demo"), ("test", "bin/pytest")])
def test_a_fresh_clone_is_set_up_first(checkout: Path, target: str, runs: str) -> None:
    lines = dry_run(checkout, target)
    text = "\n".join(lines)
    assert "-m venv .venv" in text and "pip install -e '.[dev]'" in text
    setup = next(i for i, line in enumerate(lines) if "pip install" in line)
    run = next(i for i, line in enumerate(lines) if runs in line)
    assert setup < run


def test_the_environment_is_reused_until_pyproject_changes(checkout: Path) -> None:
    venv = checkout / ".venv"
    (venv / "bin").mkdir(parents=True)
    stamp = venv / ".installed"
    stamp.touch()
    pyproject = checkout / "pyproject.toml"
    hour_ago = stamp.stat().st_mtime - 3600
    os.utime(pyproject, (hour_ago, hour_ago))
    assert not any("pip install" in line for line in dry_run(checkout, "test"))
    os.utime(pyproject, (hour_ago + 7200, hour_ago + 7200))  # edited after the install
    lines = dry_run(checkout, "demo")
    assert any("pip install" in line for line in lines)
    assert not any("-m venv" in line and "||" not in line for line in lines)  # the venv itself is kept


def test_ci_runs_the_readme_test_command() -> None:
    test_command = quick_start_commands()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.split("||", 1)[0].strip() for line in ci.splitlines()]
    assert test_command in commands
    assert "pytest" not in "\n".join(c for c in commands if not c.startswith("#"))  # only through make
