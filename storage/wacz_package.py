"""A WACZ package of selected runs: their WARC files, a CDXJ index, the pages list and a datapackage.

WACZ 1.1.1 (https://specs.webrecorder.net/wacz/1.1.1/) is what Browsertrix writes and ReplayWeb.page
and pywb open. The zip is written by py-wacz (``wacz create``, the Webrecorder reference tool, which
indexes with ``cdxj-indexer``): ``archive/*.warc.gz`` stored uncompressed in the zip (so readers can
range-request a record), ``indexes/index.cdx.gz`` (CDXJ, compressed in blocks, with its
``index.idx``), ``pages/pages.jsonl``, ``datapackage.json`` (sha256 and size of every file) and
``datapackage-digest.json``. This module chooses what goes in and writes the pages list:

- runs: the ``--run`` ids, or every run with captures, narrowed by the day of their captures
  (``fetches.fetched_at``, on the run's clock) to ``since``..``until``;
- WARC files: every file the selected runs wrote (``warc/<run>/`` and retried attempts beside it),
  plus the files their rows point into: an unchanged re-fetch is a revisit record whose original
  may sit in an earlier run's file, which a replay needs;
- pages: one line per article version the selected runs stored, with the URL the WARC record holds
  (``fetched_url``), its ``WARC-Date`` as ``ts``, ``title`` and the extracted ``text`` (the body).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds

from storage.store import LocalStore

PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "Archived articles", "hasText": True}


class WaczError(ValueError):
    """Nothing to package, or no place to write it: one line for the command to show."""


@dataclass(frozen=True, slots=True)
class Selection:
    runs: tuple[str, ...]
    warc_files: tuple[str, ...]  # relative to the data directory
    pages: tuple[dict[str, Any], ...] = ()


@dataclass(slots=True)
class WaczSummary:
    out: Path
    runs: tuple[str, ...]
    warc_files: int
    warc_bytes: int
    pages: int
    wacz_bytes: int
    log: list[str] = field(default_factory=list)


def select(
    data: Path,
    runs: Sequence[str] = (),
    since: date | None = None,
    until: date | None = None,
) -> Selection:
    """The runs, WARC files and pages to package; :class:`WaczError` when no run is selected."""
    from storage import read

    fetches = read.read_table(data, "fetches", columns=["run_id", "fetched_at", "warc_file"]).to_pylist()
    days: dict[str, date] = {}
    for row in fetches:
        if row["warc_file"] is not None:
            day = row["fetched_at"].date()
            days[row["run_id"]] = min(days.get(row["run_id"], day), day)
    if not days:
        raise WaczError(f"{data} holds no archived captures: nothing to package")
    unknown = sorted(set(runs) - set(days))
    if unknown:
        raise WaczError(f"no captures of run {', '.join(unknown)} in {data} (runs: {_span(days)})")
    chosen = [
        run
        for run, day in sorted(days.items(), key=lambda item: (item[1], item[0]))
        if (not runs or run in runs) and (since is None or day >= since) and (until is None or day <= until)
    ]
    if not chosen:
        wanted = f"{since or '…'}..{until or '…'}"
        raise WaczError(f"no runs selected: none captured in {wanted} ({_span(days)})")
    picked = set(chosen)
    files = {row["warc_file"] for row in fetches if row["run_id"] in picked and row["warc_file"]}
    folder = data / "warc"
    for run in chosen:
        for run_dir in (folder / run, *folder.glob(f"{run}-attempt-*")):
            files.update(path.relative_to(data).as_posix() for path in run_dir.glob("*.warc.gz"))
    missing = sorted(rel for rel in files if not (data / rel).is_file())
    if missing:
        raise WaczError(
            f"WARC files the selected runs need are missing from {data}: {', '.join(missing[:3])}"
        )
    return Selection(tuple(chosen), tuple(sorted(files)), tuple(_pages(data, picked)))


def _span(days: dict[str, date]) -> str:
    first, last = min(days.values()), max(days.values())
    return f"{len(days)} runs captured from {first} to {last}"


def _pages(data: Path, runs: set[str]) -> Iterable[dict[str, Any]]:
    """One pages.jsonl line per article version the runs stored, ts read from its WARC record."""
    from storage import read

    columns = ["run_id", "url", "fetched_url", "title", "body", "warc_file", "warc_offset", "warc_length"]
    only_runs = ds.field("run_id").isin(sorted(runs)) & ds.field("warc_file").is_valid()
    table = read.read_table(data, "articles", columns=[*columns, "warc_record_id"], filter=only_runs)
    store = LocalStore(data.resolve())
    for row in sorted(table.to_pylist(), key=lambda r: (r["warc_file"], r["warc_offset"])):
        record = read.warc_record(store, row)
        yield {
            "id": _page_id(record.record_id),
            "url": record.target_uri or row["fetched_url"] or row["url"],
            "ts": record.date,
            "title": row["title"] or "",
            "text": row["body"],
        }


def _page_id(record_id: str) -> str:
    text = record_id.strip("<>").removeprefix("urn:uuid:")
    try:
        return uuid.UUID(text).hex
    except ValueError:
        return uuid.uuid5(uuid.NAMESPACE_URL, record_id).hex


def wacz_target(target: Path, run_id: str) -> Path:
    """``target`` itself when it names a ``.wacz`` file, else ``<target>/<run_id>.wacz`` (created)."""
    if Path(target).suffix == ".wacz":
        return Path(target)
    Path(target).mkdir(parents=True, exist_ok=True)
    return Path(target) / f"{run_id}.wacz"


def _deflate_pages(path: Path) -> None:
    """py-wacz stores ``pages/pages.jsonl`` uncompressed, about the size of the gzipped WARC files
    with the text of every version; deflate it, the rest as it is (the datapackage's hashes and
    sizes are of the content, so they stay true; the WARC files stay stored)."""
    rewritten = path.with_suffix(".deflating")
    try:
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(rewritten, "w") as target:
            for info in source.infolist():
                entry = zipfile.ZipInfo(info.filename, info.date_time)
                entry.compress_type = (
                    zipfile.ZIP_DEFLATED if info.filename.startswith("pages/") else info.compress_type
                )
                entry.file_size = info.file_size
                with (
                    source.open(info) as reader,
                    target.open(entry, "w", force_zip64=info.file_size > 1 << 31) as writer,
                ):
                    shutil.copyfileobj(reader, writer, 1 << 20)
        os.replace(rewritten, path)
    finally:
        rewritten.unlink(missing_ok=True)


def check_out(out: Path) -> None:
    """:class:`WaczError` unless ``out`` can be written: a ``.wacz`` name in a writable folder."""
    if out.suffix != ".wacz":
        raise WaczError(f"--out {out}: name the package FILE.wacz")
    if out.is_dir():
        raise WaczError(f"--out {out} is a directory")
    parent = out.resolve().parent
    if not parent.is_dir():
        raise WaczError(f"--out {out}: the folder {parent} does not exist")
    try:
        with tempfile.TemporaryFile(dir=parent):
            pass
    except OSError as exc:
        raise WaczError(f"--out {out}: cannot write in {parent} ({exc.strerror or exc})") from None


def write_wacz(
    data: Path,
    out: Path,
    runs: Sequence[str] = (),
    since: date | None = None,
    until: date | None = None,
    title: str = "riac-archive: russiancouncil.ru analysis pages",
) -> WaczSummary:
    """Package the selection into ``out`` (written to a temporary name, then renamed)."""
    from wacz.main import main as wacz_main

    check_out(out)
    data = Path(data).resolve()
    selection = select(data, runs, since, until)
    tmp = out.resolve().parent / f".{out.name}.{uuid.uuid4().hex[:12]}.tmp"
    pages = tmp.with_suffix(".pages.jsonl")
    printed = io.StringIO()
    try:
        with pages.open("w", encoding="utf-8") as lines:
            for line in (PAGES_HEADER, *selection.pages):
                lines.write(json.dumps(line, ensure_ascii=False) + "\n")
        args = ["create", "-o", str(tmp), "-p", str(pages), "--copy-pages", "--title", title]
        runs_text = ", ".join(selection.runs) if len(selection.runs) <= 5 else f"{len(selection.runs)} runs"
        args += ["--desc", f"WARC captures of riac-archive runs: {runs_text}"]
        args += [str(data / rel) for rel in selection.warc_files]
        with contextlib.redirect_stdout(printed):
            code = wacz_main(args)
        if code != 0:
            raise WaczError(f"wacz create failed: {printed.getvalue().strip().splitlines()[-1:]}")
        _deflate_pages(tmp)
        os.replace(tmp, out)
    except OSError as exc:
        raise WaczError(f"cannot write {out}: {exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
        pages.unlink(missing_ok=True)
    return WaczSummary(
        out=out,
        runs=selection.runs,
        warc_files=len(selection.warc_files),
        warc_bytes=sum((data / rel).stat().st_size for rel in selection.warc_files),
        pages=len(selection.pages),
        wacz_bytes=out.stat().st_size,
        log=printed.getvalue().splitlines(),
    )
