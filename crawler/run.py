"""Run one crawl in a subprocess: ``run_crawl(CrawlOptions(...)) -> CrawlResult``.

A Twisted reactor cannot restart, so a worker that crawls twice cannot host Scrapy in-process; a
``python -m scrapy crawl riac`` child per crawl runs any number of times, isolates crashes, and lets
the caller kill a stuck crawl. Scrapy's log lines (INFO and above) stream to a callback as they come;
the stats come back as JSON written by :class:`crawler.recorder.RunRecorderExtension`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import crawler
from crawler.site_mapping import SiteMapping, is_loopback
from crawler.urls import CANONICAL_ORIGIN, LANGUAGES
from crawler.warc import MANIFEST_NAME, STATS_NAME

REAL_SITE = CANONICAL_ORIGIN
CONTACT_URL_ENV = "RIAC_CONTACT_URL"  # the operator's contact page, put in the User-Agent
PROJECT_ROOT = Path(crawler.__file__).resolve().parent.parent

LogCallback = Callable[[str], None]


class CrawlRefused(ValueError):
    """Options that must not run (e.g. ``unthrottled`` against a host that is not loopback)."""


@dataclass(frozen=True, slots=True)
class CrawlOptions:
    site: str = REAL_SITE
    data_dir: Path = Path("data")
    run_id: str = ""  # default: UTC timestamp
    langs: tuple[str, ...] = LANGUAGES
    full: bool = False
    max_pages: int | None = None
    unthrottled: bool = False  # lifts politeness limits; refused unless the site is on loopback
    known_urls: Path | None = None  # Parquet or JSON lines: url, due[, lastmod, listing_date]
    log_file: Path | None = None
    contact_url: str | None = None  # default: $RIAC_CONTACT_URL, else the project's page
    # extra Scrapy settings (-s); a dict value adds to the project's dict of that name (e.g. one more
    # DOWNLOADER_MIDDLEWARES entry) instead of replacing it
    settings: dict[str, Any] = field(default_factory=dict)
    timeout: float | None = None  # seconds; the child is killed past it
    urls: tuple[str, ...] = ()  # extra pages to fetch by name (site paths or site URLs)
    discover: bool = True  # False: fetch only ``urls`` (and robots.txt)
    previous_captures: Path | None = None  # crawler/revisits.py: unchanged re-fetches become revisits


@dataclass(frozen=True, slots=True)
class CrawlResult:
    run_id: str
    exit_code: int
    run_dir: Path
    manifest: Path
    warc_files: tuple[Path, ...]
    stats: dict[str, Any]
    log_file: Path | None
    duration: float

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and bool(self.stats)

    def manifest_lines(self) -> list[dict[str, Any]]:
        if not self.manifest.exists():
            return []
        with self.manifest.open(encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]


def crawl_command(options: CrawlOptions, run_id: str) -> list[str]:
    """The ``python -m scrapy crawl riac ...`` command line for these options."""
    site = SiteMapping(options.site).base
    if options.unthrottled and not is_loopback(site):
        raise CrawlRefused(f"--unthrottled is only allowed against a loopback site, not {site}")
    data_dir = Path(options.data_dir).resolve()
    settings: dict[str, Any] = {
        "RIAC_SITE": site,
        "RIAC_DATA_DIR": str(data_dir),
        "RIAC_RUN_ID": run_id,
        "LOG_LEVEL": "INFO",
    }
    contact_url = options.contact_url or os.environ.get(CONTACT_URL_ENV, "").strip()
    if contact_url:
        settings["RIAC_CONTACT_URL"] = contact_url
        settings["USER_AGENT"] = f"riac-archive/0.1 (research archive of public analysis; +{contact_url})"
    if options.max_pages:
        settings["RIAC_MAX_PAGES"] = int(options.max_pages)  # hard cap on requests sent
        settings["CLOSESPIDER_PAGECOUNT"] = int(options.max_pages) + 1  # then stop (+1: robots.txt)
    if options.unthrottled:
        settings.update(
            AUTOTHROTTLE_ENABLED=False,
            DOWNLOAD_DELAY=0,
            RIAC_OBEY_CRAWL_DELAY=False,
            CONCURRENT_REQUESTS=16,
            CONCURRENT_REQUESTS_PER_DOMAIN=16,
        )
    if options.previous_captures:
        settings["RIAC_PREVIOUS_CAPTURES"] = str(Path(options.previous_captures).resolve())
    settings.update({key: _merged(key, value) for key, value in options.settings.items()})
    command = [sys.executable, "-m", "scrapy", "crawl", "riac", "-a", "lang=" + ",".join(options.langs)]
    command += ["-a", f"full={int(options.full)}"]
    if options.urls:
        command += ["-a", "urls=" + " ".join(options.urls)]
    if not options.discover:
        command += ["-a", "discover=0"]
    if options.known_urls:
        command += ["-a", f"known={Path(options.known_urls).resolve()}"]
    for key, value in settings.items():
        command += ["-s", f"{key}={value}"]
    return command


def _merged(key: str, value: Any) -> Any:
    """A dict setting joined to the project's one of that name, as the JSON Scrapy reads from -s."""
    if not isinstance(value, dict):
        return value
    from crawler import settings as project

    return json.dumps({**getattr(project, key, {}), **value})


def run_crawl(options: CrawlOptions, on_log: LogCallback | None = None) -> CrawlResult:
    """Run one crawl to completion in a child process; never raises for a failed crawl (see ``ok``)."""
    run_id = options.run_id or datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    command = crawl_command(options, run_id)
    data_dir = Path(options.data_dir).resolve()
    run_dir = data_dir / "warc" / run_id
    run_dir.mkdir(parents=True, exist_ok=True)
    log_path = Path(options.log_file) if options.log_file else run_dir / "crawl.log"
    env = dict(os.environ)
    env["SCRAPY_SETTINGS_MODULE"] = "crawler.settings"
    env["PYTHONPATH"] = str(PROJECT_ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    started = time.monotonic()
    with log_path.open("a", encoding="utf-8") as log:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            preexec_fn=_death_signal(),
        )
        reader = threading.Thread(target=_pump, args=(process, log, on_log), daemon=True)
        reader.start()
        try:
            exit_code = process.wait(timeout=options.timeout)
        except subprocess.TimeoutExpired:
            process.terminate()  # Scrapy closes gracefully on SIGTERM: records stay complete
            try:
                exit_code = process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                exit_code = process.wait()
        reader.join()
    stats_path = run_dir / STATS_NAME
    stats = json.loads(stats_path.read_text(encoding="utf-8")) if stats_path.exists() else {}
    manifest = Path(options.settings.get("RIAC_MANIFEST_PATH") or run_dir / MANIFEST_NAME)
    return CrawlResult(
        run_id=run_id,
        exit_code=exit_code,
        run_dir=run_dir,
        manifest=manifest,
        warc_files=tuple(sorted(run_dir.glob("*.warc.gz"))),
        stats=stats,
        log_file=log_path,
        duration=time.monotonic() - started,
    )


def _death_signal() -> Callable[[], None] | None:
    """A ``preexec_fn`` that makes the child die with its parent (Linux), so no orphan crawl keeps
    fetching. SIGKILL, since Scrapy's graceful SIGTERM shutdown was seen hanging once its log pipe was
    gone; WARC and manifest stay readable up to their last complete record. libc is loaded here, in
    the parent: the child between fork and exec must not import anything (other threads may hold
    the import lock)."""
    if sys.platform != "linux":
        return None
    import ctypes

    prctl = ctypes.CDLL(None, use_errno=True).prctl
    pr_set_pdeathsig, kill = 1, int(signal.SIGKILL)

    def set_death_signal() -> None:
        prctl(pr_set_pdeathsig, kill)

    return set_death_signal


def _pump(process: subprocess.Popen[str], log: Any, on_log: LogCallback | None) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        log.write(line)
        if on_log is not None and _worth_forwarding(line):
            on_log(line.rstrip("\n"))
    log.flush()


def _worth_forwarding(line: str) -> bool:
    """INFO and above; Scrapy's per-item DEBUG dumps stay in the log file."""
    return "] DEBUG:" not in line and bool(line.strip())
