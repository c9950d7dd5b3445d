"""Where things live under the root, and how file names encode the run that wrote them.

```
<root>/articles/stored_month=2026-11/part-<run_id>-<digest16>.parquet   published by a run
<root>/ratings/observed_date=2026-11-28/compact-<compaction_id>.parquet  written by compaction
<root>/_staging/<run_id>/<dataset>/...   a run's files before publishing (never read)
<root>/_pending/<run_id>.json            list of files a run is publishing (written before them)
<root>/_runs/<run_id>.json               completion marker, written last: the run is committed
<root>/_compactions/<compaction_id>.json which files a compacted file replaces
<root>/_locks/                           local lock files (compaction)
<root>/warc/*.warc.gz                    the crawl's WARC files (written by the crawler)
```
Everything that is not data sits in folders starting with ``_`` outside the dataset folders, so
``<root>/<dataset>/**/*.parquet`` matches only complete data files.
"""

from __future__ import annotations

import re

from storage.schemas import DATASETS

STAGING = "_staging"
PENDING = "_pending"
RUNS = "_runs"
COMPACTIONS = "_compactions"
LOCKS = "_locks"

RUN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")
_PART = re.compile(r"part-(?P<run>[A-Za-z0-9][A-Za-z0-9_-]*)-(?P<digest>[0-9a-f]{16})\.parquet")
_COMPACT = re.compile(r"compact-(?P<cid>[A-Za-z0-9_-]+)\.parquet")


def check_run_id(run_id: str) -> str:
    if not RUN_ID.fullmatch(run_id):
        raise ValueError(f"run id {run_id!r}: use letters, digits, '-' and '_' (a Prefect flow run id fits)")
    return run_id


def check_dataset(dataset: str) -> str:
    if dataset not in DATASETS:
        raise ValueError(f"unknown dataset {dataset!r}; one of {', '.join(DATASETS)}")
    return dataset


def part_name(run_id: str, digest: str) -> str:
    return f"part-{run_id}-{digest[:16]}.parquet"


def compact_name(compaction_id: str) -> str:
    return f"compact-{compaction_id}.parquet"


def classify(rel: str) -> tuple[str, str] | None:
    """``("part", run_id)`` or ``("compact", compaction_id)`` for a data file, None for anything else."""
    name = rel.rsplit("/", 1)[-1]
    match = _PART.fullmatch(name)
    if match:
        return "part", match["run"]
    match = _COMPACT.fullmatch(name)
    if match:
        return "compact", match["cid"]
    return None


def partition_of(rel: str) -> str:
    """The folder of a data file relative to the root, e.g. ``ratings/observed_date=2026-11-28``."""
    return rel.rsplit("/", 1)[0]


def marker(run_id: str) -> str:
    return f"{RUNS}/{run_id}.json"


def pending(run_id: str) -> str:
    return f"{PENDING}/{run_id}.json"


def staging(run_id: str) -> str:
    return f"{STAGING}/{run_id}"
