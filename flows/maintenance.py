"""Storage maintenance flows: ``compact`` (merge small files) and ``reextract`` (offline rebuild)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.prefect_support import forward_logs, rename_run, run_id
from flows.reextract import ReextractReport
from flows.retry import only_transient


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


@task(name="reextract-archive", cache_policy=NO_CACHE, retries=1, retry_condition_fn=only_transient)
def reextract_task(data: str, datasets: str | None, write: bool, rid: str) -> ReextractReport:
    from flows.reextract import reextract as reextract_root

    with forward_logs():
        return reextract_root(Path(data), datasets=datasets, write=write, run_id=rid)


@flow(name="reextract", flow_run_name="reextract {data}")
def reextract(data: str = "data", write: bool = False, datasets: str | None = None) -> dict[str, int]:
    """Re-extract every stored article from its WARC record; report (and optionally store) differences.
    ``datasets``: the datasets root when it is not ``data`` (e.g. ``s3://bucket/prefix``)."""
    from prefect.artifacts import create_markdown_artifact

    report = reextract_task(data, datasets, write, run_id())
    summary = f"{report.checked} checked, {report.same} identical, {len(report.differing)} differ"
    create_markdown_artifact(markdown=report.to_markdown(), key="reextract-report", description=summary)
    rename_run(f"reextract: {summary}")
    return {
        "checked": report.checked,
        "same": report.same,
        "differing": len(report.differing),
        "written": report.written,
    }
