"""Measure a faulty-site crawl by hand (docs/reliability.md): runs needed, failures by type.

``.venv/bin/python tests/reliability/measure_faults.py --articles 400 --seed 3`` starts a replica
with the issue's fault rates, archives it with ``riac-archive crawl`` until every article is stored
(at most ``--runs``), and prints the faulted attempts replayed from the access log next to the
failure rows the archive wrote.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from crawler.replica.process import start_replica  # noqa: E402
from tests.reliability import datasets  # noqa: E402
from tests.reliability.access import faulted_requests, page_key  # noqa: E402
from tests.reliability.cli import cli_env, run_crawl  # noqa: E402

FAULTS = "5xx=0.1,429=0.02,timeout=0.02,reset=0.01,truncate=0.01"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--tuning", default="hang=1,retry_after=0.2")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "prefect-home").mkdir()
        env = cli_env(work / "prefect-home")
        log = work / "access.log"
        spec = f"{FAULTS},{args.tuning}"
        with start_replica(articles=args.articles, seed=args.seed, faults=spec, access_log=log) as site:
            truth = datasets.truth_article_ids(site.index())
            data = work / "data"
            for run in range(1, args.runs + 1):
                t0 = time.monotonic()
                result = run_crawl(site.base_url, data, env, f"2025-03-03T{11 + run:02d}:00:00")
                stored = len(truth & datasets.stored_article_ids(data))
                print(f"run {run}: exit {result.returncode}, {time.monotonic() - t0:.1f} s, "
                      f"{stored}/{len(truth)} articles")  # fmt: skip
                if stored == len(truth):
                    break
            time.sleep(0.2)
            faulted = faulted_requests(log, FAULTS, args.seed)
        failures = datasets.rows(data, "failures")
        recorded = Counter((page_key(r["url"]), r["error_type"]) for r in failures if r["stage"] == "fetch")
        expected = Counter(f.key for f in faulted if not f.reconnect)
        print("faulted attempts:", dict(Counter(f.mode for f in faulted)))
        print("of them on a reused connection, sent again (reconnects):", sum(f.reconnect for f in faulted))
        print("failure rows by stage/type:", dict(Counter((r["stage"], r["error_type"]) for r in failures)))
        print("faulted attempts without their failure row:", sum((expected - recorded).values()))
        print("duplicate keys:", {k: len(v) for k, v in datasets.duplicates(data).items()})


if __name__ == "__main__":
    main()
