"""A small demo archive (the replica over a few simulated days: new articles, edits, a withdrawal,
ratings and polls) made once per test module that asks for it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

DAYS = 4
ARTICLES = 30


def make_demo_archive(data: Path, days: int = DAYS, articles: int = ARTICLES) -> Path:
    """What ``riac-archive demo --data DATA --days DAYS --articles ARTICLES`` leaves, made in-process."""
    from rich.console import Console

    from flows.demo import run_demo

    run_demo(data=data, days=days, articles=articles, console=Console(file=io.StringIO()))
    return data


@pytest.fixture(scope="module")
def demo_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo_archive(tmp_path_factory.mktemp("demo") / "data")
