"""The ``refresh`` flow: rating snapshots of the articles due under the refresh policy, and the poll.

No discovery of new articles: the crawl fetches the due known URLs (and the pages the poll needs).
Same stages and report as ``archive``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prefect import flow

from flows.archive import build_options, outcome, run_stages
from flows.options import DEFAULT_DRIFT_THRESHOLD, DEFAULT_POLICY, DEFAULT_SITE


@flow(name="refresh", flow_run_name="refresh {site}", log_prints=True)
def refresh(
    site: str = DEFAULT_SITE,
    data: str = "data",
    langs: list[str] | None = None,
    unthrottled: bool = False,
    drift_threshold: float = DEFAULT_DRIFT_THRESHOLD,
    refresh_policy: str = DEFAULT_POLICY,
    as_of: datetime | None = None,
    datasets: str | None = None,
) -> dict[str, Any]:
    """Take the rating snapshots that are due and one poll snapshot (``datasets``: as in ``archive``)."""
    options = build_options(
        site=site,
        data=data,
        langs=langs,
        unthrottled=unthrottled,
        drift_threshold=drift_threshold,
        refresh_policy=refresh_policy,
        as_of=as_of,
        refresh_only=True,
        datasets=datasets,
    )
    return outcome(options, run_stages(options, "refresh"))
