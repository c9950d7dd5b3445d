"""run_crawl's process handling: log lines streamed to the caller, and kill -9 losing nothing written."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from crawler.replica.process import ReplicaProcess
from crawler.run import PROJECT_ROOT, CrawlOptions, crawl_command, run_crawl
from crawler.warc import iter_responses, read_record


def test_log_lines_stream_to_the_callback(replica: ReplicaProcess, tmp_path: Path) -> None:
    lines: list[str] = []
    options = CrawlOptions(
        site=replica.base_url,
        data_dir=tmp_path,
        run_id="logs",
        unthrottled=True,
        discover=False,
        urls=("/en/news/",),
        settings={"LOG_LEVEL": "DEBUG"},
    )
    result = run_crawl(options, on_log=lines.append)
    assert result.ok
    assert any("Spider closed (finished)" in line for line in lines)
    assert not any("] DEBUG:" in line for line in lines)  # DEBUG stays in the log file only
    assert result.log_file is not None and "] DEBUG:" in result.log_file.read_text()


def test_kill_9_leaves_readable_warc_and_manifest(
    replica_factory: Callable[..., ReplicaProcess], tmp_path: Path
) -> None:
    site = replica_factory(articles=400, seed=11)
    command = crawl_command(
        CrawlOptions(site=site.base_url, data_dir=tmp_path, unthrottled=True, full=True), "killed"
    )
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings", "PYTHONPATH": str(PROJECT_ROOT)}
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stderr=subprocess.DEVNULL)
    manifest = tmp_path / "warc" / "killed" / "manifest.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if manifest.exists() and manifest.read_text(encoding="utf-8").count("\n") >= 40:
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the crawl ended before it could be killed"

    raw_lines = manifest.read_text(encoding="utf-8").split("\n")
    complete = [json.loads(line) for line in raw_lines[:-1]]  # a cut last line has no newline yet
    assert len(complete) >= 40
    warcs = sorted((tmp_path / "warc" / "killed").glob("*.warc.gz"))
    readable = {(str(path.relative_to(tmp_path)), r.offset) for path in warcs for r in iter_responses(path)}
    for line in complete:
        if line["warc_file"]:  # the manifest line is written after its WARC record: it is always there
            assert (line["warc_file"], line["warc_offset"]) in readable
            url, _, body = read_record(tmp_path / line["warc_file"], line["warc_offset"])
            assert url == line["url"] and len(body) == line["length"]


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def test_crawl_dies_with_its_caller(replica_factory: Callable[..., ReplicaProcess], tmp_path: Path) -> None:
    site = replica_factory(crawl_delay=5)  # slow: the crawl is still running when its caller dies
    script = (
        "import sys; from pathlib import Path; from crawler.run import CrawlOptions, run_crawl; "
        f"run_crawl(CrawlOptions(site={site.base_url!r}, data_dir=Path({str(tmp_path)!r}), "
        "urls=('/en/', '/en/news/', '/'), discover=False))"
    )
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    caller = subprocess.Popen([sys.executable, "-c", script], env=env, cwd=PROJECT_ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (crawls := _children(caller.pid)):
        time.sleep(0.05)
    assert crawls, "the caller never started its crawl"
    caller.kill()
    caller.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in crawls):
        time.sleep(0.05)
    assert not any(Path(f"/proc/{pid}/cmdline").exists() for pid in crawls)
