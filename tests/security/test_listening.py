"""Nothing listens: no process of a ``riac-archive crawl`` opens a TCP port, and none writes to HOME.

Scrapy 2.19 starts a remote-control HTTP server (an ``/execute`` endpoint, its token in a job file
under the home directory) on every crawl, and older versions a telnet console; both are off in
``crawler/settings.py``. The site's first request (robots.txt) is held by the test's server until
the test has looked: Scrapy starts its extensions (``engine_started``) before any request, so at
that moment every listening extension would be listening.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from crawler.run import PROJECT_ROOT
from tests.crawler.crawl.servers import Gate, Page, StaticServer
from tests.reliability.cli import RUN_TIMEOUT, cli_env, crawl_args, kill_group

ROBOTS = Page(200, (("Content-Type", "text/plain"),), b"User-agent: *\nAllow: /\n")
LISTEN = "0A"  # TCP state LISTEN in /proc/net/tcp*


def group_pids(pgid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                pids.append(int(entry.name))
    return pids


def socket_inodes(pid: int) -> set[str]:
    inodes = set()
    fd_dir = Path(f"/proc/{pid}/fd")
    try:
        links = [os.readlink(fd_dir / fd) for fd in os.listdir(fd_dir)]
    except OSError:
        return inodes
    for link in links:
        if link.startswith("socket:["):
            inodes.add(link[len("socket:[") : -1])
    return inodes


def listening_inodes() -> dict[str, str]:
    """Inode -> local address of every listening TCP socket of this network namespace."""
    found = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            fields = row.split()
            if fields[3] == LISTEN:
                found[fields[9]] = fields[1]
    return found


def test_a_crawl_listens_on_no_port_and_writes_nothing_to_home(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = cli_env(tmp_path / "prefect-home", HOME=str(home))
    gate = Gate("/robots.txt")
    with StaticServer({"/robots.txt": ROBOTS}, gate=gate) as server:
        process = subprocess.Popen(
            crawl_args(server.base_url, tmp_path / "data"),
            cwd=PROJECT_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            assert gate.arrived.wait(RUN_TIMEOUT), "the crawl never asked for robots.txt"
            pids = group_pids(process.pid)
            listening = listening_inodes()
            sockets = {pid: socket_inodes(pid) for pid in pids}
            gate.release()
            process.wait(timeout=RUN_TIMEOUT)
        finally:
            kill_group(process)
    assert len(pids) >= 2, "expected the command and its crawl process"
    assert any(sockets.values()), "no socket seen: the crawl's connection to the site must show"
    open_ports = {
        pid: sorted(listening[i] for i in inodes & listening.keys()) for pid, inodes in sockets.items()
    }
    assert {pid: ports for pid, ports in open_ports.items() if ports} == {}
    assert sorted(p.relative_to(home).as_posix() for p in home.rglob("*")) == []
