"""Storage maintenance flows: ``compact`` (merge small files) and ``reextract`` (offline rebuild, in
``flows/reextract.py``)."""

from __future__ import annotations

from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.prefect_support import forward_logs, rename_run
from flows.reextract import reextract_flow as reextract

__all__ = ["compact", "compact_task", "reextract"]


@task(name="compact-datasets", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=30)
def compact_task(data: str, min_files: int) -> dict[str, Any]:
    from storage.compact import compact as compact_root

    with forward_logs():
        result = compact_root(data, min_files=min_files)
    return {"merged": dict(result.merged), "rows": result.rows}


@flow(name="compact", flow_run_name="compact {data}")
def compact(data: str = "data", min_files: int = 2) -> dict[str, Any]:
    """Merge each partition's small Parquet files into one (readers never see a partial state)."""
    from prefect.artifacts import create_markdown_artifact

    result = compact_task(data, min_files)
    merged = result["merged"]
    lines = [
        "# compact",
        "",
        f"{sum(merged.values())} files merged in {len(merged)} partitions, {result['rows']} rows.",
    ]
    if merged:
        lines += [
            "",
            "| partition | files merged |",
            "|---|---:|",
            *(f"| {p} | {n} |" for p, n in sorted(merged.items())),
        ]
    create_markdown_artifact(markdown="\n".join(lines) + "\n", key="compact-report", description=lines[2])
    rename_run(f"compact: {sum(merged.values())} files in {len(merged)} partitions")
    return result
