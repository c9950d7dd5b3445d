"""Fixtures of the reliability tests: the environment of a local ``riac-archive`` subprocess."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.cli import cli_env


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A local run's environment: no Prefect server, Prefect's home empty and private."""
    home = tmp_path / "prefect-home"
    home.mkdir()
    return cli_env(home)
