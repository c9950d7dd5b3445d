"""One options object per run, validated once (the CLI and the flows share it)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from crawler.site_mapping import is_loopback
from crawler.urls import CANONICAL_ORIGIN
from storage.refresh_policy import RefreshPolicy

DEFAULT_SITE = CANONICAL_ORIGIN
DEFAULT_POLICY = RefreshPolicy().spec()  # "7:1,365:7,30"
DEFAULT_DRIFT_THRESHOLD = 0.3
LANGS = ("en", "ru")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:/")  # s3://, gs://, file:/...


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
    datasets: str | None = None  # root of the Parquet datasets (s3://bucket/prefix); None: ``data``
    wacz: Path | None = None  # package the stored run as this FILE.wacz (a folder: <run id>.wacz)
    dask_address: str | None = None  # extract on this Dask scheduler after the crawl (flows/dask_extract.py)

    def __post_init__(self) -> None:
        if _URI.match(str(self.data)):  # Path("s3://b/p") is the local folder "s3:/b/p"
            raise ValueError(
                f"archive runs need a local data directory (WARC files, work folder, run lock), not "
                f"{self.data}; to keep the datasets in object storage use --datasets s3://bucket/prefix "
                "with a local --data"
            )
        if self.datasets is not None:
            check_datasets_root(self.datasets)
        if self.unthrottled and not is_loopback(self.site):
            raise ValueError(
                f"--unthrottled lifts the politeness limits and is allowed on loopback only, not {self.site}"
            )
        if not 0.0 < self.drift_threshold <= 1.0:
            raise ValueError("the drift threshold is a share between 0 and 1")
        if self.max_pages is not None and self.max_pages < 1:
            raise ValueError("max_pages must be positive")
        parse_langs(",".join(self.langs))

    @property
    def datasets_root(self) -> Path | str:
        """Where the Parquet datasets and run markers are read and written."""
        return self.data if self.datasets is None else self.datasets

    @property
    def datasets_apart(self) -> bool:
        """The datasets live in another root than the data directory (their WARC files are copied there)."""
        if self.datasets is None:
            return False
        if self.datasets.startswith("s3://"):
            return True
        local = Path(self.datasets.removeprefix("file://")).resolve()
        return local != Path(self.data).resolve()


def check_datasets_root(root: str) -> str:
    """``s3://bucket/prefix`` or a local directory (``storage.store.open_store`` takes both)."""
    if root.startswith("s3://"):
        if not root.removeprefix("s3://").strip("/"):
            raise ValueError(f"--datasets {root!r}: name a bucket, s3://bucket/prefix")
        return root
    if not root.strip() or (_URI.match(root) and not root.startswith("file://")):
        raise ValueError(f"--datasets takes s3://bucket/prefix or a local directory, not {root!r}")
    return root
