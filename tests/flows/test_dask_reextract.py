"""Re-extraction on a real Dask cluster: a ``dask scheduler`` and two ``dask worker`` processes on
loopback, driven by the ``reextract`` flow through prefect-dask's ``DaskTaskRunner``.

The same archive (one article stored by an "older extractor") is re-extracted with ``--write`` once
locally and once through the cluster; the datasets must then hold the same rows apart from run ids
and times, and both workers must have run batches (Dask's own count of executed tasks).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.replica.process import ReplicaProcess
from flows.reextract import reextract, run_reextract_flow
from tests.flows.dask_cluster import DaskCluster, dask_cluster
from tests.flows.test_reextract import SEED, _archive

RUN_COLUMNS = {"run_id", "stored_at", "started_at", "finished_at"}  # differ between any two runs


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory: pytest.TempPathFactory, prefect_harness: None) -> Iterator[DaskCluster]:
    """Two single-threaded workers that report their Prefect task runs to the test's Prefect server."""
    from prefect.settings import PREFECT_API_URL

    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_API_URL=str(PREFECT_API_URL.value()),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_HOME=str(tmp_path_factory.mktemp("dask-prefect-home")),
    )
    with dask_cluster(tmp_path_factory.mktemp("dask"), 2, env) as cluster:
        yield cluster


def _rows(root: Path, dataset: str) -> list[dict[str, Any]]:
    from storage import read

    rows = read.read_table(root, dataset).to_pylist()
    kept = [{k: v for k, v in row.items() if k not in RUN_COLUMNS} for row in rows]
    return sorted(kept, key=repr)


def test_reextract_on_two_dask_workers_writes_what_the_local_run_writes(
    tmp_path: Path, replica: ReplicaProcess, two_workers: DaskCluster
) -> None:
    archive = tmp_path / "archive"
    _archive(archive, replica, "run-1", edit=True)  # the seed article's stored body is an older reading
    local, on_dask = tmp_path / "local", tmp_path / "dask"
    shutil.copytree(archive, local)
    shutil.copytree(archive, on_dask)

    expected = reextract(local, write=True, workers=1)
    before = two_workers.executed_per_worker()
    counts = run_reextract_flow(str(on_dask), write=True, dask_address=two_workers.address, batch_records=1)
    ran = {worker: n - before.get(worker, 0) for worker, n in two_workers.executed_per_worker().items()}

    assert expected.written == 1 and [d.article_id for d in expected.differing] == [SEED.strip("/")]
    assert counts == {
        "checked": expected.checked,
        "same": expected.same,
        "differing": 1,
        "written": 1,
        "batches": expected.checked,  # one record per batch
        "worker_processes": 2,
    }
    assert len(ran) == 2 and all(n > 0 for n in ran.values()), ran  # both workers ran batches
    assert sum(ran.values()) == expected.checked  # only the batches went to Dask
    for dataset in ("articles", "runs", "fetches", "ratings", "polls", "failures"):
        assert _rows(on_dask, dataset) == _rows(local, dataset), dataset
    assert not list((on_dask / "_staging").rglob("*.parquet"))  # the staged rows were all published


def test_the_two_dask_options_exclude_each_other(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from flows.cli import main

    both = [
        "reextract",
        "--data",
        str(tmp_path),
        "--dask-address",
        "tcp://127.0.0.1:1",
        "--dask-workers",
        "2",
    ]
    result = CliRunner().invoke(main, both)
    assert result.exit_code == 2 and "exclude each other" in result.output
    zero = CliRunner().invoke(main, ["reextract", "--data", str(tmp_path), "--dask-workers", "0"])
    assert zero.exit_code == 2
