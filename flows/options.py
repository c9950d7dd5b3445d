"""One options object per run, validated once: the CLI builds it, the flows take it as their one
parameter (shown whole in the Prefect UI, serialised into a deployment's default parameters)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from crawler.site_mapping import is_loopback
from crawler.urls import CANONICAL_ORIGIN, LANGUAGES
from storage.refresh_policy import RefreshPolicy

DEFAULT_SITE = CANONICAL_ORIGIN
DEFAULT_POLICY = RefreshPolicy().spec()  # "7:1,365:7,30"
DEFAULT_DRIFT_THRESHOLD = 0.3
DEFAULT_DATA = Path("data")
LANGS = LANGUAGES
DEFAULT_LANGS = ",".join(LANGS)  # the CLI's form
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:/")  # s3://, gs://, file:/...


def parse_langs(value: str) -> tuple[str, ...]:
    langs = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
    unknown = [lang for lang in langs if lang not in LANGS]
    if not langs or unknown:
        raise ValueError(f"languages must be among {', '.join(LANGS)}, not {value!r}")
    return langs


def _langs(value: Any) -> tuple[str, ...]:
    """``"ru, en"`` (the CLI's form) or a list of codes."""
    if isinstance(value, str):
        return parse_langs(value)
    if isinstance(value, list | tuple):
        return parse_langs(",".join(str(part) for part in value))
    return value  # type: ignore[no-any-return]  # pydantic reports the wrong type


def _policy(value: Any) -> Any:
    """A policy is written as its spec, ``"7:1,365:7,30"`` (the CLI's ``--refresh-policy``)."""
    return RefreshPolicy.parse(value) if isinstance(value, str) else value


Languages = Annotated[tuple[str, ...], BeforeValidator(_langs)]
Policy = Annotated[
    RefreshPolicy,
    BeforeValidator(_policy),
    PlainSerializer(RefreshPolicy.spec, return_type=str),
    WithJsonSchema({"type": "string", "title": "Refresh policy", "examples": [DEFAULT_POLICY]}),
]


class ArchiveOptions(BaseModel):
    """Everything one archive or refresh run is told; every default of a run is here."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    site: str = DEFAULT_SITE
    data: Path = DEFAULT_DATA
    langs: Languages = LANGS
    full: bool = False
    max_pages: int | None = None
    unthrottled: bool = False
    refresh_only: bool = False  # rating and poll snapshots only: no discovery of new articles
    drift_threshold: float = DEFAULT_DRIFT_THRESHOLD
    policy: Policy = Field(default=DEFAULT_POLICY, validate_default=True)  # shown as its spec
    as_of: datetime | None = None  # the run's clock when simulated (demo, tests); None: now
    workers: int | None = None  # extraction processes; None: every core
    datasets: str | None = None  # root of the Parquet datasets (s3://bucket/prefix); None: ``data``
    wacz: Path | None = None  # package the stored run as this FILE.wacz (a folder: <run id>.wacz)
    dask_address: str | None = None  # extract on this Dask scheduler after the crawl (flows/dask_extract.py)

    @field_validator("as_of")
    @classmethod
    def _utc(cls, moment: datetime | None) -> datetime | None:
        """A naive moment is UTC (``--as-of 2025-03-03T06:00:00``)."""
        return None if moment is None else moment.replace(tzinfo=moment.tzinfo or UTC)

    @model_validator(mode="after")
    def _check(self) -> ArchiveOptions:
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
        return self

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


def first_problem(error: ValidationError) -> tuple[str | None, str]:
    """The first thing wrong with options: the field it concerns (``None``: the whole) and why, in
    the words of the check that failed."""
    detail = error.errors()[0]
    cause = (detail.get("ctx") or {}).get("error")
    message = str(cause) if isinstance(cause, ValueError) else detail["msg"]
    field = str(detail["loc"][0]) if detail["loc"] else None
    return field, message


def check_datasets_root(root: str) -> str:
    """``s3://bucket/prefix`` or a local directory (``storage.store.open_store`` takes both)."""
    if root.startswith("s3://"):
        if not root.removeprefix("s3://").strip("/"):
            raise ValueError(f"--datasets {root!r}: name a bucket, s3://bucket/prefix")
        return root
    if not root.strip() or (_URI.match(root) and not root.startswith("file://")):
        raise ValueError(f"--datasets takes s3://bucket/prefix or a local directory, not {root!r}")
    return root
