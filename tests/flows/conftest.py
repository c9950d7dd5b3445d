"""Prefect for the flow tests: the test harness (a temporary server) and a real ``prefect server``.

Both start once per session (each costs 10-20 s); the real server (``tests/flows/server.py``) runs
in a subprocess on a free loopback port with its own PREFECT_HOME and is stopped at the end.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.flows.server import prefect_server_process


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    from prefect.testing.utilities import prefect_test_harness

    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A real ``prefect server start`` on 127.0.0.1; yields the environment that reports to it."""
    with prefect_server_process(tmp_path_factory.mktemp("prefect-home")) as env:
        yield env
