"""Crawl and extraction as separate tasks: a transient extraction failure after a finished crawl
is retried from the crawl's archived manifest, without crawling again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from crawler.replica.process import ReplicaProcess
from flows.options import ArchiveOptions

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_a_transient_extraction_failure_does_not_redo_the_crawl(
    replica_factory: Callable[..., ReplicaProcess], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crawler.stage.stream import StreamingExtractor
    from flows.archive import archive
    from storage import read

    site = replica_factory(articles=20, seed=5)
    finish = StreamingExtractor.finish
    calls: list[int] = []

    def finish_once_reset(self: StreamingExtractor) -> Any:
        calls.append(1)
        if len(calls) == 1:  # the pages' results lost once, as to a dropped connection
            raise ConnectionResetError("extraction lost its results")
        return finish(self)

    monkeypatch.setattr(StreamingExtractor, "finish", finish_once_reset)
    counts = archive(ArchiveOptions(site=site.base_url, data=tmp_path, unthrottled=True))

    assert calls == [1]  # the streaming extraction ran once; the retry read the manifest instead
    assert [p.name for p in (tmp_path / "warc").iterdir() if p.is_dir()] == [
        read.read_table(tmp_path, "runs").to_pylist()[0]["run_id"]
    ]  # one crawl: no "-attempt-2" folder
    truth = {a["path"] for a in site.index() if not a["withdrawn"]}
    assert counts["articles_new"] == len(truth) == read.count_rows(tmp_path, "articles")
