"""Re-extraction on a real Dask cluster: a ``dask scheduler`` and two ``dask worker`` processes on
loopback, driven by the ``reextract`` flow through prefect-dask's ``DaskTaskRunner``.

The same archive (one article stored by an "older extractor") is re-extracted with ``--write`` once
locally and once through the cluster; the datasets must then hold the same rows apart from run ids
and times, and both workers must have run batches (Dask's own count of executed tasks).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.replica.process import ReplicaProcess
from flows.reextract import reextract, run_reextract_flow
from tests.flows.dask_cluster import DaskCluster, dask_cluster
from tests.flows.test_reextract import SEED, _archive
from tests.moto_s3 import moto_bucket_env, s3_client

BUCKET = "riac-dask"
ROOT = f"s3://{BUCKET}/archive"

RUN_COLUMNS = {"run_id", "stored_at", "started_at", "finished_at"}  # differ between any two runs


@pytest.fixture(scope="module")
def s3_env() -> Iterator[dict[str, str]]:
    """A moto S3 server on loopback; the environment that reaches it (AWS_* only, no PREFECT_*)."""
    with moto_bucket_env(BUCKET) as env:
        yield env


@pytest.fixture(scope="module")
def two_workers(
    tmp_path_factory: pytest.TempPathFactory, prefect_harness: None, s3_env: dict[str, str]
) -> Iterator[DaskCluster]:
    """Two single-threaded workers that report their Prefect task runs to the test's Prefect server
    and reach the moto S3 server."""
    from prefect.settings import PREFECT_API_URL

    env = dict(s3_env)
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


def test_dask_workers_read_the_warc_records_from_s3_in_place(
    tmp_path: Path,
    replica: ReplicaProcess,
    two_workers: DaskCluster,
    s3_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Datasets and WARC copies in S3 only; the flow's data directory is empty and stays so: the
    workers read their records from S3 (ranged reads) and stage their rows there."""
    archive = tmp_path / "archive"
    _archive(archive, replica, "run-1", edit=True)
    client = s3_client(s3_env)
    for path in sorted(p for p in archive.rglob("*") if p.is_file() and "_locks" not in p.parts):
        client.upload_file(str(path), BUCKET, f"archive/{path.relative_to(archive).as_posix()}")
    for key in ("AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION"):
        monkeypatch.setenv(key, s3_env[key])
    empty = tmp_path / "elsewhere"
    empty.mkdir()

    counts = run_reextract_flow(
        str(empty), write=True, datasets=ROOT, dask_address=two_workers.address, batch_records=2
    )

    assert counts["differing"] == 1 and counts["written"] == 1
    assert counts["same"] == counts["checked"] - 1 and counts["worker_processes"] == 2
    assert not any(p.suffix == ".gz" for p in empty.rglob("*"))  # nothing was copied back
    from storage import read

    latest = {r["article_id"]: r for r in read.latest_articles(ROOT).to_pylist()}
    assert latest[SEED.strip("/")]["run_id"].startswith("reextract-")
