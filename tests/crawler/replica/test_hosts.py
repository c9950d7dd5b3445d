"""Every host alias and search-link form serves the very same page."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import pytest

from crawler.replica.process import ReplicaProcess

PATH = "/en/analytics-and-comments/analytics/the-art-of-expectation-management/"
ALIASES = ("russiancouncil.ru", "www.russiancouncil.ru", "beta.russiancouncil.ru", "russiancouncil.ru.")


def fetch(replica: ReplicaProcess, path: str, host: str | None) -> tuple[int, bytes]:
    parts = urlsplit(replica.base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    headers = {"Host": host} if host else {}
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("host", ALIASES)
def test_every_alias_returns_the_same_page(replica: ReplicaProcess, host: str) -> None:
    status, body = fetch(replica, PATH, None)
    assert status == 200
    assert fetch(replica, PATH, host) == (200, body)
    assert fetch(replica, PATH, host + ":443") == (200, body)


def test_sphrase_id_and_other_parameters_do_not_change_the_page(replica: ReplicaProcess) -> None:
    _, body = fetch(replica, PATH, "russiancouncil.ru")
    assert fetch(replica, PATH + "?sphrase_id=123456", "www.russiancouncil.ru") == (200, body)
    assert fetch(replica, "/en/news/?sphrase_id=9", None) == fetch(replica, "/en/news/", None)


def test_percent_encoded_slugs_are_served_under_any_spelling(replica: ReplicaProcess) -> None:
    encoded = [a["path"] for a in replica.index() if "%" in a["path"] and not a["withdrawn"]]
    assert encoded, "seed 7 has percent-encoded slugs"
    status, body = fetch(replica, encoded[0], None)
    assert status == 200
    assert fetch(replica, encoded[0].lower(), None) == (200, body)


def test_an_unknown_host_is_refused(replica: ReplicaProcess) -> None:
    status, _ = fetch(replica, PATH, "example.com")
    assert status == 421
