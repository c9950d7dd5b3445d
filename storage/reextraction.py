"""Re-extraction as plain functions: stored versions → batches of WARC records → staged Parquet → one commit.

Each stored latest version points at its WARC record (file, offset). :func:`plan_reextraction` reads
the latest versions and cuts their records into batches (grouped by WARC file, in file order, so a
batch reads one or two files front to back). :func:`reextract_batch` is the unit of work: it reads
its records (a local data directory, or ``s3://`` read in place), extracts them again, decides
same / changed with the version rule (:func:`storage.plan.version_change` on the content digest) and
stages the changed ones as ``articles`` rows under the run's staging folder of the datasets root.
It needs nothing but its :class:`Batch`, so it runs alike in this process, in a local process pool
(:func:`run_batches`) or on a Dask worker on another machine (``flows/reextract.py``).
:func:`finish_reextraction` then compares the staged rows field by field with the stored ones for
the report (:meth:`crawler.items.ArticleItem.content`, what the digest hashes) and commits them once
(``write``) or discards them.

WARC files a row names but the data directory lacks (a new machine, a cleaned disk) are first copied
back from the datasets root, where every run leaves a copy under the same relative path
(``storage/plan.py``) — unless the workers read them from there in place (``warc_source``).
"""

from __future__ import annotations

import os
import socket
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path
from typing import Any

from crawler.stage.extract import POOL_MIN_PAGES, FetchRecord, extract_batch
from storage.plan import version_change

BATCH_RECORDS = 200  # WARC records per batch: ~0.5 s of extraction, so Dask's ~ms per task is noise


@dataclass(frozen=True, slots=True)
class ArticleDiff:
    article_id: str
    fields: tuple[str, ...]  # content fields that differ
    detail: str  # first differing field, old → new (shortened)


@dataclass(slots=True)
class ReextractReport:
    checked: int = 0
    same: int = 0
    differing: list[ArticleDiff] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (article_id, reason)
    written: int = 0
    batches: int = 0
    workers: Counter[str] = field(default_factory=Counter)  # batches per worker process (host:pid)

    def to_markdown(self, limit: int = 50) -> str:
        lines = [
            "# reextract",
            "",
            f"{self.checked} stored articles re-extracted from WARC: {self.same} identical, "
            f"{len(self.differing)} differ, {len(self.unreadable)} could not be re-extracted, "
            f"{self.written} new versions written.",
        ]
        if len(self.workers) > 1:
            spread = ", ".join(f"{worker} {count}" for worker, count in sorted(self.workers.items()))
            lines += ["", f"{self.batches} batches over {len(self.workers)} worker processes: {spread}."]
        if self.differing:
            lines += ["", "| article | fields | first difference |", "|---|---|---|"]
            for d in self.differing[:limit]:
                lines.append(f"| {d.article_id} | {', '.join(d.fields)} | {d.detail.replace('|', '/')} |")
        if self.unreadable:
            lines += ["", "| article | why not |", "|---|---|"]
            lines += [f"| {a} | {why} |" for a, why in self.unreadable[:limit]]
        return "\n".join(lines) + "\n"


@dataclass(frozen=True, slots=True)
class StoredRef:
    """What a batch needs of one stored version: its WARC record and what its new row keeps."""

    article_id: str
    record: FetchRecord
    content_digest: str
    first_seen: datetime
    warc_digest: str | None


@dataclass(frozen=True, slots=True)
class Batch:
    """One unit of work, self-contained (pickled to a worker process or a Dask worker)."""

    number: int
    refs: tuple[StoredRef, ...]
    warc_source: str  # folder or s3:// root the records' warc_file paths are relative to
    datasets: str  # root whose staging folder receives the rows
    run_id: str
    stored_at: datetime  # one time for every row of the run


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    number: int
    same: int
    differing: tuple[str, ...]  # article ids whose new rows are staged
    unreadable: tuple[tuple[str, str], ...]
    worker: str  # host:pid of the process that ran the batch
    seconds: float  # time spent in the batch, reading and extracting and staging


@dataclass(slots=True)
class Reextraction:
    """A planned re-extraction: its batches, and the stored rows its report compares against."""

    run_id: str
    datasets: str
    batches: list[Batch]
    stored: dict[str, dict[str, Any]]  # article_id -> latest stored row
    report: ReextractReport


def plan_reextraction(
    data: Path,
    datasets: str,
    run_id: str,
    *,
    warc_source: str | None = None,
    batch_records: int = BATCH_RECORDS,
) -> Reextraction:
    """Batches of the latest stored versions' WARC records. ``warc_source``: where workers read the
    WARC files (default: the data directory, after copying back the files it lacks)."""
    from storage import read
    from storage.write import RunWriter

    rows: list[dict[str, Any]] = read.latest_articles(datasets).to_pylist()
    report = ReextractReport(checked=len(rows))
    refs: list[StoredRef] = []
    stored: dict[str, dict[str, Any]] = {}
    for row in rows:
        record = record_of(row)
        if record is None:
            report.unreadable.append((row["article_id"], "no WARC reference"))
            continue
        stored[row["article_id"]] = row
        refs.append(
            StoredRef(row["article_id"], record, row["content_digest"], row["first_seen"], row["warc_digest"])
        )
    if warc_source is None:
        restore_warc_files(datasets, data, {ref.record.warc_file or "" for ref in refs} - {""})
        warc_source = str(Path(data).resolve())  # stored warc_file paths are relative to the data directory
    RunWriter(datasets, run_id)  # an earlier attempt's staged rows are dropped
    now = datetime.now(UTC)
    batches = [
        Batch(number, tuple(chunk), warc_source, datasets, run_id, now)
        for number, chunk in enumerate(_chunks(refs, batch_records))
    ]
    return Reextraction(run_id, datasets, batches, stored, report)


def _chunks(refs: list[StoredRef], size: int) -> Iterable[list[StoredRef]]:
    """``size`` records at a time, grouped by WARC file and in file order (each file read front to back)."""

    def by_file(ref: StoredRef) -> tuple[str, int]:
        return ref.record.warc_file or "", ref.record.warc_offset or 0

    chunk: list[StoredRef] = []
    for _, group in groupby(sorted(refs, key=by_file), key=lambda ref: by_file(ref)[0]):
        for ref in group:
            chunk.append(ref)
            if len(chunk) == size:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def reextract_batch(batch: Batch) -> BatchOutcome:
    """Extract one batch again; stage the changed articles' new rows (the unit of work of any executor)."""
    from storage.rows import article_row
    from storage.write import RunWriter

    started = time.perf_counter()
    pages = extract_batch([ref.record for ref in batch.refs], frozenset(), batch.warc_source)
    same = 0
    differing: list[str] = []
    unreadable: list[tuple[str, str]] = []
    rows: list[dict[str, Any]] = []
    for ref, page in zip(batch.refs, pages, strict=True):
        if page.item is None:
            unreadable.append((ref.article_id, page.failure.reason if page.failure else str(page.outcome)))
            continue
        digests = {ref.article_id: ref.content_digest}
        if version_change(ref.article_id, page.item.content_digest, digests) == "unchanged":
            same += 1
            continue
        differing.append(ref.article_id)
        rows.append(
            article_row(
                page.item,
                run_id=batch.run_id,
                first_seen=ref.first_seen,
                warc_file=ref.record.warc_file,
                warc_offset=ref.record.warc_offset,
                warc_digest=ref.warc_digest,
                stored_at=batch.stored_at,
                warc_length=ref.record.warc_length,
                warc_record_id=ref.record.warc_record_id,
            )
        )
    if rows:
        RunWriter(batch.datasets, batch.run_id, fresh=False).write("articles", rows)
    worker = f"{socket.gethostname()}:{os.getpid()}"
    return BatchOutcome(
        batch.number, same, tuple(differing), tuple(unreadable), worker, time.perf_counter() - started
    )


def run_batches(
    batches: Sequence[Batch], workers: int | None = None, pool_min_records: int = POOL_MIN_PAGES
) -> list[BatchOutcome]:
    """Every batch in this process (one worker, one batch, or too few records to pay for starting
    worker processes) or over a local pool of processes."""
    workers = workers or os.cpu_count() or 1
    records = sum(len(batch.refs) for batch in batches)
    if workers <= 1 or len(batches) <= 1 or records < pool_min_records:
        return [reextract_batch(batch) for batch in batches]
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    # spawn, not fork: the caller may run Prefect's threads, which must not be forked mid-lock
    with ProcessPoolExecutor(max_workers=min(workers, len(batches)), mp_context=get_context("spawn")) as pool:
        return list(pool.map(reextract_batch, batches))


def finish_reextraction(
    job: Reextraction, outcomes: Iterable[BatchOutcome], *, write: bool
) -> ReextractReport:
    """Add up the batches, compare each staged row with its stored version field by field, then
    commit the staged rows as one run (``write``) or drop them."""
    from storage.rows import row_to_article
    from storage.write import RunWriter

    report = job.report
    for outcome in sorted(outcomes, key=lambda o: o.number):
        report.same += outcome.same
        report.unreadable.extend(outcome.unreadable)
        report.batches += 1
        report.workers[outcome.worker] += 1
    writer = RunWriter(job.datasets, job.run_id, fresh=False)
    fresh_rows = writer.read_staged("articles").to_pylist()
    for row in fresh_rows:
        old = row_to_article(job.stored[row["article_id"]]).content()
        new = row_to_article(row).content()
        report.differing.append(_diff(row["article_id"], old, new))
    report.differing.sort(key=lambda d: d.article_id)
    if write and fresh_rows:
        writer.count_staged("articles", len(fresh_rows))
        writer.commit(_run_record(job.run_id, len(fresh_rows)))
        report.written = len(fresh_rows)
    else:
        writer.discard_staging()
    return report


def reextract_locally(
    data: Path, datasets: str, run_id: str, *, write: bool, workers: int | None = None
) -> ReextractReport:
    """Plan, run every batch here or in a local process pool, finish: the whole re-extraction."""
    job = plan_reextraction(data, datasets, run_id)
    return finish_reextraction(job, run_batches(job.batches, workers), write=write)


def _diff(article_id: str, old: dict[str, Any], new: dict[str, Any]) -> ArticleDiff:
    fields = tuple(name for name in new if old.get(name) != new[name])
    first = fields[0] if fields else "content"
    detail = f"{first}: {_short(old.get(first))} → {_short(new.get(first))}"
    return ArticleDiff(article_id, fields, detail)


def _run_record(run_id: str, rows: int) -> dict[str, Any]:
    from crawler.pages import EXTRACTOR_VERSION
    from storage.rows import run_row

    now = datetime.now(UTC)
    return run_row(
        run_id,
        flow="reextract",
        started_at=now,
        finished_at=now,
        status="completed",
        counts={"articles_rewritten": rows},
        extractor_version=EXTRACTOR_VERSION,
    )


def record_of(row: dict[str, Any]) -> FetchRecord | None:
    """The fetch record of a stored version: its WARC file and offset (None when it has none)."""
    if row.get("warc_file") is None or row.get("warc_offset") is None:
        return None
    return FetchRecord(
        url=row.get("fetched_url") or row["url"],
        status=200,
        fetched_at=row["fetched_at"] or row["stored_at"],
        warc_file=row["warc_file"],
        warc_offset=row["warc_offset"],
        payload_digest=row.get("warc_digest"),
        warc_length=row.get("warc_length"),
        warc_record_id=row.get("warc_record_id"),
        listing_date=row["published"].isoformat() if row.get("published") else None,
        listing_raw=row.get("published_raw"),
        canonical_url=row["url"],
    )


def restore_warc_files(datasets: str, data: Path, files: set[str]) -> list[str]:
    """Copy back from the datasets root the WARC files (relative paths) missing in ``data``; a file
    the datasets root lacks too is left missing (its articles are reported unreadable)."""
    from storage.store import LocalStore, open_store

    store = open_store(datasets)
    if isinstance(store, LocalStore) and store.base == Path(data).resolve():
        return []
    restored = []
    for rel in sorted(files):
        local = Path(data) / rel
        if local.exists() or store.size(rel) is None:
            continue
        store.get_file(rel, local)
        restored.append(rel)
    return restored


def _short(value: Any, width: int = 60) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"
