"""Two archive runs started at the same time on one data directory: one runs, the other refuses at
once with a one-line message and touches nothing (``storage.lock``); no corruption, no duplicates."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from crawler.replica.process import ReplicaProcess
from flows.command_support import EXIT_BUSY
from tests.reliability import datasets
from tests.reliability.cli import start_crawl


def test_two_runs_at_once_one_refuses_nothing_duplicated(
    replica_factory: Callable[..., ReplicaProcess], tmp_path: Path, env: dict[str, str]
) -> None:
    site = replica_factory(articles=40, seed=9)
    data = tmp_path / "data"
    errs = [tmp_path / "a.err", tmp_path / "b.err"]
    runs = [start_crawl(site.base_url, data, env, err) for err in errs]
    try:
        codes = [run.wait(timeout=180) for run in runs]
    finally:
        for run in runs:
            if run.poll() is None:
                run.kill()
    assert sorted(codes) == [0, EXIT_BUSY], [e.read_text()[-2000:] for e in errs]
    refused = errs[codes.index(EXIT_BUSY)].read_text().strip().splitlines()
    assert len(refused) == 1 and "another archive run is using" in refused[0], refused
    assert "nothing was done" in refused[0]

    datasets.check_readable(data)
    assert datasets.duplicates(data) == {dataset: [] for dataset in datasets.KEYS}
    assert not datasets.only_committed_files(data)
    assert len(list((data / "warc").glob("*/"))) == 1  # the refused run fetched nothing
    assert len(datasets.rows(data, "runs")) == 1
    assert datasets.truth_article_ids(site.index()) <= datasets.stored_article_ids(data)
    datasets.check_warcs(data)
