"""A small asyncio HTTP/1.1 server with keep-alive that carries :class:`App` responses.

Hand-written on ``asyncio.Protocol`` because the stdlib ``http.server`` is far too slow for the
throughput goal; it understands exactly what crawlers send (GET/HEAD/POST, Content-Length bodies).
"""

from __future__ import annotations

import asyncio
import socket
import struct
import time
from http import HTTPStatus
from typing import IO

from crawler.replica.app import App, Response

MAX_HEADER = 64 * 1024
STREAM_CHUNK = 256 * 1024


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _head(response: Response, keep_alive: bool, length: int) -> bytes:
    lines = [f"HTTP/1.1 {response.status} {_reason(response.status)}", "Server: riac-replica"]
    if response.content_type:
        lines.append(f"Content-Type: {response.content_type}")
    lines.append(f"Content-Length: {length}")
    lines.extend(f"{k}: {v}" for k, v in response.headers)
    lines.append("Connection: keep-alive" if keep_alive else "Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


class AccessLog:
    """One tab-separated line per request: time, client, Host, method, target, status, User-Agent."""

    def __init__(self, stream: IO[str] | None) -> None:
        self.stream = stream

    def write(self, client: str, host: str, method: str, target: str, status: int, agent: str) -> None:
        if self.stream is not None:
            self.stream.write(f"{time.time():.6f}\t{client}\t{host}\t{method}\t{target}\t{status}\t{agent}\n")
            self.stream.flush()


class HttpProtocol(asyncio.Protocol):
    def __init__(self, app: App, log: AccessLog) -> None:
        self.app = app
        self.log = log
        self.buffer = bytearray()
        self.transport: asyncio.Transport | None = None
        self.busy = False
        self.closed = False
        self.client = "-"
        self._can_write = asyncio.Event()
        self._can_write.set()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        peer = transport.get_extra_info("peername")
        if peer:
            self.client = f"{peer[0]}:{peer[1]}"
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self._can_write.set()

    def pause_writing(self) -> None:
        self._can_write.clear()

    def resume_writing(self) -> None:
        self._can_write.set()

    def data_received(self, data: bytes) -> None:
        self.buffer.extend(data)
        if not self.busy:
            self._process()

    def _process(self) -> None:
        while not self.busy and not self.closed and self.transport is not None:
            end = self.buffer.find(b"\r\n\r\n")
            if end == -1:
                if len(self.buffer) > MAX_HEADER:
                    self.transport.close()
                return
            head = bytes(self.buffer[:end]).decode("latin-1")
            request_line, *header_lines = head.split("\r\n")
            headers: dict[str, str] = {}
            for line in header_lines:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length", "0") or 0)
            if len(self.buffer) < end + 4 + length:
                return
            del self.buffer[: end + 4 + length]
            try:
                method, target, version = request_line.split(" ", 2)
            except ValueError:
                self.transport.close()
                return
            connection = headers.get("connection", "").lower()
            keep_alive = connection != "close" and (version != "HTTP/1.0" or connection == "keep-alive")
            response = self.app.handle(method, target, headers.get("host"))
            self.log.write(
                self.client,
                headers.get("host", "-"),
                method,
                target,
                response.status,
                headers.get("user-agent", "-"),
            )
            self._respond(method, response, keep_alive)

    def _respond(self, method: str, response: Response, keep_alive: bool) -> None:
        transport = self.transport
        assert transport is not None
        action = response.action
        if action == "reset":
            _abort_with_rst(transport)
            return
        if action in ("hang", "slow", "stream"):
            self.busy = True
            asyncio.get_running_loop().create_task(self._deferred(method, response, keep_alive))
            return
        if action == "truncate":
            transport.write(
                _head(response, False, len(response.body)) + response.body[: len(response.body) // 2]
            )
            transport.close()
            return
        body = b"" if method == "HEAD" else response.body
        transport.write(_head(response, keep_alive, len(response.body)) + body)
        if not keep_alive:
            transport.close()

    async def _deferred(self, method: str, response: Response, keep_alive: bool) -> None:
        transport = self.transport
        assert transport is not None
        try:
            if response.action == "hang":
                await asyncio.sleep(response.delay)
                transport.close()
                return
            if response.action == "slow":
                await asyncio.sleep(response.delay)
                if self.closed:
                    return
                body = b"" if method == "HEAD" else response.body
                transport.write(_head(response, keep_alive, len(response.body)) + body)
            else:
                await self._stream(method, response, keep_alive)
            if not keep_alive:
                transport.close()
        finally:
            self.busy = False
        if not self.closed:
            self._process()

    async def _stream(self, method: str, response: Response, keep_alive: bool) -> None:
        transport = self.transport
        assert transport is not None
        size = response.stream_size
        opening = b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Oversized</title></head><body>\n"
        closing = b"</body></html>\n"
        transport.write(_head(response, keep_alive, size))
        if method == "HEAD":
            return
        block = (b"<p>" + b"padding " * 4000 + b"</p>\n") * 8
        sent = 0
        while sent < size and not self.closed:
            remaining = size - sent
            if sent == 0:
                chunk = opening[:remaining]
            elif remaining <= len(closing):
                chunk = closing[len(closing) - remaining :]
            else:
                chunk = block[: remaining - len(closing)]
            transport.write(chunk)
            sent += len(chunk)
            await self._can_write.wait()


def _abort_with_rst(transport: asyncio.Transport) -> None:
    sock = transport.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()


async def serve(app: App, host: str, port: int, log: AccessLog) -> asyncio.Server:
    loop = asyncio.get_running_loop()
    return await loop.create_server(
        lambda: HttpProtocol(app, log), host, port, reuse_address=True, backlog=512
    )
