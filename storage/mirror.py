"""Copy finished local files into a root under the same relative paths (the WARC files of a run whose
datasets live in another root, e.g. ``s3://``), so that every ``warc_file`` a row names resolves
against the datasets root too.

Each file is copied whole and atomically (``Store.put_file``): a reader sees no object or the
complete one. A file already there with the same size is skipped, so a retried store stage does not
upload a run's WARC files twice (they never change once the crawl has ended).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from storage.store import Store, open_store


def mirror_files(root: str | os.PathLike[str] | Store, local_root: Path, files: Iterable[Path]) -> list[str]:
    """Copy ``files`` (below ``local_root``) to ``root`` in the given order; returns the relative paths
    copied (skipped ones not included)."""
    store = open_store(root)
    base = Path(local_root).resolve()
    copied: list[str] = []
    for path in files:
        local = Path(path).resolve()
        rel = local.relative_to(base).as_posix()
        if store.size(rel) == local.stat().st_size:
            continue
        store.put_file(rel, local)
        copied.append(rel)
    return copied
