"""The root of the datasets: a local folder or an ``s3://bucket/prefix`` URI, behind one small interface.

Local roots use ``os`` directly so that publishing is an atomic ``os.replace`` on one file system.
S3 roots go through s3fs (fsspec); credentials and the endpoint come only from the environment or
the standard AWS configuration (``AWS_ACCESS_KEY_ID``, ``AWS_ENDPOINT_URL``, ``~/.aws``), never from
parameters, and are never logged. An S3 object becomes visible only when its upload completes, so a
reader never sees a partial file there either; no directory-marker objects are ever created.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq


class Store:
    """Paths are relative to the root and use ``/``."""

    uri: str

    @property
    def filesystem(self) -> Any:  # pyarrow.fs.FileSystem or an fsspec file system
        raise NotImplementedError

    def full(self, rel: str) -> str:
        raise NotImplementedError

    def write_bytes(self, rel: str, data: bytes) -> None:
        """Atomically: a reader sees the old content, no file, or the whole new content."""
        raise NotImplementedError

    def read_bytes(self, rel: str) -> bytes | None:
        raise NotImplementedError

    def move(self, src: str, dst: str) -> None:
        raise NotImplementedError

    def delete(self, rel: str) -> None:
        """Missing files are fine."""
        raise NotImplementedError

    def delete_tree(self, rel: str) -> None:
        raise NotImplementedError

    def exists(self, rel: str) -> bool:
        raise NotImplementedError

    def list_files(self, rel: str) -> list[str]:
        """Every file below ``rel`` (recursive), as root-relative paths, sorted."""
        raise NotImplementedError

    def put_file(self, rel: str, local: Path) -> None:
        """Copy a local file to ``rel`` atomically, streaming (WARC files run to hundreds of MB)."""
        raise NotImplementedError

    def size(self, rel: str) -> int | None:
        """The size in bytes of the file at ``rel``, None when there is none."""
        raise NotImplementedError

    def get_file(self, rel: str, local: Path) -> None:
        """Copy the file at ``rel`` to ``local``, streaming; ``local`` appears only once complete.
        ``FileNotFoundError`` when there is none."""
        raise NotImplementedError

    def read_range(self, rel: str, offset: int, length: int) -> bytes:
        """``length`` bytes from ``offset`` of the file at ``rel``, in one read (one ranged GET on S3)."""
        raise NotImplementedError

    def open_binary(self, rel: str) -> BinaryIO:
        """The file at ``rel`` opened for reading, seekable (S3: ranged GETs as it is read)."""
        raise NotImplementedError

    def write_table(self, rel: str, table: pa.Table) -> None:
        buffer = io.BytesIO()
        pq.write_table(table, buffer, compression="zstd")
        self.write_bytes(rel, buffer.getvalue())


@dataclass
class LocalStore(Store):
    base: Path

    def __post_init__(self) -> None:
        self.uri = str(self.base)

    @property
    def filesystem(self) -> Any:
        import pyarrow.fs as pafs

        return pafs.LocalFileSystem()

    def full(self, rel: str) -> str:
        return str(self.base / rel)

    def write_bytes(self, rel: str, data: bytes) -> None:
        target = self.base / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        # the temporary name starts with "." and does not end in .parquet: no glob picks it up
        tmp = target.parent / f".{target.name}.{uuid.uuid4().hex[:12]}.tmp"
        with open(tmp, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)

    def read_bytes(self, rel: str) -> bytes | None:
        try:
            return (self.base / rel).read_bytes()
        except FileNotFoundError:
            return None

    def move(self, src: str, dst: str) -> None:
        target = self.base / dst
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.base / src, target)

    def delete(self, rel: str) -> None:
        (self.base / rel).unlink(missing_ok=True)

    def delete_tree(self, rel: str) -> None:
        shutil.rmtree(self.base / rel, ignore_errors=True)

    def exists(self, rel: str) -> bool:
        return (self.base / rel).exists()

    def list_files(self, rel: str) -> list[str]:
        top = self.base / rel
        found: list[str] = []
        prefix_len = len(str(self.base)) + 1
        for dirpath, _dirs, files in os.walk(top):
            found.extend(os.path.join(dirpath, name)[prefix_len:].replace(os.sep, "/") for name in files)
        return sorted(found)

    def put_file(self, rel: str, local: Path) -> None:
        target = self.base / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.parent / f".{target.name}.{uuid.uuid4().hex[:12]}.tmp"
        shutil.copyfile(local, tmp)
        os.replace(tmp, target)

    def size(self, rel: str) -> int | None:
        try:
            return (self.base / rel).stat().st_size
        except FileNotFoundError:
            return None

    def get_file(self, rel: str, local: Path) -> None:
        _atomic_download(lambda tmp: shutil.copyfile(self.base / rel, tmp), local)

    def read_range(self, rel: str, offset: int, length: int) -> bytes:
        with open(self.base / rel, "rb") as handle:
            handle.seek(offset)
            return handle.read(length)

    def open_binary(self, rel: str) -> BinaryIO:
        return open(self.base / rel, "rb")  # the caller closes it


@dataclass
class S3Store(Store):
    bucket_prefix: str  # "bucket/prefix" without scheme or trailing slash

    def __post_init__(self) -> None:
        import s3fs

        self.uri = f"s3://{self.bucket_prefix}"
        # no listing cache: other processes publish files while this one reads
        self._fs = s3fs.S3FileSystem(use_listings_cache=False, skip_instance_cache=True)

    @property
    def filesystem(self) -> Any:
        return self._fs

    def full(self, rel: str) -> str:
        return f"{self.bucket_prefix}/{rel}"

    def write_bytes(self, rel: str, data: bytes) -> None:
        self._fs.pipe_file(self.full(rel), data)

    def read_bytes(self, rel: str) -> bytes | None:
        try:
            return bytes(self._fs.cat_file(self.full(rel)))
        except FileNotFoundError:
            return None

    def move(self, src: str, dst: str) -> None:
        self._fs.copy(self.full(src), self.full(dst))
        self._fs.rm_file(self.full(src))

    def delete(self, rel: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._fs.rm_file(self.full(rel))

    def delete_tree(self, rel: str) -> None:
        for path in self.list_files(rel):
            self.delete(path)

    def exists(self, rel: str) -> bool:
        return bool(self._fs.exists(self.full(rel)))

    def list_files(self, rel: str) -> list[str]:
        top = self.full(rel).rstrip("/")
        try:
            found = self._fs.find(top)
        except FileNotFoundError:
            return []
        prefix_len = len(self.bucket_prefix) + 1
        return sorted(path[prefix_len:] for path in found if not path.endswith("/"))

    def put_file(self, rel: str, local: Path) -> None:
        # one PUT, or a multipart upload for big files: the object appears only once it is complete
        self._fs.put_file(str(local), self.full(rel))

    def size(self, rel: str) -> int | None:
        try:
            return int(self._fs.size(self.full(rel)))
        except FileNotFoundError:
            return None

    def get_file(self, rel: str, local: Path) -> None:
        _atomic_download(lambda tmp: self._fs.get_file(self.full(rel), str(tmp)), local)

    def read_range(self, rel: str, offset: int, length: int) -> bytes:
        return bytes(self._fs.cat_file(self.full(rel), start=offset, end=offset + length))

    def open_binary(self, rel: str) -> BinaryIO:
        return self._fs.open(self.full(rel), "rb")  # type: ignore[no-any-return]


def _atomic_download(fetch: Callable[[Path], object], local: Path) -> None:
    local.parent.mkdir(parents=True, exist_ok=True)
    tmp = local.parent / f".{local.name}.{uuid.uuid4().hex[:12]}.tmp"
    try:
        fetch(tmp)
        os.replace(tmp, local)
    finally:
        tmp.unlink(missing_ok=True)


def open_store(root: str | os.PathLike[str] | Store) -> Store:
    """A local path (relative or absolute) or ``s3://bucket/prefix``."""
    if isinstance(root, Store):
        return root
    text = os.fspath(root)
    if text.startswith("s3://"):
        return S3Store(text[len("s3://") :].strip("/"))
    if "://" in text and not text.startswith("file://"):
        raise ValueError(f"unsupported storage root {text!r}: use a local path or s3://bucket/prefix")
    if text.startswith("file://"):
        text = text[len("file://") :]
    return LocalStore(Path(text).resolve())
