"""A full crawl whose extraction runs on a real Dask cluster (``dask scheduler`` and two ``dask
worker`` processes on loopback) stores what the same crawl extracted locally stores, apart from run
ids, times and WARC file names; the workers stage the pages in the run's work folder, the flow reads
them from there once and removes them after the commit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.replica.process import ReplicaProcess
from crawler.stage.extract import Extraction
from crawler.stage.spill import SpilledPages
from flows import dask_extract, pipeline
from flows.options import ArchiveOptions
from tests.flows.dask_cluster import DaskCluster, dask_cluster, worker_env

# columns that name the run, its times or its WARC records (file names carry the crawl's run id, record
# ids are fresh UUIDs, and a record's length depends on its headers), and
# published_raw: which of two sources (feed or listing) gives an article's raw date depends on the
# order the crawl meets them, so two crawls of one site may differ there whatever the extraction
RUN_COLUMNS = {
    "run_id", "stored_at", "first_seen", "fetched_at", "observed_at", "at", "started_at", "finished_at",
    "warc_file", "warc_offset", "warc_length", "warc_record_id", "parameters", "published_raw",
}  # fmt: skip


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, prefect_harness: None) -> Iterator[DaskCluster]:
    env = worker_env(tmp_path_factory.mktemp("dask-prefect-home"))
    with dask_cluster(tmp_path_factory.mktemp("dask"), 2, env) as started:
        yield started


def _table(root: Path, dataset: str) -> list[dict[str, Any]]:
    from storage import read

    return read.read_table(root, dataset).to_pylist()


def _rows(root: Path, dataset: str) -> list[dict[str, Any]]:
    rows = _table(root, dataset)
    return sorted(({k: v for k, v in r.items() if k not in RUN_COLUMNS} for r in rows), key=repr)


class StoreWatch:
    """The real store stage, noting what it was handed: the extraction's pages and the batch files
    in their folder when the store began, and whether that folder was left after the commit."""

    def __init__(self) -> None:
        self.store = pipeline.store
        self.pages: object = None
        self.staged: list[str] = []
        self.left_after_commit = True

    def __call__(self, options: Any, prepared: Any, extraction: Extraction, *rest: Any) -> dict[str, int]:
        self.pages = pages = extraction.pages
        if isinstance(pages, SpilledPages):
            self.staged = sorted(path.name for path in pages.folder.iterdir())
        rows = self.store(options, prepared, extraction, *rest)
        self.left_after_commit = isinstance(pages, SpilledPages) and pages.folder.exists()
        return rows


def test_full_crawl_extracted_on_dask_stores_what_the_local_extraction_stores(
    tmp_path: Path, replica: ReplicaProcess, cluster: DaskCluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.archive import archive
    from flows.pipeline import run_archive

    local, on_dask = tmp_path / "local", tmp_path / "dask"
    run_archive(ArchiveOptions(site=replica.base_url, data=local, unthrottled=True, full=True), "local-run")
    before = cluster.executed_per_worker()
    watch = StoreWatch()
    monkeypatch.setattr(pipeline, "store", watch)
    monkeypatch.setattr(dask_extract, "BATCH_RECORDS", 30)  # several batches from this small crawl
    counts = archive(
        ArchiveOptions(
            site=replica.base_url, data=on_dask, unthrottled=True, full=True, dask_address=cluster.address
        )
    )
    ran = sum(cluster.executed_per_worker().values()) - sum(before.values())

    assert counts["articles_new"] > 0 and counts["failures"] == 0
    # the workers staged every batch in the run's work folder; the flow holds none of the pages
    pages = watch.pages
    assert isinstance(pages, SpilledPages)
    (rid,) = {row["run_id"] for row in _table(on_dask, "runs")}
    assert pages.folder == (on_dask / "_work" / rid / "pages").resolve()
    assert watch.staged == [name for name, _ in pages.batches] and len(pages.batches) >= 2
    assert len(pages) == sum(count for _, count in pages.batches) == len(_table(on_dask, "fetches"))
    assert ran >= len(pages.batches)  # one extract-batch task per batch, on the Dask workers
    assert not watch.left_after_commit  # released after the commit, as a local spilled run's
    for dataset in ("articles", "ratings", "polls", "fetches", "failures"):
        got, expected = _rows(on_dask, dataset), _rows(local, dataset)
        differing = {k for a, b in zip(got, expected, strict=False) for k in a if a[k] != b.get(k)}
        assert got == expected, (dataset, len(got), len(expected), sorted(differing))
    runs = _rows(on_dask, "runs")
    assert runs == _rows(local, "runs")
