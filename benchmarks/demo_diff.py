"""Two archives' datasets compared row by row, apart from run ids, times, WARC positions, replica port.

    .venv/bin/riac-archive demo --data /tmp/before   # on the old commit
    .venv/bin/riac-archive demo --data /tmp/after    # on the new one
    .venv/bin/python benchmarks/demo_diff.py /tmp/before /tmp/after

Prints, per dataset, the rows only one side has (after dropping the columns that name a run or a
moment, and the WARC file and offset, which embed the run id and the records' timestamps); exits 1
when any dataset differs.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pyarrow.dataset as ds

DATASETS = ("articles", "ratings", "polls", "fetches", "failures", "runs")
PORT = re.compile(r"(127\.0\.0\.1|localhost):\d+")  # each demo starts the replica on a free port
VOLATILE = re.compile(r"(^run_id$|_at$|^first_seen$|^warc_(file|offset|length)$|^duration)")


def rows(root: Path, dataset: str, ignore: frozenset[str] = frozenset()) -> Counter[str]:
    folder = root / dataset
    if not folder.exists():
        return Counter()
    table = ds.dataset(folder, format="parquet", partitioning="hive").to_table()
    keep = [name for name in table.column_names if not VOLATILE.search(name) and name not in ignore]
    return Counter(
        PORT.sub(r"\1:PORT", json.dumps(row, sort_keys=True, default=str))
        for row in table.select(keep).to_pylist()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--show", type=int, default=3, help="rows shown per side and dataset")
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        help="another column to leave out (published_raw: which of a feed or a listing reaches the "
        "spider first decides it, so two demos of one commit differ there)",
    )
    args = parser.parse_args()
    differs = False
    for dataset in DATASETS:
        ignore = frozenset(args.ignore)
        before, after = rows(args.before, dataset, ignore), rows(args.after, dataset, ignore)
        only_before, only_after = before - after, after - before
        total = sum(before.values()), sum(after.values())
        print(
            f"{dataset}: {total[0]} vs {total[1]} rows, {sum(only_before.values())} only before, "
            f"{sum(only_after.values())} only after"
        )
        for label, side in (("-", only_before), ("+", only_after)):
            for row in list(side)[: args.show]:
                print(f"  {label} {row[:300]}")
        differs |= bool(only_before or only_after)
    sys.exit(1 if differs else 0)


if __name__ == "__main__":
    main()
