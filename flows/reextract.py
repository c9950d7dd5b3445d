"""Re-extraction from the WARC archive with the current extractor, offline: the plain run and the flow.

The work is plain functions in ``storage/reextraction.py`` (plan batches → extract and stage each
batch → compare and commit once). :func:`reextract` runs them here or over a local process pool;
the ``reextract`` flow runs each batch as a Prefect task, so with a Dask task runner
(:func:`dask_runner`: an existing scheduler, or a ``LocalCluster`` of N workers) the batches go to
Dask workers, which read their WARC records themselves (the data directory, or the ``s3://``
datasets root in place) and stage their rows as Parquet under the datasets root; the flow commits
them once. Same batches, same rows as :func:`reextract` (tested).

With ``write``, the data directory's run lock is held from the read to the commit (``DataDirBusy``
while an archive run holds it: a version stored by that run in between must not be overtaken by the
re-extraction of an older capture).
"""

from __future__ import annotations

import uuid
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any, cast

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from flows.prefect_support import forward_logs, rename_run, run_id
from flows.retry import only_transient
from flows.runlock import exclusive_run
from storage.reextraction import (
    BATCH_RECORDS,
    Batch,
    BatchOutcome,
    Reextraction,
    ReextractReport,
    finish_reextraction,
    plan_reextraction,
    reextract_batch,
    reextract_locally,
)

__all__ = ["ReextractReport", "dask_runner", "reextract", "reextract_flow", "run_reextract_flow"]


def reextract(
    root: Path,
    *,
    datasets: str | None = None,
    write: bool = False,
    run_id: str | None = None,
    workers: int | None = None,
) -> ReextractReport:
    """Compare every stored article with its WARC record extracted again (here or in ``workers``
    local processes); ``write`` stores the differing ones as new versions. ``datasets`` is the
    datasets root when it is not the data directory ``root``."""
    rid = run_id or f"reextract-{uuid.uuid4()}"
    with _lock(root, rid, write):
        return reextract_locally(Path(root), datasets or str(root), rid, write=write, workers=workers)


def _lock(data: Path | str, rid: str, write: bool) -> AbstractContextManager[None]:
    return exclusive_run(data, rid) if write else nullcontext()


@task(name="plan-reextraction", cache_policy=NO_CACHE, retries=1, retry_condition_fn=only_transient)
def plan_task(
    data: str, datasets: str, rid: str, warc_source: str | None, batch_records: int
) -> Reextraction:
    with forward_logs():
        return plan_reextraction(
            Path(data), datasets, rid, warc_source=warc_source, batch_records=batch_records
        )


@task(name="reextract-batch", cache_policy=NO_CACHE, retries=2, retry_condition_fn=only_transient)
def batch_task(batch: Batch) -> BatchOutcome:
    return reextract_batch(batch)


@task(name="commit-reextraction", cache_policy=NO_CACHE)
def finish_task(job: Reextraction, outcomes: list[BatchOutcome], write: bool) -> ReextractReport:
    return finish_reextraction(job, outcomes, write=write)


@flow(name="reextract", flow_run_name="reextract {data}")
def reextract_flow(
    data: str = "data",
    write: bool = False,
    datasets: str | None = None,
    warc_source: str | None = None,
    batch_records: int = BATCH_RECORDS,
) -> dict[str, int]:
    """Re-extract every stored article from its WARC record, a task per batch of records; report (and
    with ``write`` store) the differences. ``datasets``: the datasets root when it is not ``data``
    (e.g. ``s3://bucket/prefix``); ``warc_source``: where the workers read WARC files (default: the
    data directory)."""
    from prefect.artifacts import create_markdown_artifact

    rid = f"reextract-{run_id()}"
    target = datasets or data
    with _lock(data, rid, write):
        job = plan_task(data, target, rid, warc_source, batch_records)
        outcomes = [future.result() for future in batch_task.map(job.batches)]
        # quote(): the plan holds every stored row; Prefect need not walk it for futures
        report = finish_task(cast(Reextraction, quote(job)), outcomes, write)
    summary = f"{report.checked} checked, {report.same} identical, {len(report.differing)} differ"
    create_markdown_artifact(markdown=report.to_markdown(), key="reextract-report", description=summary)
    rename_run(f"reextract: {summary}")
    return {
        "checked": report.checked,
        "same": report.same,
        "differing": len(report.differing),
        "written": report.written,
        "batches": report.batches,
        "worker_processes": len(report.workers),
    }


def dask_runner(address: str | None = None, workers: int | None = None) -> Any:
    """Prefect's Dask task runner: the scheduler at ``address`` (``tcp://host:port``), or a
    ``LocalCluster`` of ``workers`` single-threaded worker processes (extraction holds the GIL)."""
    from prefect_dask import DaskTaskRunner

    if address is not None:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(
        cluster_class="distributed.LocalCluster",
        cluster_kwargs={"n_workers": workers or 1, "threads_per_worker": 1, "processes": True},
    )


def run_reextract_flow(
    data: str,
    *,
    write: bool = False,
    datasets: str | None = None,
    dask_address: str | None = None,
    dask_workers: int | None = None,
    batch_records: int = BATCH_RECORDS,
) -> dict[str, int]:
    """The flow, on Dask when asked. Dask workers may run on machines without the data directory: with
    an ``s3://`` datasets root they read the WARC copies there; otherwise the data directory's path."""
    chosen = reextract_flow
    warc_source = None
    if dask_address is not None or dask_workers is not None:
        chosen = reextract_flow.with_options(task_runner=dask_runner(dask_address, dask_workers))
        if datasets is not None and datasets.startswith("s3://"):
            warc_source = datasets
    result: dict[str, int] = chosen(
        data=data, write=write, datasets=datasets, warc_source=warc_source, batch_records=batch_records
    )
    return result
