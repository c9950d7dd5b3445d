"""HTTP servers the project did not write, started by the tests on loopback.

- :class:`StaticServer`: Python's stdlib ``http.server`` (``ThreadingHTTPServer``, HTTP/1.0: it
  closes every connection after its answer) serving a static copy of replica pages, taken from the
  WARC files of a direct crawl (:func:`static_copy`). Optional extra routes and a gate that holds one
  request until the test lets it go.
- :class:`NginxProxy`: Debian's ``nginx`` (package ``nginx-light``) as a reverse proxy in front of a
  replica, with its own config, prefix, pid and logs in a temporary directory.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from crawler.warc import iter_responses

# Response headers worth copying: what the crawler reads, never the transfer's own.
KEPT_HEADERS = ("content-type", "location", "last-modified", "retry-after")


@dataclass(frozen=True, slots=True)
class Page:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


def static_copy(warc_files: tuple[Path, ...], base_url: str) -> dict[str, Page]:
    """Every response of a crawl, by request target (path and query); redirects made relative."""
    pages: dict[str, Page] = {}
    for path in warc_files:
        for record in iter_responses(path):
            parts = urlsplit(record.url)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            headers = tuple(
                (k, v.replace(base_url, "") if k.lower() == "location" else v)
                for k, v in record.headers
                if k.lower() in KEPT_HEADERS
            )
            pages[target] = Page(record.status, headers, record.body)
    return pages


# A route answers for itself: it gets the handler and writes the whole answer.
Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Gate:
    """Holds the first request for ``target`` until :meth:`release` (or ``timeout`` seconds)."""

    target: str
    timeout: float = 120.0
    arrived: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)

    def hold(self) -> None:
        if not self.arrived.is_set():
            self.arrived.set()
            self.released.wait(self.timeout)

    def release(self) -> None:
        self.released.set()


class StaticServer:
    """``ThreadingHTTPServer`` on ``127.0.0.1:0`` serving ``pages`` (404 for anything else)."""

    def __init__(
        self, pages: dict[str, Page], routes: dict[str, Route] | None = None, gate: Gate | None = None
    ) -> None:
        self.pages = pages
        self.routes = routes or {}
        self.gate = gate
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"  # the stdlib default: one answer per connection

            def do_GET(self) -> None:
                if server.gate is not None and self.path == server.gate.target:
                    server.gate.hold()
                route = server.routes.get(self.path)
                if route is not None:
                    route(self)
                    return
                page = server.pages.get(self.path)
                if page is None:
                    self.send_error(404)
                    return
                self.send_response(page.status)
                for name, value in page.headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(page.body)))
                self.end_headers()
                self.wfile.write(page.body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> StaticServer:
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.gate is not None:
            self.gate.release()
        self.httpd.shutdown()
        self.httpd.server_close()


def nginx_binary() -> str:
    """Debian's nginx; ``.ci/run`` installs ``nginx-light`` when it is missing."""
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
    )
    if found is None:
        raise RuntimeError("nginx is not installed: apt-get install nginx-light (.ci/run does)")
    return found


NGINX_CONF = """\
daemon off;
master_process on;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log info;
events {{ worker_connections 256; }}
http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    keepalive_timeout {keepalive_timeout};
    keepalive_requests {keepalive_requests};
    gzip on;
    gzip_min_length 1;
    gzip_types text/plain text/xml application/xml application/rss+xml application/atom+xml;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass {upstream};
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
        }}
    }}
}}
"""


class NginxProxy:
    """``nginx -c CONF -p DIR`` on a free loopback port, proxying to ``upstream`` with gzip on."""

    def __init__(
        self, directory: Path, upstream: str, keepalive_timeout: str = "1s", keepalive_requests: int = 5
    ) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.conf = directory / "nginx.conf"
        self.conf.write_text(
            NGINX_CONF.format(
                dir=directory,
                port=self.port,
                upstream=upstream,
                keepalive_timeout=keepalive_timeout,
                keepalive_requests=keepalive_requests,
            ),
            encoding="utf-8",
        )
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> NginxProxy:
        command = [nginx_binary(), "-e", str(self.directory / "error.log")]
        command += ["-c", str(self.conf), "-p", str(self.directory)]
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(self.base_url + "/robots.txt", timeout=5) as response:
                    response.read()
                return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    log = (self.directory / "error.log").read_text(errors="replace")
                    self.__exit__(None, None, None)
                    raise RuntimeError(f"nginx did not start: {log[-2000:]}") from None
                time.sleep(0.05)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: nginx's fast shutdown
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None and self.process.stderr is not None:
            self.process.stderr.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
