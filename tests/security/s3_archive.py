"""``python -m tests.security.s3_archive SITE LOCAL_DATA S3_ROOT``: one archive run of SITE, then its
datasets published to an ``s3://`` root by the product's storage layer (``RunWriter``), credentials
taken from the environment only, as in production. Archive runs crawl into a local data directory
(WARC files are local); the datasets are what goes to object storage."""

from __future__ import annotations

import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

from flows.options import ArchiveOptions
from flows.pipeline import run_archive
from storage import read
from storage.schemas import SCHEMAS
from storage.write import RunWriter


def main(site: str, local: str, root: str) -> None:
    as_of = datetime(2025, 3, 3, 6, tzinfo=UTC)
    options = ArchiveOptions(site=site, data=Path(local), unthrottled=True, as_of=as_of)
    run_id = str(uuid.uuid4())
    report = run_archive(options, run_id, progress=print)
    print(report.summary_line())
    writer = RunWriter(root, run_id)
    run_row = None
    for name, schema in SCHEMAS.items():
        rows = read.read_table(options.data, name).to_pylist()
        rows = [{k: v for k, v in row.items() if k in schema.names} for row in rows]
        if name == "runs":
            run_row = next(row for row in rows if row["run_id"] == run_id)
        elif rows:
            writer.write(name, rows)
    print("published:", writer.commit(run_row).rows)


if __name__ == "__main__":
    main(*sys.argv[1:4])
