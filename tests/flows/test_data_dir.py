"""Clear errors for a data directory that cannot be used: one line, a non-zero exit, nothing created.

Commands that read an archive (``sql``, ``reextract``, ``compact``) refuse a directory holding none;
only ``crawl``, ``refresh`` and ``demo`` create one. A read-only data directory stops every command
that writes with one line, no traceback.

Read-only for root too: CI runs as root, which ``chmod`` does not stop (``CAP_DAC_OVERRIDE``). The
commands then run under ``setpriv`` without that capability (and ``CAP_DAC_READ_SEARCH``), so the
mode bits of a 0555 directory hold for them as for any user; as another user plain ``chmod`` does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.run import PROJECT_ROOT

DROP = "-dac_override,-dac_read_search"


def riac(*args: str, home: Path, unprivileged: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    command = [sys.executable, "-m", "flows.cli", *args]
    if unprivileged and os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.fail("setpriv (util-linux) is needed to drop root's file-permission override")
        command = [setpriv, f"--bounding-set={DROP}", f"--inh-caps={DROP}", "--", *command]
    return subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


READERS = [
    ("sql", "SELECT count(*) FROM articles", "--data"),
    ("reextract", "--no-prefect", "--data"),
    ("reextract", "--write", "--no-prefect", "--data"),
    ("compact", "--no-prefect", "--data"),
]


@pytest.mark.parametrize("command", READERS, ids=lambda c: " ".join(c[:2]))
def test_commands_that_read_an_archive_refuse_a_directory_without_one(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    missing = tmp_path / "nowhere" / "data"
    result = riac(*command, str(missing), home=tmp_path / "home")
    assert result.returncode == 1
    assert "does not exist" in one_line(result) and str(missing) in result.stderr
    assert not (tmp_path / "nowhere").exists()  # nothing created

    empty = tmp_path / "empty"
    empty.mkdir()
    result = riac(*command, str(empty), home=tmp_path / "home")
    assert result.returncode == 1
    assert "holds no archive" in one_line(result)
    assert list(empty.iterdir()) == []  # no lock, no staging


@pytest.fixture
def read_only(tmp_path: Path) -> Path:
    """A data directory that looks like an archive (a run marker folder) and cannot be written."""
    data = tmp_path / "ro"
    (data / "_runs").mkdir(parents=True)
    data.chmod(0o555)
    (data / "_runs").chmod(0o555)
    yield data
    data.chmod(0o755)
    (data / "_runs").chmod(0o755)


WRITERS = [
    ("crawl", "--site", "http://127.0.0.1:1", "--no-prefect", "--data"),
    ("refresh", "--site", "http://127.0.0.1:1", "--no-prefect", "--data"),
    ("compact", "--no-prefect", "--data"),
    ("reextract", "--write", "--no-prefect", "--data"),
    ("demo", "--days", "1", "--articles", "10", "--no-prefect", "--data"),
]


@pytest.mark.parametrize("command", WRITERS, ids=lambda c: " ".join(c[:2]))
def test_a_read_only_data_directory_is_one_line(
    tmp_path: Path, read_only: Path, command: tuple[str, ...]
) -> None:
    target = read_only / "_runs" if command[0] == "demo" else read_only  # demo wants a non-archive
    before = sorted(p.name for p in target.rglob("*"))
    result = riac(*command, str(target), home=tmp_path / "home", unprivileged=True)
    assert result.returncode == 1, result.stderr
    line = one_line(result)
    assert line.startswith(f"riac-archive: cannot write to the data directory {target}"), line
    assert "Permission denied" in line
    assert sorted(p.name for p in target.rglob("*")) == before


def test_a_file_where_the_data_directory_should_be_is_one_line(tmp_path: Path) -> None:
    occupied = tmp_path / "data"
    occupied.write_text("not a directory\n")
    result = riac("crawl", "--site", "http://127.0.0.1:1", "--no-prefect", "--data", str(occupied / "d"),
                  home=tmp_path / "home")  # fmt: skip
    assert result.returncode == 1
    assert "cannot write to the data directory" in one_line(result)
