"""One run of a site at a time across every worker: a Prefect global concurrency limit per site.

The run lock (``storage/lock.py``) is a lock file in the local data directory: two workers on two
machines writing to one ``s3://`` datasets root never see each other's. So every archive and refresh
flow run first takes the site's slot, ``riac-site-<host>`` (limit 1, created on first use), from
the Prefect server, and holds it from reading what the archive knows to publishing its rows: the
second run waits (up to ``SITE_WAIT_SECONDS``) and then starts from the first run's data. While the
slot is held its lease is renewed; a worker that dies frees it when the lease runs out. The
requests themselves share the site's rate limit (``flows/site_rate.py``), whoever sends them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from urllib.parse import urlsplit

log = logging.getLogger("flows.stages")

SITE_WAIT_SECONDS = 6 * 3600.0  # a scheduled run waits this long for another run of the site to end
LEASE_SECONDS = 300.0  # renewed while held; how long a dead worker keeps the slot


def limit_name(site: str) -> str:
    """``riac-site-russiancouncil.ru`` (the host, port included: two replicas are two sites)."""
    host = urlsplit(site).netloc or site
    return "riac-site-" + re.sub(r"[^A-Za-z0-9.-]+", "-", host.lower()).strip("-")


def ensure_limit(name: str, limit: int = 1) -> None:
    """Create the global concurrency limit ``name`` unless it exists (another worker may race: fine)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_global_concurrency_limit_by_name(name)
        except ObjectNotFound:
            with suppress(ObjectAlreadyExists):
                client.create_global_concurrency_limit(
                    GlobalConcurrencyLimitCreate(name=name, limit=limit, active=True)
                )


@contextmanager
def site_slot(site: str, wait_seconds: float = SITE_WAIT_SECONDS) -> Iterator[None]:
    """Hold the site's slot for the block (``TimeoutError`` when it stays taken ``wait_seconds``)."""
    from prefect.concurrency.sync import concurrency

    name = limit_name(site)
    ensure_limit(name)
    log.info("waiting for the site's slot %s (one run of the site at a time)", name)
    with concurrency(name, occupy=1, timeout_seconds=wait_seconds, lease_duration=LEASE_SECONDS, strict=True):
        log.info("holding the site's slot %s", name)
        yield
