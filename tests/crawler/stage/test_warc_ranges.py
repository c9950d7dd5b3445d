"""WARC records read in place from object storage (a real moto S3 server on loopback): the extraction
of a batch whose WARC root is ``s3://bucket/prefix`` equals the extraction from the local copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.replica.process import ReplicaProcess
from crawler.stage.extract import extract_batch
from tests.flows.helpers import fetch_into_warc
from tests.moto_s3 import moto_endpoint, s3_client, subprocess_env


def test_a_batch_reads_its_records_from_s3_in_place(
    tmp_path: Path, replica: ReplicaProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [a["path"] for a in replica.index() if not a["withdrawn"]][:4]
    (tmp_path / "warc" / "run-1").mkdir(parents=True)
    warc = tmp_path / "warc" / "run-1" / "part.warc.gz"
    records = fetch_into_warc(replica.base_url, paths, warc, tmp_path)
    local = extract_batch(records, frozenset(), tmp_path)
    assert [page.item is not None for page in local] == [True] * 4

    with moto_endpoint() as endpoint:
        env = subprocess_env(endpoint)
        for name in ("AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION"):
            monkeypatch.setenv(name, env[name])
        client = s3_client(env)
        client.create_bucket(Bucket="archive")
        client.upload_file(str(warc), "archive", "riac/warc/run-1/part.warc.gz")
        remote = extract_batch(records, frozenset(), "s3://archive/riac")
        missing = extract_batch(records[:1], frozenset(), "s3://archive/elsewhere")

    assert [page.item for page in remote] == [page.item for page in local]
    assert missing[0].item is None and missing[0].failure is not None
    assert missing[0].failure.error_type == "warc-read"
