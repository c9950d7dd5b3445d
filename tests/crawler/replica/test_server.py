"""The HTTP server: first stdout line, keep-alive, HEAD, access log lines, clean stop."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from crawler.replica.process import start_replica


def test_access_log_keep_alive_and_head(tmp_path: Path) -> None:
    log = tmp_path / "access.log"
    with start_replica(articles=20, seed=1, access_log=log) as site:
        parts = urlsplit(site.base_url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
        for path in ("/robots.txt", "/en/", "/missing/"):
            connection.request(
                "GET", path, headers={"User-Agent": "riac-test/1.0 (+tests)", "Host": "www.russiancouncil.ru"}
            )
            connection.getresponse().read()
        connection.request("HEAD", "/en/")
        head = connection.getresponse()
        assert head.status == 200 and int(head.getheader("Content-Length")) > 1000 and head.read() == b""
        connection.close()
    lines = [line.split("\t") for line in log.read_text("utf-8").splitlines()]
    assert [(m, t, s) for _, _, _, m, t, s, _ in lines] == [
        ("GET", "/robots.txt", "200"),
        ("GET", "/en/", "200"),
        ("GET", "/missing/", "404"),
        ("HEAD", "/en/", "200"),
    ]
    assert len({client for _, client, *_ in lines}) == 1  # one kept-alive connection
    assert lines[0][2] == "www.russiancouncil.ru" and lines[0][6] == "riac-test/1.0 (+tests)"
    times = [float(t) for t, *_ in lines]
    assert times == sorted(times) and all("." in t and len(t.split(".")[1]) == 6 for t, *_ in lines)


def test_cli_prints_the_url_first_and_stops_on_sigterm() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "crawler.replica", "--port", "0", "--articles", "5"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    assert process.stdout is not None
    first = process.stdout.readline().strip()
    assert first.startswith("http://127.0.0.1:") and int(first.rsplit(":", 1)[1]) > 0
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0
    process.stdout.close()
