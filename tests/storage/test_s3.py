"""The same writer, readers, compaction and DuckDB views against an S3 server (moto, on 127.0.0.1)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import boto3
import pandas as pd
import pytest

from storage import read
from storage.compact import compact
from storage.write import CommitResult
from tests.moto_s3 import moto_root

WriteRun = Callable[..., CommitResult]
BUCKET = "riac-archive"


@pytest.fixture
def s3_root(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with moto_root(monkeypatch, BUCKET) as root:
        yield root


def _keys() -> list[str]:
    listing = boto3.client("s3").list_objects_v2(Bucket=BUCKET)
    return sorted(obj["Key"] for obj in listing.get("Contents", []))


def test_s3_round_trip(s3_root: str, run_writer: WriteRun) -> None:
    t0 = datetime(2026, 3, 1, 9, tzinfo=UTC)
    for i in range(3):
        run_writer(s3_root, f"s3run-{i}", articles=3, at=t0 + timedelta(days=i), version=i)
    keys = _keys()
    assert not [k for k in keys if k.endswith("/")], "directory-marker objects"
    assert not [k for k in keys if k.startswith("data/_staging/") or k.startswith("data/_pending/")]
    assert "data/_runs/s3run-2.json" in keys
    assert any(k.startswith("data/ratings/observed_date=2026-03-03/part-s3run-2-") for k in keys)

    latest = read.latest_articles(s3_root)
    assert latest.num_rows == 3
    assert all(body.endswith("version 2.") for body in latest["body"].to_pylist())
    assert read.rating_history(s3_root).num_rows == 9
    assert len(read.article_versions(s3_root, latest["article_id"][0].as_py())) == 3

    compact(s3_root)
    assert len([k for k in _keys() if k.startswith("data/runs/")]) == 1
    con = read.connect(s3_root)  # DuckDB over registered pyarrow datasets (no httpfs)
    assert con.sql("SELECT count(*) FROM ratings").fetchall() == [(9,)]
    assert con.sql("SELECT count(DISTINCT run_id) FROM runs").fetchall() == [(3,)]
    assert len(pd.read_parquet(f"{s3_root}/ratings")) == 9  # plain pandas through s3fs, no markers
    assert not [k for k in _keys() if k.endswith("/")]
