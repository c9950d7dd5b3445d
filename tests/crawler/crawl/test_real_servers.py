"""Crawls through HTTP servers the project did not write: stdlib ``http.server`` and nginx.

Stale keep-alive connections are the case: the server closes an idle connection (HTTP/1.0 after
every answer, nginx after ``keepalive_timeout``) while the next request is on its way. Such an
attempt never reached the server; the crawler sends it again on a fresh connection (Twisted's stock
retry, counted as ``riac/reconnects``) instead of recording a ``connection-closed`` failure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.replica.process import ReplicaProcess
from crawler.run import CrawlOptions, CrawlResult, run_crawl
from crawler.stage.extract import extract_all, read_manifest
from crawler.warc import read_record
from tests.crawler.crawl.servers import NginxProxy, Page, StaticServer, static_copy

# Before the fix, 0-29 requests per full crawl of http.server met a closed pooled connection, each a
# failed attempt (timing decides how many): four crawls make a run without any rare.
CRAWLS = 4


def crawl(site: str, data: Path, run_id: str, **kwargs: Any) -> CrawlResult:
    options = CrawlOptions(site=site, data_dir=data, run_id=run_id, **kwargs)
    result = run_crawl(options)
    assert result.exit_code == 0, result.log_file.read_text() if result.log_file else ""
    return result


def truth_urls(replica: ReplicaProcess) -> set[str]:
    return {row["url"] for row in replica.index() if not row["withdrawn"]}


def archived_articles(result: CrawlResult) -> set[str]:
    return {
        line["canonical_url"]
        for line in result.manifest_lines()
        if line["kind"] == "article" and line["status"] == 200 and line["warc_file"]
    }


def failed_attempts(result: CrawlResult) -> list[tuple[str, str]]:
    return [(line["url"], line["error_type"]) for line in result.manifest_lines() if line["status"] is None]


def extracted(result: CrawlResult) -> dict[str, dict[str, Any]]:
    """Article id -> the extracted record (``riac-archive extract`` JSON) of one crawl."""
    records = read_manifest(result.manifest)
    extraction = extract_all(records, (), result.run_dir.parent.parent, workers=1)
    return {item.article_id: item.to_json() for item in extraction.items}


@pytest.fixture(scope="module")
def direct(replica: ReplicaProcess, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    """A full crawl of the replica itself: the reference, and the source of the static copy."""
    result = crawl(replica.base_url, tmp_path_factory.mktemp("direct"), "direct", full=True, unthrottled=True)
    assert archived_articles(result) == truth_urls(replica)
    return result


@pytest.fixture(scope="module")
def static_pages(direct: CrawlResult, replica: ReplicaProcess) -> dict[str, Page]:
    return static_copy(direct.warc_files, replica.base_url)


@pytest.fixture(scope="module")
def nginx(replica: ReplicaProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[NginxProxy]:
    with NginxProxy(tmp_path_factory.mktemp("nginx"), replica.base_url) as proxy:
        yield proxy


def test_stdlib_http_server_full_crawls_have_no_connection_failures(
    static_pages: dict[str, Page], replica: ReplicaProcess, tmp_path: Path
) -> None:
    expected = truth_urls(replica)
    reconnects = []
    with StaticServer(static_pages) as server:
        for n in range(CRAWLS):
            data = tmp_path / f"data-{n}"
            result = crawl(server.base_url, data, f"stdlib-{n}", full=True, unthrottled=True)
            assert failed_attempts(result) == []
            assert archived_articles(result) == expected
            reconnects.append(result.stats.get("riac/reconnects", 0))
    # HTTP/1.0 answers without keep-alive: each connection is closed after its answer, never pooled,
    # so no request meets a stale one (Twisted pooled them: 0-29 stale reuses per crawl)
    assert reconnects == [0] * CRAWLS


def test_nginx_gzip_keepalive_proxy_archives_everything_as_received(
    nginx: NginxProxy, direct: CrawlResult, replica: ReplicaProcess, tmp_path: Path
) -> None:
    result = crawl(nginx.base_url, tmp_path / "data", "nginx", full=True, unthrottled=True)
    assert failed_attempts(result) == []  # no connection-closed/-lost attempt, nor any other
    assert archived_articles(result) == truth_urls(replica)

    # the WARC response records keep nginx's gzip payload and its Content-Encoding; warcio
    # reads them back decompressed, the very bytes the replica sent to the direct crawl
    articles = [line for line in result.manifest_lines() if line["kind"] == "article"]
    data, direct_data = result.run_dir.parent.parent, direct.run_dir.parent.parent
    direct_bodies = {
        line["canonical_url"]: read_record(direct_data / line["warc_file"], line["warc_offset"])[2]
        for line in direct.manifest_lines()
        if line["kind"] == "article"
    }
    for line in articles:
        with open(data / line["warc_file"], "rb") as handle:
            handle.seek(line["warc_offset"])
            record = next(iter(ArchiveIterator(handle)))
            headers = {k.lower(): v for k, v in record.http_headers.headers}
            assert headers.get("content-encoding") == "gzip", line["url"]
            assert record.raw_stream.read(2) == b"\x1f\x8b", line["url"]
        with open(data / line["warc_file"], "rb") as handle:
            handle.seek(line["warc_offset"])
            body = next(iter(ArchiveIterator(handle))).content_stream().read()
        assert body == direct_bodies[line["canonical_url"]], line["url"]

    # extraction reads the same articles as from a direct crawl of the replica
    through_nginx, reference = extracted(result), extracted(direct)
    assert through_nginx.keys() == reference.keys() and len(reference) == len(truth_urls(replica))
    assert through_nginx == reference
    print(f"\nnginx: {len(articles)} articles, reconnects {result.stats.get('riac/reconnects', 0)}")


def test_polite_crawl_through_nginx_with_crawl_delay_past_keepalive_timeout(
    replica_factory: Callable[..., ReplicaProcess], tmp_path: Path
) -> None:
    site = replica_factory(crawl_delay=1.5)  # robots.txt Crawl-delay 1.5 s; nginx keepalive 1 s
    paths = tuple(row["url"].split("russiancouncil.ru", 1)[1] for row in site.index()[:3])
    with NginxProxy(tmp_path / "nginx", site.base_url) as proxy:
        result = crawl(proxy.base_url, tmp_path / "data", "polite", discover=False, urls=paths)
    assert failed_attempts(result) == []
    assert archived_articles(result) == {"https://russiancouncil.ru" + p for p in paths}
