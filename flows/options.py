"""One options object per run, validated once (the CLI and the flows share it)."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from flows.policy import RefreshPolicy

DEFAULT_SITE = "https://russiancouncil.ru"
DEFAULT_DRIFT_THRESHOLD = 0.3
LANGS = ("en", "ru")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:/")  # s3://, gs://, file:/...


def is_loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").rstrip(".")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_langs(value: str) -> tuple[str, ...]:
    langs = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
    unknown = [lang for lang in langs if lang not in LANGS]
    if not langs or unknown:
        raise ValueError(f"languages must be among {', '.join(LANGS)}, not {value!r}")
    return langs


@dataclass(frozen=True, slots=True)
class ArchiveOptions:
    site: str = DEFAULT_SITE
    data: Path = Path("data")
    langs: tuple[str, ...] = LANGS
    full: bool = False
    max_pages: int | None = None
    unthrottled: bool = False
    refresh_only: bool = False  # rating and poll snapshots only: no discovery of new articles
    drift_threshold: float = DEFAULT_DRIFT_THRESHOLD
    policy: RefreshPolicy = field(default_factory=RefreshPolicy)
    as_of: datetime | None = None  # the run's clock when simulated (demo, tests); None: now
    workers: int | None = None  # extraction processes; None: every core

    def __post_init__(self) -> None:
        if _URI.match(str(self.data)):  # Path("s3://b/p") is the local folder "s3:/b/p"
            raise ValueError(
                f"archive runs need a local data directory (WARC files and datasets), not {self.data}; "
                "s3:// roots are read by `riac-archive sql --data s3://...` and the storage package"
            )
        if self.unthrottled and not is_loopback(self.site):
            raise ValueError(
                f"--unthrottled lifts the politeness limits and is allowed on loopback only, not {self.site}"
            )
        if not 0.0 < self.drift_threshold <= 1.0:
            raise ValueError("the drift threshold is a share between 0 and 1")
        if self.max_pages is not None and self.max_pages < 1:
            raise ValueError("max_pages must be positive")
        parse_langs(",".join(self.langs))
