"""``storage.mirror.mirror_files``: local files copied under the same relative paths into another root,
whole, in order, and not again when the same file is already there."""

from __future__ import annotations

from pathlib import Path

from storage.mirror import mirror_files


def test_files_are_copied_under_their_relative_paths_once(tmp_path: Path) -> None:
    local = tmp_path / "data"
    folder = local / "warc" / "run-1"
    folder.mkdir(parents=True)
    warc = folder / "riac-run-1-00000.warc.gz"
    manifest = folder / "manifest.jsonl"
    warc.write_bytes(b"\x1f\x8b" + b"x" * 1000)
    manifest.write_text('{"run_id": "run-1"}\n')
    root = tmp_path / "datasets"

    copied = mirror_files(root, local, [warc, manifest])
    assert copied == ["warc/run-1/riac-run-1-00000.warc.gz", "warc/run-1/manifest.jsonl"]
    assert (root / copied[0]).read_bytes() == warc.read_bytes()
    assert (root / copied[1]).read_text() == manifest.read_text()
    assert not [p for p in root.rglob("*") if p.name.endswith(".tmp")]

    assert mirror_files(root, local, [warc, manifest]) == []  # a retry uploads nothing again
    manifest.write_text('{"run_id": "run-1"}\n{"run_id": "run-1"}\n')  # a different file: copied
    assert mirror_files(root, local, [warc, manifest]) == ["warc/run-1/manifest.jsonl"]
