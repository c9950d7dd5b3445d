"""Each fault mode behaves as docs/replica.md says, deterministically, and a retry usually succeeds."""

from __future__ import annotations

import http.client
import socket
import time
from urllib.parse import urlsplit

import pytest

from crawler.replica.faults import FIXED, LOOP_A, LOOP_B, NOT_HTML, OFF_SITE, OVERSIZED, parse_faults
from crawler.replica.process import ReplicaProcess

SPEC = "5xx=0.15,429=0.1,timeout=0.1,reset=0.1,truncate=0.1,slow=0.1,hang=0.5,slow_s=0.3,oversize_mb=2"
SEED = 7


@pytest.fixture(scope="module")
def faulty(replica_factory) -> ReplicaProcess:  # type: ignore[no-untyped-def]
    return replica_factory(articles=30, seed=SEED, faults=SPEC)


def probe(mode: str) -> str:
    """A target whose first request draws ``mode`` and whose second draws nothing."""
    spec = parse_faults(SPEC)
    assert spec is not None
    for n in range(10_000):
        target = f"/en/?probe={mode}-{n}"
        if spec.pick(SEED, 0, target, 0) == mode and spec.pick(SEED, 0, target, 1) is None:
            return target
    raise AssertionError(mode)


def connect(site: ReplicaProcess) -> http.client.HTTPConnection:
    parts = urlsplit(site.base_url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)


def request(site: ReplicaProcess, target: str) -> http.client.HTTPResponse:
    connection = connect(site)
    connection.request("GET", target)
    return connection.getresponse()


def raw(site: ReplicaProcess, target: str) -> socket.socket:
    parts = urlsplit(site.base_url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=5)
    sock.sendall(f"GET {target} HTTP/1.1\r\nHost: russiancouncil.ru\r\n\r\n".encode())
    return sock


def test_rates_are_drawn_per_target_and_attempt() -> None:
    spec = parse_faults("5xx=0.1,429=0.02")
    assert spec is not None
    draws = [spec.pick(1, 0, f"/x/{n}/", 0) for n in range(4000)]
    assert 0.08 < draws.count("5xx") / 4000 < 0.12
    assert 0.01 < draws.count("429") / 4000 < 0.03
    assert draws == [spec.pick(1, 0, f"/x/{n}/", 0) for n in range(4000)]
    retried = [spec.pick(1, 0, f"/x/{n}/", 1) for n in range(4000) if draws[n]]
    assert retried.count(None) / len(retried) > 0.8
    assert spec.pick(1, 0, "/robots.txt", 0) is None


def test_bad_specs_are_refused() -> None:
    for bad in ("5xx", "oops=0.1", "5xx=2", "5xx=0.6,429=0.6"):
        with pytest.raises(ValueError):
            parse_faults(bad)
    assert parse_faults(None) is None and parse_faults("") is None


def test_5xx_then_success(faulty: ReplicaProcess) -> None:
    target = probe("5xx")
    response = request(faulty, target)
    assert response.status in (500, 502, 503)
    if response.status == 503:
        assert response.getheader("Retry-After") == "1"
    assert request(faulty, target).status == 200


def test_429_carries_retry_after(faulty: ReplicaProcess) -> None:
    target = probe("429")
    response = request(faulty, target)
    assert response.status == 429
    assert response.getheader("Retry-After") == "1"
    assert request(faulty, target).status == 200


def test_timeout_sends_nothing_then_closes(faulty: ReplicaProcess) -> None:
    target = probe("timeout")
    sock = raw(faulty, target)
    assert sock.recv(1024) == b""  # closed after hang=0.5 s without a byte
    sock.close()
    assert request(faulty, target).status == 200


def test_reset_aborts_the_connection(faulty: ReplicaProcess) -> None:
    target = probe("reset")
    sock = raw(faulty, target)
    with pytest.raises(ConnectionResetError):
        sock.recv(1024)
    sock.close()


def test_truncate_sends_half_the_announced_body(faulty: ReplicaProcess) -> None:
    target = probe("truncate")
    response = request(faulty, target)
    assert response.status == 200
    with pytest.raises(http.client.IncompleteRead):
        response.read()


def test_slow_answers_right_but_late(faulty: ReplicaProcess) -> None:
    target = probe("slow")
    start = time.monotonic()
    response = request(faulty, target)
    body = response.read()
    assert time.monotonic() - start >= 0.25
    assert response.status == 200
    assert request(faulty, target).read() == body


def test_fixed_fault_urls(faulty: ReplicaProcess) -> None:
    loop = request(faulty, LOOP_A)
    assert loop.status == 302 and loop.getheader("Location") == LOOP_B
    assert request(faulty, LOOP_B).getheader("Location") == LOOP_A
    away = request(faulty, OFF_SITE)
    assert away.status == 301 and urlsplit(away.getheader("Location")).hostname == "example.com"
    pdf = request(faulty, NOT_HTML)
    assert pdf.getheader("Content-Type") == "application/pdf" and pdf.read().startswith(b"%PDF")
    big = request(faulty, OVERSIZED)
    assert big.getheader("Content-Length") == str(2 * 1024 * 1024)
    body = big.read()
    assert (
        len(body) == 2 * 1024 * 1024 and body.startswith(b"<!DOCTYPE html>") and body.endswith(b"</html>\n")
    )
    listing = request(faulty, "/en/news/").read().decode()
    assert LOOP_A in listing and OFF_SITE in listing


def test_without_faults_the_fixed_urls_do_not_exist(replica: ReplicaProcess) -> None:
    for path in FIXED:
        assert request(replica, path).status == 404
