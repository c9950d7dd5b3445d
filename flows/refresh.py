"""The ``refresh`` flow: rating snapshots of the articles due under the refresh policy, and the poll.

No discovery of new articles: the crawl fetches the due known URLs (and the pages the poll needs).
Same stages, options and report as ``archive``.
"""

from __future__ import annotations

from typing import Any

from prefect import flow

from flows.archive import outcome, run_stages
from flows.options import ArchiveOptions


@flow(name="refresh", flow_run_name="refresh {options.site}", log_prints=True)
def refresh(options: ArchiveOptions = ArchiveOptions(refresh_only=True)) -> dict[str, Any]:  # noqa: B008
    """Take the rating snapshots that are due and one poll snapshot (``options``: as in ``archive``;
    a refresh never discovers new articles, whatever ``refresh_only`` says)."""
    options = options.model_copy(update={"refresh_only": True})
    return outcome(options, run_stages(options, "refresh"))
