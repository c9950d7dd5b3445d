"""A real S3-compatible server (moto) on 127.0.0.1 for the tests that need object storage.

moto keeps its buckets in process-wide state, not per server: a server started after another test's
server would still hold that test's bucket and objects. ``moto_endpoint`` empties that state first
(moto's own ``/moto-api/reset``), so every test starts with an empty store.
"""

from __future__ import annotations

import os
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer


@contextmanager
def moto_endpoint() -> Iterator[str]:
    """Start a moto S3 server on a free loopback port, empty, and yield its endpoint URL."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        reset = urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST")
        urllib.request.urlopen(reset, timeout=10).close()
        yield endpoint
    finally:
        server.stop()


def subprocess_env(endpoint: str, key_id: str = "testing", secret: str = "testing") -> dict[str, str]:
    """This process's environment for a ``riac-archive`` child that reaches the moto server at
    ``endpoint``: AWS credentials only from the environment (as in production), no Prefect server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "AWS_"))}
    env.update(
        AWS_ENDPOINT_URL=endpoint,
        AWS_ACCESS_KEY_ID=key_id,
        AWS_SECRET_ACCESS_KEY=secret,
        AWS_DEFAULT_REGION="us-east-1",
    )
    return env


def s3_client(env: dict[str, str]) -> Any:
    """A boto3 S3 client with the endpoint and credentials of ``env`` (see :func:`subprocess_env`)."""
    return boto3.client(
        "s3",
        endpoint_url=env["AWS_ENDPOINT_URL"],
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        region_name=env["AWS_DEFAULT_REGION"],
    )


@contextmanager
def moto_bucket_env(bucket: str) -> Iterator[dict[str, str]]:
    """A moto server holding an empty ``bucket``; yields the environment that reaches it (for
    ``riac-archive`` children and :func:`s3_client`)."""
    with moto_endpoint() as endpoint:
        env = subprocess_env(endpoint)
        s3_client(env).create_bucket(Bucket=bucket)
        yield env


@contextmanager
def moto_root(monkeypatch: pytest.MonkeyPatch, bucket: str, prefix: str = "data") -> Iterator[str]:
    """A moto server holding an empty ``bucket``, this process's AWS_* environment pointing at it
    (credentials only through the environment, as in production); yields ``s3://bucket/prefix``."""
    with moto_bucket_env(bucket) as env:
        for key in ("AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION"):
            monkeypatch.setenv(key, env[key])
        yield f"s3://{bucket}/{prefix}"
