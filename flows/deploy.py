"""Scheduled deployments: archive daily, refresh several times a day, compact weekly.

``riac-archive serve`` serves them from this process (runs execute here); ``deployments()`` is also
what a work-pool deployment would register (see docs/monitoring.md). Schedules stay active when the
serving process stops (``pause_on_shutdown=False``): runs scheduled meanwhile wait for it.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

ARCHIVE_CRON = "30 3 * * *"  # daily, at night (Moscow time 06:30)
REFRESH_CRON = "30 9,15,21 * * *"  # three more times a day: ratings of young articles move fast
COMPACT_CRON = "0 2 * * 0"  # weekly, Sunday night, before the archive run


@dataclass(frozen=True, slots=True)
class Schedules:
    archive: str = ARCHIVE_CRON
    refresh: str = REFRESH_CRON
    compact: str = COMPACT_CRON
    timezone: str = "UTC"


def run_parameters(site: str, data: str, datasets: str | None, wacz: str | None = None) -> dict[str, Any]:
    """The archive and refresh deployments' parameters: the flows' one options object, serialised."""
    from flows.options import ArchiveOptions

    packages = None if wacz is None else Path(wacz)
    options = ArchiveOptions(site=site, data=Path(data), datasets=datasets, wacz=packages)
    return {"options": options.model_dump(mode="json")}


def deployments(
    site: str,
    data: str,
    schedules: Schedules = Schedules(),
    datasets: str | None = None,
    wacz: str | None = None,
) -> list[Any]:
    """``datasets``: the datasets root when not ``data`` (s3://bucket/prefix); compaction runs there.
    ``wacz``: a folder where every archive run packages itself (``<run id>.wacz``)."""
    from prefect.schedules import Cron

    from flows.archive import archive
    from flows.maintenance import compact
    from flows.refresh import refresh

    params = run_parameters(site, data, datasets)
    tz = schedules.timezone
    return [
        archive.to_deployment(
            "archive-daily",
            schedule=Cron(schedules.archive, timezone=tz),
            parameters=run_parameters(site, data, datasets, wacz),
            tags=["riac"],
        ),
        refresh.to_deployment(
            "refresh", schedule=Cron(schedules.refresh, timezone=tz), parameters=params, tags=["riac"]
        ),
        compact.to_deployment(
            "compact-weekly",
            schedule=Cron(schedules.compact, timezone=tz),
            parameters={"data": datasets or data},
            tags=["riac"],
        ),
    ]


def serve(
    site: str,
    data: str,
    schedules: Schedules = Schedules(),
    limit: int | None = 1,
    datasets: str | None = None,
    wacz: str | None = None,
) -> None:
    """Serve the deployments until interrupted; one run at a time by default (polite to the site)."""
    from prefect import serve as prefect_serve

    served = deployments(site, data, schedules, datasets, wacz)
    prefect_serve(*served, pause_on_shutdown=False, limit=limit)


ENTRYPOINTS = {
    "archive-daily": ("flows/archive.py:archive", "archive"),
    "refresh": ("flows/refresh.py:refresh", "refresh"),
    "compact-weekly": ("flows/maintenance.py:compact", "compact"),
}


def deploy_to_pool(
    pool: str,
    source: str,
    site: str,
    data: str,
    schedules: Schedules = Schedules(),
    datasets: str | None = None,
) -> list[str]:
    """Register the three deployments on a work pool; workers anywhere pull ``source`` and run them.

    ``source`` is a git URL (or a directory every worker machine has) holding this repository; the
    workers need the package installed (``pip install -e .``) and ``data`` reachable (a shared path
    or ``s3://bucket/prefix``).
    """
    from prefect import Flow

    ensure_pool(pool)
    crons = {"archive": schedules.archive, "refresh": schedules.refresh, "compact": schedules.compact}
    names = []
    for name, (entrypoint, kind) in ENTRYPOINTS.items():
        params = {"data": datasets or data} if kind == "compact" else run_parameters(site, data, datasets)
        loaded = cast("Flow[..., Any]", Flow.from_source(source, entrypoint))  # sync context: a Flow
        loaded.deploy(
            name,
            work_pool_name=pool,
            cron=crons[kind],
            parameters=params,
            tags=["riac"],
            build=False,
            push=False,
            print_next_steps=False,
        )
        names.append(f"{kind}/{name}")
    return names


def ensure_pool(name: str) -> None:
    """Create the work pool ``name`` (process type: each flow run a subprocess of a worker) if missing."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(name)
        except ObjectNotFound:
            with contextlib.suppress(ObjectAlreadyExists):
                client.create_work_pool(WorkPoolCreate(name=name, type="process"))
