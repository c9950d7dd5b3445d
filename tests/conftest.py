"""Shared fixtures: the bundled replica of the site, started once per test session in a subprocess.

``replica`` is a small site (60 articles, seed 7, day 0, theme classic) shared by every test that
only reads it: do not move its clock (use ``replica_factory`` for a private one). ``replica_factory``
starts more replicas with any ``start_replica`` keyword arguments and stops them all at session end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from crawler.replica.process import ReplicaProcess, start_replica

REPLICA_DEFAULTS: dict[str, Any] = {"articles": 60, "seed": 7, "day": 0, "theme": "classic"}


@pytest.fixture(scope="session")
def replica_factory() -> Iterator[Callable[..., ReplicaProcess]]:
    started: list[ReplicaProcess] = []

    def start(**kwargs: Any) -> ReplicaProcess:
        process = start_replica(**{**REPLICA_DEFAULTS, **kwargs})
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop()


@pytest.fixture(scope="session")
def replica(replica_factory: Callable[..., ReplicaProcess]) -> ReplicaProcess:
    return replica_factory()
