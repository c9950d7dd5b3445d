"""Which failures deserve a retry: transient ones only (network, a busy or briefly missing file)."""

from __future__ import annotations

import errno
from typing import Any

TRANSIENT_ERRNOS = frozenset(
    {errno.EAGAIN, errno.EBUSY, errno.ETIMEDOUT, errno.ECONNRESET, errno.ECONNREFUSED}
)


def is_transient(exc: BaseException | None) -> bool:
    """Connection trouble, timeouts, and errors that say so (``transient = True``)."""
    while exc is not None:
        if getattr(exc, "transient", False) or isinstance(exc, ConnectionError | TimeoutError):
            return True
        if isinstance(exc, OSError) and exc.errno in TRANSIENT_ERRNOS:
            return True
        exc = exc.__cause__
    return False


def only_transient(task: Any, task_run: Any, state: Any) -> bool:
    """Prefect ``retry_condition_fn``: retry a failed task run only for a transient error."""
    try:
        state.result()
    except Exception as exc:
        return is_transient(exc)
    return False
