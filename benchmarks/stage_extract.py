"""Extraction stage throughput: one process vs the process pool, side by side.

    .venv/bin/python benchmarks/stage_extract.py [--articles 300]

Fetches every article page of a fresh replica into one WARC file (no crawler), then times
``crawler.stage.extract.extract_all`` with one worker and with every core. Prints pages/s and the ratio.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.replica.process import start_replica
from crawler.stage.extract import FetchRecord, extract_all
from crawler.warc import Exchange, WarcWriter


def fetch_into_warc(base_url: str, paths: list[str], folder: Path) -> list[FetchRecord]:
    """Fetch pages of a running replica with urllib into WARC files under ``folder`` (no crawler)."""
    import urllib.error
    import urllib.request
    from datetime import UTC, datetime

    records = []
    with WarcWriter(folder) as warc:
        for path in paths:
            url = f"https://russiancouncil.ru{path}"
            try:
                with urllib.request.urlopen(base_url + path, timeout=30) as response:
                    status, headers, body = response.status, list(response.headers.items()), response.read()
            except urllib.error.HTTPError as exc:
                status, headers, body = exc.code, list(exc.headers.items()), exc.read()
            at = datetime.now(UTC)
            stored = warc.write(Exchange(url, status, tuple(headers), body, at))
            name = str(stored.path.relative_to(folder))
            records.append(FetchRecord(url, status, at, name, stored.offset, "text/html", len(body)))
    return records


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, start_replica(articles=args.articles) as site:
        paths = [a["path"] for a in site.index() if not a["withdrawn"]]
        records = fetch_into_warc(site.base_url, paths, Path(tmp))
        cores = os.cpu_count() or 1
        timings = {}
        for workers in (1, cores):
            start = time.perf_counter()
            result = extract_all(records, set(), Path(tmp), workers=workers, pool_min_pages=0)
            timings[workers] = time.perf_counter() - start
            articles = result.by_outcome()["article"]
            print(
                f"workers={workers}: {len(records)} pages ({articles} articles) in {timings[workers]:.2f} s, "
                f"{len(records) / timings[workers]:.0f} pages/s"
            )
        print(f"pool speed-up with {cores} cores: {timings[1] / timings[cores]:.2f}x")


if __name__ == "__main__":
    main()
