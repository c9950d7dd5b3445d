"""Object-store credentials come from the environment only and end up nowhere: a planted
``AWS_SECRET_ACCESS_KEY`` is absent from every object an archive run (``riac-archive crawl
--datasets s3://...``) puts in an ``s3://`` root (a real moto server on 127.0.0.1: datasets, run
markers, WARC copies), from the local data directory (WARC files, work folder) and from all output."""

from __future__ import annotations

import re
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.replica.process import ReplicaProcess
from tests.moto_s3 import moto_endpoint, s3_client, subprocess_env
from tests.security.grep import local_files, places

BUCKET = "riac-archive"
SECRET = "planted-" + secrets.token_hex(16)
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def s3_env() -> Iterator[dict[str, str]]:
    with moto_endpoint() as endpoint:
        env = subprocess_env(endpoint, key_id="AKIAPLANTEDKEY", secret=SECRET)
        s3_client(env).create_bucket(Bucket=BUCKET)
        yield env


def _bucket_objects(env: dict[str, str]) -> dict[str, bytes]:
    client = s3_client(env)
    keys = [o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    return {f"s3://{BUCKET}/{key}": client.get_object(Bucket=BUCKET, Key=key)["Body"].read() for key in keys}


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", *command], env=env, cwd=REPO, capture_output=True, timeout=300
    )


def test_a_planted_secret_appears_nowhere(
    s3_env: dict[str, str], replica: ReplicaProcess, tmp_path: Path
) -> None:
    root = f"s3://{BUCKET}/data"
    local = tmp_path / "data"
    archive = _run(
        [
            "flows.cli",
            "crawl",
            "--site",
            replica.base_url,
            "--unthrottled",
            "--data",
            str(local),
            "--datasets",
            root,
            "--as-of",
            "2025-03-03T06:00:00",
            "--no-prefect",
        ],
        s3_env,
    )
    assert archive.returncode == 0, archive.stderr.decode()[-3000:]
    query = _run(
        ["flows.cli", "sql", "--data", root, "SELECT count(*) AS n FROM articles"],
        s3_env,
    )
    assert query.returncode == 0, query.stderr.decode()[-2000:]
    assert re.search(rb"\b[1-9][0-9]*\b", query.stdout), query.stdout  # the run's articles, read from S3
    refused = _run(["flows.cli", "crawl", "--data", root, "--site", replica.base_url], s3_env)
    assert refused.returncode == 2 and b"--datasets s3://" in refused.stderr
    assert not (REPO / "s3:").exists()  # the s3:// root was not taken for a local folder

    objects = _bucket_objects(s3_env)
    assert any(key.endswith(".parquet") and "/articles/" in key for key in objects)
    assert any(key.endswith(".warc.gz") and "/warc/" in key for key in objects)
    everything = {**objects, **local_files(local)}
    for name, done in (("archive", archive), ("sql", query), ("refused crawl", refused)):
        everything[f"{name} stdout"] = done.stdout
        everything[f"{name} stderr"] = done.stderr
    # the search sees inside Parquet values and gzipped WARC records (else it proves nothing)
    assert places("https://russiancouncil.ru/en/", objects)
    assert places("https://russiancouncil.ru/en/", {k: v for k, v in everything.items() if k.endswith(".gz")})
    assert places(SECRET, everything) == []
    assert places(SECRET[-12:], everything) == []
