"""A few calls to a Prefect server's REST API, with nothing but urllib."""

from __future__ import annotations

import json
import urllib.request
from typing import Any


def call(api_url: str, path: str, body: dict[str, Any] | None = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    method = "GET" if body is None else "POST"
    request = urllib.request.Request(
        api_url + path, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


def deployments(api_url: str) -> list[dict[str, Any]]:
    return list(call(api_url, "/deployments/filter", {}))


def flow_runs(api_url: str) -> list[dict[str, Any]]:
    return list(call(api_url, "/flow_runs/filter", {}))


def artifacts(api_url: str, flow_run_id: str) -> list[dict[str, Any]]:
    return list(call(api_url, "/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [flow_run_id]}}}))


def logs(api_url: str, flow_run_id: str) -> list[dict[str, Any]]:
    return list(
        call(api_url, "/logs/filter", {"logs": {"flow_run_id": {"any_": [flow_run_id]}}, "limit": 200})
    )
