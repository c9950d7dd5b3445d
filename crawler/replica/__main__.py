"""``python -m crawler.replica``."""

from __future__ import annotations

from crawler.replica.cli import replica

if __name__ == "__main__":
    replica(prog_name="python -m crawler.replica")
