"""An archive of two real runs (the second re-fetches unchanged pages: revisit records) and its WACZ.

Built once per session against a private replica; the WACZ tests and the pywb replay test read it.
"""

from __future__ import annotations

import time as time_module
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from crawler.replica import clock
from crawler.replica.process import ReplicaProcess

ALL_DUE = "7:1,365:1,1"  # every known article due daily


@pytest.fixture(scope="session")
def archived(
    replica_factory: Callable[..., ReplicaProcess], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """Two archive runs a day apart on the run clock, the replica left at day 0 (nothing changed)."""
    from flows.options import ArchiveOptions
    from flows.pipeline import run_archive
    from storage.refresh_policy import RefreshPolicy

    site = replica_factory(articles=12, seed=5)
    data = tmp_path_factory.mktemp("wacz-archive") / "data"
    runs = [str(uuid.uuid4()), str(uuid.uuid4())]
    start = datetime.combine(clock.date_of_day(0), time(6, 0), tzinfo=UTC)
    for day, run in enumerate(runs):
        time_module.sleep(1.1 * day)  # WARC dates of the two captures of a URL differ in the second
        options = ArchiveOptions(
            site=site.base_url,
            data=data,
            unthrottled=True,
            as_of=start + timedelta(days=day),
            policy=RefreshPolicy.parse(ALL_DUE),
        )
        run_archive(options, run)
    return {
        "site": site,
        "data": data,
        "runs": runs,
        "days": [(start + timedelta(days=d)).date() for d in (0, 1)],
    }


@pytest.fixture(scope="session")
def package(archived: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``riac-archive wacz`` of every run."""
    from click.testing import CliRunner

    from flows.wacz_command import wacz

    out = tmp_path_factory.mktemp("wacz") / "archive.wacz"
    result = CliRunner().invoke(wacz, ["--data", str(archived["data"]), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out
