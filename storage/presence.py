"""Whether a root holds an archive: commands that read one refuse a root that holds none, and create
nothing there (only ``crawl``, ``refresh`` and ``demo`` create a data directory)."""

from __future__ import annotations

import os
from pathlib import Path

from storage import locations
from storage.schemas import DATASETS
from storage.store import Store, open_store


class NoArchive(ValueError):
    """The root holds no archive (no run marker, no dataset folder)."""


def holds_archive(root: str | os.PathLike[str] | Store) -> bool:
    """A committed run's marker folder or any dataset folder is there (looked up, never created)."""
    if not isinstance(root, Store) and "://" not in os.fspath(root) and not Path(root).is_dir():
        return False
    store = open_store(root)
    return any(store.exists(name) for name in (locations.RUNS, *DATASETS))


def require_archive(root: str | os.PathLike[str] | Store) -> None:
    """Raise :class:`NoArchive` with a one-line reason when ``root`` holds no archive."""
    if holds_archive(root):
        return
    where = root.uri if isinstance(root, Store) else os.fspath(root)
    if not isinstance(root, Store) and "://" not in where and not Path(where).exists():
        raise NoArchive(f"{where} does not exist: no archive there (check --data)")
    raise NoArchive(f"{where} holds no archive (no datasets, no run markers): check --data")
