"""Re-extraction: rebuild article records from the WARC archive with the current extractor, offline.

Each stored latest version points at its WARC record (file, offset); the response is read back,
extracted again, and compared field by field with the stored record. With ``write=True`` the
differing ones are stored as new versions carrying the current extractor version.

The datasets may live in another root (``datasets``, e.g. ``s3://bucket/prefix``); the WARC files
are read from the data directory, and any that a row names but the data directory lacks (a new
machine, a cleaned disk) is first copied back from the datasets root, where every run leaves a copy
under the same relative path (``storage/plan.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.items import ArticleItem
from crawler.stage.extract import FetchRecord, extract_all

COMPARED = ("title", "published", "authors", "region", "type", "tags", "summary", "body", "translation_url")


@dataclass(frozen=True, slots=True)
class ArticleDiff:
    article_id: str
    fields: tuple[str, ...]  # compared fields that differ
    detail: str  # first differing field, old → new (shortened)


@dataclass(slots=True)
class ReextractReport:
    checked: int = 0
    same: int = 0
    differing: list[ArticleDiff] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (article_id, reason)
    written: int = 0

    def to_markdown(self, limit: int = 50) -> str:
        lines = [
            "# reextract",
            "",
            f"{self.checked} stored articles re-extracted from WARC: {self.same} identical, "
            f"{len(self.differing)} differ, {len(self.unreadable)} could not be re-extracted, "
            f"{self.written} new versions written.",
        ]
        if self.differing:
            lines += ["", "| article | fields | first difference |", "|---|---|---|"]
            for d in self.differing[:limit]:
                lines.append(f"| {d.article_id} | {', '.join(d.fields)} | {d.detail.replace('|', '/')} |")
        if self.unreadable:
            lines += ["", "| article | why not |", "|---|---|"]
            lines += [f"| {a} | {why} |" for a, why in self.unreadable[:limit]]
        return "\n".join(lines) + "\n"


def _record_of(row: dict[str, Any]) -> FetchRecord | None:
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


def compare(stored: dict[str, Any], fresh: ArticleItem) -> ArticleDiff | None:
    new = fresh.to_json()
    old = {
        **{k: stored.get(k) for k in COMPARED},
        "published": stored["published"].isoformat() if stored.get("published") else None,
        "authors": [{"name": a["name"], "position": a["position"]} for a in stored.get("authors") or []],
        "region": list(stored.get("region") or []),
        "tags": list(stored.get("tags") or []),
    }
    differing = tuple(k for k in COMPARED if old[k] != new[k])
    if not differing:
        return None
    first = differing[0]
    detail = f"{first}: {_short(old[first])} → {_short(new[first])}"
    return ArticleDiff(stored["article_id"], differing, detail)


def reextract(
    root: Path,
    *,
    datasets: str | None = None,
    write: bool = False,
    run_id: str | None = None,
    workers: int | None = None,
) -> ReextractReport:
    """Compare every stored article with its WARC record extracted again; ``write`` stores the
    differing ones as new versions, holding the data directory's run lock from the read to the
    commit (``DataDirBusy`` while an archive run holds it: a version stored by that run in between
    must not be overtaken by the re-extraction of an older capture). ``datasets`` is the datasets
    root when it is not the data directory ``root``."""
    target = datasets if datasets is not None else str(root)
    if not write:
        return _reextract(Path(root), target, write=False, run_id=run_id, workers=workers)
    import uuid

    from flows.runlock import exclusive_run

    rid = run_id or f"reextract-{uuid.uuid4()}"
    with exclusive_run(root, rid):
        return _reextract(Path(root), target, write=True, run_id=rid, workers=workers)


def _reextract(
    data: Path, datasets: str, *, write: bool, run_id: str | None, workers: int | None
) -> ReextractReport:
    from storage import read

    stored_rows: list[dict[str, Any]] = read.latest_articles(datasets).to_pylist()
    report = ReextractReport(checked=len(stored_rows))
    records: list[FetchRecord] = []
    by_url: dict[str, dict[str, Any]] = {}
    for row in stored_rows:
        record = _record_of(row)
        if record is None:
            report.unreadable.append((row["article_id"], "no WARC reference"))
            continue
        records.append(record)
        by_url[record.url] = row
    restore_warc_files(datasets, data, {record.warc_file for record in records if record.warc_file})
    # stored warc_file paths are relative to the data directory (crawler/recorder.py)
    extraction = extract_all(records, set(), Path(data), workers=workers)
    fresh_items: list[tuple[ArticleItem, dict[str, Any]]] = []
    for page in extraction.pages:
        row = by_url[page.record.url]
        if page.item is None:
            why = page.failure.reason if page.failure else str(page.outcome)
            report.unreadable.append((row["article_id"], why))
            continue
        diff = compare(row, page.item)
        if diff is None:
            report.same += 1
        else:
            report.differing.append(diff)
            fresh_items.append((page.item, row))
    if write and fresh_items:
        report.written = _write_versions(datasets, fresh_items, run_id)
    report.differing.sort(key=lambda d: d.article_id)
    return report


def _write_versions(root: str, items: list[tuple[ArticleItem, dict[str, Any]]], run_id: str | None) -> int:
    import uuid
    from datetime import UTC, datetime

    from crawler.pages import EXTRACTOR_VERSION
    from storage.rows import article_row, run_row
    from storage.write import RunWriter

    rid = run_id or f"reextract-{uuid.uuid4()}"
    writer = RunWriter(root, rid)
    now = datetime.now(UTC)
    rows = []
    for item, old in items:
        rows.append(
            article_row(
                item,
                run_id=rid,
                first_seen=old["first_seen"],
                warc_file=old["warc_file"],
                warc_offset=old["warc_offset"],
                warc_digest=old["warc_digest"],
                stored_at=now,
                warc_length=old.get("warc_length"),
                warc_record_id=old.get("warc_record_id"),
            )
        )
    writer.write("articles", rows)
    run = run_row(
        rid,
        flow="reextract",
        started_at=now,
        finished_at=datetime.now(UTC),
        status="completed",
        counts={"articles_rewritten": len(rows)},
        extractor_version=EXTRACTOR_VERSION,
    )
    writer.commit(run)
    return len(rows)


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
