"""Around every archive or refresh run: the data directory's run lock, then recovery of killed runs.

While the lock is held no other run can be committing, so whatever a killed run left half-published
is finished (or undone) before this run reads what the archive knows (``storage.recover``). The
plain pipeline (``flows.pipeline.run_archive``) and the Prefect flows (``flows.archive``) both
enter :func:`exclusive_run` first. When the datasets live in another root (``--datasets
s3://...``), the lock stays on the local data directory and recovery runs on the datasets root.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from storage.lock import DataDirBusy, run_lock

log = logging.getLogger("flows.stages")

__all__ = ["DataDirBusy", "exclusive_run"]


@contextmanager
def exclusive_run(
    data: Path | str,
    run_id: str,
    progress: Callable[[str], None] | None = None,
    datasets: Path | str | None = None,
) -> Iterator[None]:
    """Hold ``data``'s run lock for the block (``DataDirBusy`` if another run has it), after recovery
    of the datasets root (``datasets``, default ``data``); what recovery did goes to the log and to
    ``progress``."""
    from storage.recover import recover

    if "://" not in str(data):
        Path(data).mkdir(parents=True, exist_ok=True)
    with run_lock(data, run_id) as locked:
        if locked:
            recovered = recover(data if datasets is None else datasets)
            if recovered:
                log.warning("recovered after an interrupted run: %s", recovered.summary())
                if progress is not None:
                    progress(f"recovered after an interrupted run: {recovered.summary()}")
        else:
            log.info("object store root: no run lock; schedule one run at a time")
        yield
