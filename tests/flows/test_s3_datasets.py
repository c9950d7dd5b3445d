"""``riac-archive crawl --datasets s3://...``: the datasets, run markers and a copy of the WARC files
go to an S3 root (a real moto server on 127.0.0.1), the local ``--data`` keeps the WARC files, the
work folder and the run lock, and the next run reads what the archive knows from S3.

Two simulated days against the shared replica (its clock is not moved: day 1 sees the same site),
each a ``riac-archive crawl`` subprocess with credentials in the environment only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from crawler.replica import clock
from crawler.replica.process import ReplicaProcess
from crawler.urls import article_id
from crawler.warc import read_record
from flows.options import ArchiveOptions
from tests.moto_s3 import moto_bucket_env, s3_client

BUCKET = "riac-archive"
PREFIX = "data"
ROOT = f"s3://{BUCKET}/{PREFIX}"
ALL_DUE = "7:1,365:1,1"  # every known article due daily: day 1 re-fetches them all
REPO = Path(__file__).resolve().parents[2]


def _as_of(day: int) -> str:
    return datetime.combine(clock.date_of_day(day), time(6, 0), tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%S")


@pytest.fixture(scope="module")
def s3_env() -> Iterator[dict[str, str]]:
    with moto_bucket_env(BUCKET) as env:
        yield env


def _keys(env: dict[str, str]) -> set[str]:
    pages = s3_client(env).get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
    return {obj["Key"] for page in pages for obj in page.get("Contents", [])}


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _crawl(env: dict[str, str], site: str, local: Path, day: int) -> subprocess.CompletedProcess[str]:
    return _cli(
        env,
        "crawl",
        "--site",
        site,
        "--unthrottled",
        "--data",
        str(local),
        "--datasets",
        ROOT,
        "--as-of",
        _as_of(day),
        "--refresh-policy",
        ALL_DUE,
        "--no-prefect",
    )


@pytest.fixture(scope="module")
def archived(
    s3_env: dict[str, str], replica: ReplicaProcess, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    """Day 0 and day 1 archived into S3; the environment stays set for the in-process readers."""
    from storage import read

    local = tmp_path_factory.mktemp("local-data")
    day0 = _crawl(s3_env, replica.base_url, local, 0)
    assert day0.returncode == 0, day0.stderr[-3000:]
    saved = {k: os.environ.get(k) for k in s3_env if k.startswith("AWS_")}
    os.environ.update({k: v for k, v in s3_env.items() if k.startswith("AWS_")})
    try:
        out: dict[str, Any] = {"local": local, "day0": day0}
        out["articles_day0"] = read.latest_articles(ROOT).to_pylist()
        out["keys_day0"] = _keys(s3_env)
        day1 = _crawl(s3_env, replica.base_url, local, 1)
        assert day1.returncode == 0, day1.stderr[-3000:]
        out["day1"] = day1
        out["runs"] = sorted(read.read_table(ROOT, "runs").to_pylist(), key=lambda r: r["started_at"])
        out["article_rows"] = read.count_rows(ROOT, "articles")
        yield out
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def test_every_replica_article_is_stored_in_the_s3_datasets(
    archived: dict[str, Any], replica: ReplicaProcess
) -> None:
    expected = {article_id(a["url"]) for a in replica.index() if not a["withdrawn"]}
    stored = {row["article_id"] for row in archived["articles_day0"]}
    assert expected and stored >= expected
    keys = archived["keys_day0"]
    assert any(k.startswith(f"{PREFIX}/articles/") and k.endswith(".parquet") for k in keys)
    assert len([k for k in keys if k.startswith(f"{PREFIX}/_runs/")]) == 1  # the run's marker
    assert not [k for k in keys if k.startswith((f"{PREFIX}/_staging/", f"{PREFIX}/_pending/"))]


def test_every_article_row_points_at_a_warc_object_holding_its_page(
    archived: dict[str, Any], s3_env: dict[str, str], tmp_path: Path
) -> None:
    client = s3_client(s3_env)
    downloaded: dict[str, Path] = {}
    for row in archived["articles_day0"]:
        rel = row["warc_file"]
        assert rel and rel.startswith("warc/"), rel
        key = f"{PREFIX}/{rel}"
        assert key in archived["keys_day0"], key
        if rel not in downloaded:
            downloaded[rel] = tmp_path / f"{len(downloaded)}.warc.gz"
            client.download_file(BUCKET, key, str(downloaded[rel]))
        url, _headers, body = read_record(downloaded[rel], row["warc_offset"])
        assert urlsplit(url).path == urlsplit(row["fetched_url"]).path and body  # the site's host, not ours
        assert (archived["local"] / rel).is_file()  # the local copy stays
    for rel in downloaded:  # each crawl folder's manifest went along
        assert f"{PREFIX}/{rel.rsplit('/', 1)[0]}/manifest.jsonl" in archived["keys_day0"]


def test_the_local_data_directory_holds_no_dataset(archived: dict[str, Any]) -> None:
    local: Path = archived["local"]
    assert not list(local.rglob("*.parquet"))
    assert not (local / "_runs").exists() and not (local / "articles").exists()
    assert list((local / "warc").rglob("*.warc.gz"))
    assert (local / "_locks" / "run.lock").is_file()


def test_the_next_run_reads_what_the_archive_knows_from_s3(archived: dict[str, Any]) -> None:
    runs = archived["runs"]
    assert len(runs) == 2
    first, second = (json.loads(run["counts"]) for run in runs)
    assert first["articles_new"] == len(archived["articles_day0"])
    # day 1 re-fetched every known article (all due) and found each unchanged: nothing stored again
    assert second["articles_new"] == 0 and second["articles_changed"] == 0
    assert second["articles_unchanged"] == len(archived["articles_day0"])
    assert archived["article_rows"] == len(archived["articles_day0"])
    assert second["rating_snapshots"] > 0


def _reextract(env: dict[str, str], data: Path, *flags: str) -> str:
    result = _cli(env, "reextract", "--data", str(data), "--datasets", ROOT, "--no-prefect", *flags)
    assert result.returncode == 0, result.stderr[-3000:]
    return " ".join(result.stdout.split())


def test_reextract_on_a_new_machine_reads_s3_and_restores_the_warc_files_it_needs(
    archived: dict[str, Any], s3_env: dict[str, str], tmp_path: Path
) -> None:
    n = len(archived["articles_day0"])
    fresh = tmp_path / "new-machine"  # no WARC file, no dataset: everything comes from the S3 root
    out = _reextract(s3_env, fresh)
    assert f"{n} stored articles re-extracted from WARC: {n} identical, 0 differ, 0 could not" in out
    needed = {row["warc_file"] for row in archived["articles_day0"]}
    assert {p.relative_to(fresh).as_posix() for p in fresh.rglob("*.warc.gz")} == needed
    assert not list(fresh.rglob("*.parquet"))


def test_reextract_write_stores_new_versions_in_s3(
    archived: dict[str, Any], s3_env: dict[str, str], tmp_path: Path
) -> None:
    """A version stored by an older extractor (planted in S3) is replaced by the WARC's re-extraction."""
    from datetime import timedelta

    from storage import read
    from storage.rows import row_to_article, run_row
    from storage.write import RunWriter

    latest = read.latest_articles(ROOT).to_pylist()
    target = latest[0]
    planted = dict(target, body="An older extractor's body.", run_id="planted-older-extractor")
    del planted["withdrawn_at"]  # derived by the reader from fetches, not a stored column
    planted["stored_at"] = max(r["stored_at"] for r in latest) + timedelta(seconds=1)
    planted["extractor_version"] = "riac-0.9"
    older = row_to_article(planted)  # digests as that extractor's run stored them
    planted.update(content_digest=older.content_digest, body_digest=older.body_digest)
    writer = RunWriter(ROOT, "planted-older-extractor")
    writer.write("articles", [planted])
    started = datetime.now(UTC)
    writer.commit(run_row("planted-older-extractor", flow="test", started_at=started, status="completed"))
    stored = {r["article_id"]: r["body"] for r in read.latest_articles(ROOT).to_pylist()}
    assert stored[target["article_id"]] == planted["body"]
    out = _reextract(s3_env, archived["local"], "--write")
    assert f"{len(latest) - 1} identical, 1 differ" in out and "1 new versions written" in out
    after = {r["article_id"]: r for r in read.latest_articles(ROOT).to_pylist()}
    assert after[target["article_id"]]["body"] == target["body"]
    assert after[target["article_id"]]["run_id"].startswith("reextract-")
    assert len(after) == len(latest)
    assert not list(archived["local"].rglob("*.parquet"))
    again = _reextract(s3_env, archived["local"])
    assert f"{len(latest)} identical, 0 differ" in again


def test_an_s3_data_directory_is_refused_pointing_at_datasets(
    s3_env: dict[str, str], replica: ReplicaProcess
) -> None:
    refused = _cli(s3_env, "crawl", "--data", ROOT, "--site", replica.base_url, "--no-prefect")
    assert refused.returncode == 2
    assert "--datasets s3://" in refused.stderr and "local" in refused.stderr
    assert not (REPO / "s3:").exists()


@pytest.mark.parametrize("root", ["gs://bucket/prefix", "s3://", ""])
def test_datasets_roots_other_than_s3_or_a_directory_are_refused(root: str) -> None:
    with pytest.raises(ValueError, match="--datasets"):
        ArchiveOptions(datasets=root)


def test_datasets_in_the_data_directory_are_not_apart(tmp_path: Path) -> None:
    assert not ArchiveOptions(data=tmp_path).datasets_apart
    assert not ArchiveOptions(data=tmp_path, datasets=str(tmp_path)).datasets_apart
    assert ArchiveOptions(data=tmp_path, datasets=str(tmp_path / "elsewhere")).datasets_apart
    assert ArchiveOptions(data=tmp_path, datasets=ROOT).datasets_root == ROOT


@pytest.mark.usefixtures("prefect_harness")
def test_the_archive_flow_takes_a_datasets_root(replica: ReplicaProcess, tmp_path: Path) -> None:
    """The Prefect flow's ``datasets`` parameter: here a second local directory (the same code path
    as S3: known state, recovery, WARC copies and commit on that root)."""
    from flows.archive import archive
    from storage import read

    local, datasets = tmp_path / "data", tmp_path / "datasets"
    options = ArchiveOptions(
        site=replica.base_url,
        data=local,
        unthrottled=True,
        as_of=datetime.fromisoformat(_as_of(0)).replace(tzinfo=UTC),
        datasets=str(datasets),
    )
    counts = archive(options)
    rows = read.latest_articles(datasets).to_pylist()
    assert counts["articles_new"] == len(rows) > 0
    assert all((datasets / row["warc_file"]).is_file() for row in rows)
    assert not list(local.rglob("*.parquet")) and (local / "_locks" / "run.lock").is_file()
