from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from flows.cli import main
from flows.options import ArchiveOptions, is_loopback, parse_langs


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8080", True),
        ("http://localhost:1/", True),
        ("http://[::1]:5/", True),
        ("https://russiancouncil.ru", False),
        ("http://10.0.0.1/", False),
        ("http://127.attacker.example/", False),  # a name, not a loopback address
        ("http://127.0.0.2:9/", True),
    ],
)
def test_loopback(url: str, expected: bool) -> None:
    assert is_loopback(url) is expected


def test_unthrottled_is_refused_off_loopback() -> None:
    with pytest.raises(ValueError, match="loopback"):
        ArchiveOptions(site="https://russiancouncil.ru", unthrottled=True)
    result = CliRunner().invoke(main, ["crawl", "--unthrottled", "--data", "unused"])
    assert result.exit_code == 2 and "loopback" in result.output


def test_languages_are_checked() -> None:
    assert parse_langs("ru, en,ru") == ("ru", "en")
    result = CliRunner().invoke(main, ["crawl", "--lang", "de"])
    assert result.exit_code == 2 and "en, ru" in result.output


def test_maintenance_commands_run_without_prefect(tmp_path: Path) -> None:
    (tmp_path / "_runs").mkdir()  # an archive with no rows yet (tests/flows/test_data_dir.py: none)
    runner = CliRunner()
    compact = runner.invoke(main, ["compact", "--data", str(tmp_path), "--no-prefect"])
    assert compact.exit_code == 0, compact.output
    assert "0 files merged" in compact.output
    reextract = runner.invoke(main, ["reextract", "--data", str(tmp_path), "--no-prefect"])
    assert reextract.exit_code == 0, reextract.output
    assert "0 stored articles" in reextract.output


def test_serve_needs_a_server(tmp_path: Path) -> None:
    # a fresh process: this one may be inside the session's Prefect test harness
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "flows.cli", "serve"], env=env, capture_output=True, timeout=120
    )
    assert result.returncode == 2 and b"prefect server start" in result.stderr
