"""What the flows need from Prefect: run ids, log forwarding, artifacts, and offline-quiet settings.

Only this module and the flow modules import Prefect; the plain functions never do.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from storage.run_report import RunReport, to_markdown, to_table

if TYPE_CHECKING:  # matplotlib is imported only by the runs that draw the report
    from storage.outputs.after_run import RunOutputs

# Loggers whose INFO+ lines belong in the flow run's logs. Prefect sends only its own loggers to
# the API (PREFECT_LOGGING_EXTRA_LOGGERS prints them locally but does not ship them), so forward.
FORWARDED_LOGGERS = ("scrapy", "crawler", "trafilatura", "storage", "flows.stages")

OFFLINE_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",  # no telemetry calls from an offline machine
    "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
}


def offline_defaults() -> None:
    """Quiet defaults for machines without Internet access; explicit settings win."""
    for key, value in OFFLINE_DEFAULTS.items():
        os.environ.setdefault(key, value)


def api_configured() -> bool:
    """True when runs report to a Prefect server (``PREFECT_API_URL``) rather than a temporary one."""
    if os.environ.get("PREFECT_API_URL"):
        return True
    try:
        from prefect.settings import PREFECT_API_URL

        return bool(PREFECT_API_URL.value())
    except Exception:  # settings unreadable: treat as local
        return False


def api_url() -> str | None:
    """The configured Prefect API URL (environment or Prefect profile), or None."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    try:
        from prefect.settings import PREFECT_API_URL

        return PREFECT_API_URL.value() or None
    except Exception:
        return None


def api_unreachable(url: str, timeout: float = 3.0) -> str | None:
    """Why the Prefect API at ``url`` cannot be reached (refused, timed out, ...), or None if it answers.

    Any HTTP answer counts as reachable (a server with basic auth answers 401 without credentials)."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url.rstrip("/") + "/health", timeout=timeout):
            return None
    except urllib.error.HTTPError:
        return None
    except urllib.error.URLError as exc:
        return str(exc.reason)
    except (OSError, ValueError) as exc:
        return str(exc) or type(exc).__name__


def run_id() -> str:
    """The Prefect flow run id inside a flow run; a fresh UUID outside one."""
    try:
        from prefect.runtime import flow_run

        current = flow_run.id
    except Exception:
        current = None
    return str(current) if current else str(uuid.uuid4())


class _RunLoggerHandler(logging.Handler):
    """Re-emits records of other libraries through the flow run's logger (which ships to the API)."""

    def __init__(self, target: logging.Logger | logging.LoggerAdapter[Any], level: int) -> None:
        super().__init__(level)
        self.target = target
        self._busy = False

    def emit(self, record: logging.LogRecord) -> None:
        if self._busy:  # a handler of the target logging through a forwarded logger
            return
        self._busy = True
        try:
            self.target.log(record.levelno, "[%s] %s", record.name, record.getMessage())
        except Exception:
            self.handleError(record)
        finally:
            self._busy = False


@contextmanager
def forward_logs(names: Iterable[str] = FORWARDED_LOGGERS, level: int = logging.INFO) -> Iterator[None]:
    """Inside a flow or task run, send INFO+ records of ``names`` to the run's logs."""
    try:
        from prefect import get_run_logger

        target = get_run_logger()
    except Exception:  # not in a run: nothing to forward to
        yield
        return
    handler = _RunLoggerHandler(target, level)
    loggers = [logging.getLogger(name) for name in names]
    saved = [(lg.level, lg.propagate) for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        # the run logger prints the line (and ships it); propagating too would print it twice
        lg.propagate = False
        if lg.level == logging.NOTSET or lg.level > level:
            lg.setLevel(level)
    try:
        yield
    finally:
        for lg, (old_level, old_propagate) in zip(loggers, saved, strict=True):
            lg.removeHandler(handler)
            lg.setLevel(old_level)
            lg.propagate = old_propagate


def publish_report(report: RunReport) -> None:
    """The run's markdown and table artifacts (keys are stable per flow, so the UI shows history)."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    key = f"{report.flow}-report"
    description = report.summary_line()
    create_markdown_artifact(markdown=to_markdown(report), key=key, description=description)
    create_table_artifact(table=to_table(report), key=f"{report.flow}-figures", description=description)


def publish_outputs(outputs: RunOutputs) -> None:
    """The run's health chart and the report's summary (markdown, the PNG embedded) and the chart as an
    image artifact, so both show on the run's page in the UI."""
    from prefect.artifacts import create_image_artifact, create_markdown_artifact

    summary = f"report: {outputs.report.index}"
    create_markdown_artifact(markdown=outputs.markdown(), key="archive-health", description=summary)
    create_image_artifact(
        image_url=f"data:image/png;base64,{outputs.health_png_base64()}",
        key="archive-health-chart",
        description="Archive health per run",
    )


_reports: ContextVar[list[RunReport] | None] = ContextVar("riac_reports", default=None)


@contextmanager
def collect_reports() -> Iterator[list[RunReport]]:
    """The reports of the flow runs called in this block (in this process): the CLI prints the same
    closing table after a flow as after a local run."""
    collected: list[RunReport] = []
    token = _reports.set(collected)
    try:
        yield collected
    finally:
        _reports.reset(token)


def deliver(report: RunReport) -> None:
    """Hand the run's report to :func:`collect_reports` around the flow call, if any."""
    sink = _reports.get()
    if sink is not None:
        sink.append(report)


def rename_run(name: str) -> None:
    """Give the current flow run a name that says what it did (best effort: never fails the run)."""
    try:
        from prefect import get_client
        from prefect.runtime import flow_run

        if not flow_run.id:
            return
        with get_client(sync_client=True) as client:
            client.update_flow_run(flow_run.id, name=name[:200])
    except Exception:
        pass
