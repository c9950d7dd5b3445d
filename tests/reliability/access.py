"""Which requests the replica answered with a fault, rebuilt from its access log.

The replica draws the fault of the n-th request of a target (0-based, counted since start) as
``FaultSpec.pick(seed, day, target, n)``; the access log lists the requests in the order it handled
them, so replaying the draws over it gives every faulted attempt, independently of the crawler.
Its client column (address and port) tells whether the request came on a connection that had
carried an earlier one: a reused keep-alive connection.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from crawler.replica.faults import parse_faults

# What the archive must call each fault mode (crawler.middlewares.describe_error); the replica's
# ``timeout`` closes the connection after ``hang`` seconds, before Scrapy's DOWNLOAD_TIMEOUT.
ERROR_TYPE = {
    "5xx": "http",
    "429": "http",
    "timeout": "connection-closed",
    "reset": "connection-lost",
    "truncate": "truncated",
}
# Modes that end without any answer. On a reused keep-alive connection the crawler cannot tell them
# from a connection the server had closed as idle: it sends the request again on a fresh connection
# (a reconnect, crawl stat ``riac/reconnects``), and the attempt is no failure row.
NO_ANSWER = frozenset({"timeout", "reset"})


@dataclass(frozen=True, slots=True)
class Faulted:
    target: str  # request target as sent (path and query)
    mode: str
    status: int  # as logged: 0 for no answer
    reused: bool = False  # came on a connection that had carried an earlier request

    @property
    def reconnect(self) -> bool:
        """Sent again on a fresh connection by the crawler: a reconnect, not a failure row."""
        return self.reused and self.mode in NO_ANSWER

    @property
    def key(self) -> tuple[str, str]:
        return page_key(self.target), ERROR_TYPE[self.mode]


def faulted_requests(access_log: Path, spec: str, seed: int, day: int = 0) -> list[Faulted]:
    faults = parse_faults(spec)
    assert faults is not None
    seen: Counter[str] = Counter()
    connections: set[str] = set()
    found = []
    for line in access_log.read_text(encoding="utf-8").splitlines():
        _time, client, _host, _method, target, status, _agent = line.split("\t")
        mode = faults.pick(seed, day, target, seen[target])
        seen[target] += 1
        reused = client in connections
        connections.add(client)
        if mode is not None and mode in ERROR_TYPE:
            found.append(Faulted(target, mode, int(status), reused))
    return found


def page_key(url_or_target: str) -> str:
    """Path and query, percent-decoded: the same page whether fetched, canonical or logged."""
    parts = urlsplit(url_or_target)
    path = unquote(parts.path).rstrip("/") or "/"
    return path + (f"?{parts.query}" if parts.query else "")
