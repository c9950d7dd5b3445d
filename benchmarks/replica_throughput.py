"""How fast the replica serves pages on loopback (goal: >= 1,500 pages/s), and what 20k articles cost.

Usage: .venv/bin/python benchmarks/replica_throughput.py [--articles 300] [--concurrency 16] [--seconds 5]
       [--big 20000]

A keep-alive asyncio client with raw sockets fetches every article page plus listings: first one
cold pass (pages rendered on demand), then warm passes for ``--seconds`` (pages from the cache).
Printed side by side: cold and warm pages/s and their ratio to the 1,500 pages/s goal; with
``--big N``, start-up time and resident memory of an N-article replica after a cold pass over
2,000 of its pages.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
import urllib.request
from urllib.parse import urlsplit

from crawler.replica.process import ReplicaProcess, start_replica

GOAL = 1500.0


async def fetch_loop(
    host: str, port: int, paths: list[str], cursor: list[int], stop_at: float | None
) -> tuple[int, int]:
    reader, writer = await asyncio.open_connection(host, port)
    pages = size = 0
    try:
        while True:
            if stop_at is None:
                if cursor[0] >= len(paths):
                    break
            elif time.perf_counter() >= stop_at:
                break
            path = paths[cursor[0] % len(paths)]
            cursor[0] += 1
            writer.write(
                f"GET {path} HTTP/1.1\r\nHost: russiancouncil.ru\r\nUser-Agent: bench\r\n\r\n".encode()
            )
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            await reader.readexactly(length)
            if not head.startswith(b"HTTP/1.1 200"):
                raise RuntimeError(f"{path}: {head[:40]!r}")
            pages += 1
            size += length
    finally:
        writer.close()
    return pages, size


async def run(
    base_url: str, paths: list[str], concurrency: int, seconds: float | None
) -> tuple[int, int, float]:
    parts = urlsplit(base_url)
    cursor = [0]
    start = time.perf_counter()
    stop_at = None if seconds is None else start + seconds
    results = await asyncio.gather(
        *(
            fetch_loop(parts.hostname or "127.0.0.1", parts.port or 80, paths, cursor, stop_at)
            for _ in range(concurrency)
        )
    )
    elapsed = time.perf_counter() - start
    return sum(r[0] for r in results), sum(r[1] for r in results), elapsed


def site_paths(site: ReplicaProcess, limit: int | None = None) -> list[str]:
    with urllib.request.urlopen(site.url("/__truth__/index.json"), timeout=60) as response:
        index = json.loads(response.read())
    paths = [entry["path"] for entry in index if not entry["withdrawn"]][:limit]
    return [*paths, "/en/", "/", "/en/news/", "/en/analytics-and-comments/", "/sitemap.xml", "/en/rss/"]


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument(
        "--big", type=int, default=0, help="also measure start-up and memory with this many articles"
    )
    args = parser.parse_args()

    with start_replica(articles=args.articles, seed=1) as site:
        paths = site_paths(site)
        cold_pages, cold_bytes, cold_s = asyncio.run(run(site.base_url, paths, args.concurrency, None))
        warm_pages, warm_bytes, warm_s = asyncio.run(
            run(site.base_url, paths, args.concurrency, args.seconds)
        )
    cold_rate, warm_rate = cold_pages / cold_s, warm_pages / warm_s
    print(
        f"replica throughput, {args.articles} articles, {args.concurrency} keep-alive connections, loopback"
    )
    print(f"{'pass':<6}{'pages':>8}{'seconds':>9}{'pages/s':>10}{'MB/s':>8}{'x goal':>8}")
    for name, pages, size, secs, rate in (
        ("cold", cold_pages, cold_bytes, cold_s, cold_rate),
        ("warm", warm_pages, warm_bytes, warm_s, warm_rate),
    ):
        print(f"{name:<6}{pages:>8}{secs:>9.2f}{rate:>10.0f}{size / secs / 1e6:>8.1f}{rate / GOAL:>8.2f}")
    verdict = "met" if warm_rate >= GOAL else "NOT met"
    print(f"warm/cold ratio: {warm_rate / cold_rate:.2f}; goal {GOAL:.0f} pages/s: {verdict}")

    if args.big:
        start = time.perf_counter()
        with start_replica(articles=args.big, seed=1) as big:
            startup = time.perf_counter() - start
            rss_start = rss_kib(big.process.pid)
            paths = site_paths(big, limit=2000)
            pages, _, secs = asyncio.run(run(big.base_url, paths, args.concurrency, None))
            rss_after = rss_kib(big.process.pid)
        print(
            f"{args.big} articles: start-up {startup:.2f} s, RSS {rss_start / 1024:.0f} MB at start, "
            f"{rss_after / 1024:.0f} MB after a cold pass over {pages} pages "
            f"({pages / secs:.0f} pages/s cold)"
        )


if __name__ == "__main__":
    main()
