"""Replay for real: pywb (from PyPI, in its own venv) serves the WACZ's WARC files, and archived
article URLs come back through ``/<coll>/<timestamp>id_/<url>`` byte for byte as archived, also
where the capture is a revisit record (pywb resolves it to the original's payload). A headless
chromium screenshot of one replayed page: ``RIAC_UPDATE_SCREENSHOT=1`` copies it to docs/replay.png.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest

from tests.processes import stop_processes
from tests.wacz.pywb_venv import pywb_bin

COLLECTION = "riac"
CHROMIUM = "/usr/bin/chromium"
DOCS_SHOT = Path(__file__).parents[2] / "docs" / "replay.png"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@pytest.fixture(scope="module")
def wayback(package: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """pywb's ``wayback`` on a free loopback port over a collection of the WACZ's WARC files."""
    bin_dir = pywb_bin()
    root = tmp_path_factory.mktemp("pywb")
    with zipfile.ZipFile(package) as archive:
        names = [n for n in archive.namelist() if n.startswith("archive/") and n.endswith(".warc.gz")]
        archive.extractall(root / "wacz", members=names)
    run = {"cwd": root, "check": True, "capture_output": True, "timeout": 300}
    subprocess.run([str(bin_dir / "wb-manager"), "init", COLLECTION], **run)  # type: ignore[call-overload]
    warcs = [str(root / "wacz" / name) for name in names]
    subprocess.run([str(bin_dir / "wb-manager"), "add", COLLECTION, *warcs], **run)  # type: ignore[call-overload]
    for _attempt in range(3):  # a port taken between the probe and the bind: another one
        port = _free_port()
        log = (root / "wayback.log").open("ab")
        process = subprocess.Popen(
            [str(bin_dir / "wayback"), "-p", str(port), "-b", "127.0.0.1"],
            cwd=root,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            try:
                if _get(f"{base}/{COLLECTION}/")[0] < 500:
                    break
            except OSError:
                time.sleep(0.2)
        if process.poll() is None:
            break
    else:
        raise RuntimeError((root / "wayback.log").read_text(errors="replace")[-2000:])
    try:
        yield f"{base}/{COLLECTION}"
    finally:
        stop_processes(process)
        log.close()


def _stamp(warc_date: str) -> str:
    """``2026-12-04T15:04:07.657616Z`` → ``20261204150407`` (a wayback timestamp)."""
    return "".join(c for c in warc_date[:19] if c.isdigit())


def test_archived_articles_replay_byte_for_byte(wayback: str, archived: dict[str, Any]) -> None:
    from storage import read

    rows = read.read_table(archived["data"], "articles").to_pylist()
    assert len(rows) == 12
    for row in rows:
        record = read.warc_record(archived["data"], row)
        status, headers, body = _get(f"{wayback}/{_stamp(record.date)}id_/{row['fetched_url']}")
        assert status == 200, row["fetched_url"]
        assert body == record.payload, row["fetched_url"]  # the archived payload, as it came off the wire
        assert parsedate_to_datetime(headers["Memento-Datetime"]).strftime("%Y%m%d%H%M%S") == _stamp(
            record.date
        )


def test_a_revisit_capture_replays_the_original_payload(wayback: str, archived: dict[str, Any]) -> None:
    from storage import read
    from storage.store import LocalStore
    from storage.warc_records import parse_record

    data, second = archived["data"], archived["runs"][1]
    lines = (data / "warc" / second / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    revisits = [json.loads(line) for line in lines if '"revisit": {' in line]
    articles = [line for line in revisits if line["kind"] == "article"]
    assert len(articles) == 12
    store = LocalStore(data)
    for line in articles:
        own = line["revisit"]
        revisit = parse_record(store.read_range(own["warc_file"], own["warc_offset"], own["warc_length"]))
        assert revisit.rec_type == "revisit" and revisit.payload == b""
        original = read.warc_record(data, line)  # the row points at day 0's response record
        assert original.record_id == revisit.warc_header("WARC-Refers-To")
        assert _stamp(revisit.date) != _stamp(original.date)
        status, headers, body = _get(f"{wayback}/{_stamp(revisit.date)}id_/{line['url']}")
        assert status == 200 and body == original.payload
        # the capture served is the revisit (its own time), its payload the original's
        assert parsedate_to_datetime(headers["Memento-Datetime"]).strftime("%Y%m%d%H%M%S") == _stamp(
            revisit.date
        )


def test_a_replayed_article_page_in_chromium(wayback: str, archived: dict[str, Any], tmp_path: Path) -> None:
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is needed for this test: apt-get install -y chromium (.ci/run does)")
    from storage import read

    english = [r for r in read.latest_articles(archived["data"]).to_pylist() if r["lang"] == "en"]
    row = min(english, key=lambda r: r["article_id"])
    stamp = _stamp(read.warc_record(archived["data"], row).date)
    # the page as pywb serves it for the browser: rewritten (its replay script injected), text intact
    status, _, page = _get(f"{wayback}/{stamp}mp_/{row['fetched_url']}")
    html = page.decode("utf-8")
    assert status == 200 and "wombat" in html
    assert row["title"] in html and row["body"].split("\n\n")[0][:60] in html
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--virtual-time-budget=15000",  # pywb's banner and frame load before the capture
    ]
    shot = tmp_path / "replay.png"
    subprocess.run(
        [
            *command,
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1280,900",
            f"--screenshot={shot}",
            f"{wayback}/{stamp}/{row['fetched_url']}",
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    if os.environ.get("RIAC_UPDATE_SCREENSHOT"):
        shutil.copyfile(shot, DOCS_SHOT)
