from __future__ import annotations

import contextlib
import gzip
from datetime import date
from xml.sax.saxutils import escape, unescape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.feeds import DiscoveryError, Entry, parse_rss, parse_sitemap

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://russiancouncil.ru/sitemap-en-news-1.xml</loc><lastmod>2022-11-14</lastmod></sitemap>
<sitemap><loc>https://russiancouncil.ru/sitemap-ru-news-1.xml</loc></sitemap>
</sitemapindex>"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>РСМД</title>
<item><title>a</title><link>https://russiancouncil.ru/news/a/</link>
<pubDate>Thu, 04 Mar 2021 10:00:00 +0300</pubDate></item>
<item><title>b</title><guid>https://russiancouncil.ru/news/b/</guid></item>
</channel></rss>""".encode()

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<urlset><url><loc>&lol3;</loc></url></urlset>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss><channel><item><link>&xxe;</link></item></channel></rss>"""


def test_sitemap_index_gives_children_with_lastmod() -> None:
    sitemap = parse_sitemap(INDEX)
    assert sitemap.is_index
    assert sitemap.entries == (
        Entry("https://russiancouncil.ru/sitemap-en-news-1.xml", date(2022, 11, 14), "2022-11-14"),
        Entry("https://russiancouncil.ru/sitemap-ru-news-1.xml", None),
    )


def test_gzipped_sitemap_reads_like_plain() -> None:
    assert parse_sitemap(gzip.compress(INDEX)) == parse_sitemap(INDEX)


def test_rss_links_and_dates() -> None:
    assert parse_rss(RSS) == (
        # the date and, for published_raw, the string it was read from
        Entry("https://russiancouncil.ru/news/a/", date(2021, 3, 4), "Thu, 04 Mar 2021 10:00:00 +0300"),
        Entry("https://russiancouncil.ru/news/b/", None),
    )


@pytest.mark.parametrize("body", [BOMB, EXTERNAL, b"", b"<urlset", b"\x1f\x8b\x08garbage", b"<html/>"])
def test_hostile_or_malformed_documents_are_refused(body: bytes) -> None:
    parse = parse_rss if b"rss" in body else parse_sitemap
    with pytest.raises(DiscoveryError):
        parse(body)


def test_gzip_bomb_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    import crawler.feeds as discovery

    monkeypatch.setattr(discovery, "MAX_XML_BYTES", 1000)
    with pytest.raises(DiscoveryError, match="expands"):
        parse_sitemap(gzip.compress(b"<urlset>" + b" " * 10_000 + b"</urlset>"))


_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_text, st.none() | st.dates()), max_size=8))
def test_urlset_round_trip(rows: list[tuple[str, date | None]]) -> None:
    urls = [(f"https://russiancouncil.ru/en/news/{escape(t.strip() or 'x')}/", d) for t, d in rows]
    body = (
        "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        + "".join(
            f"<url><loc>{u}</loc>" + (f"<lastmod>{d.isoformat()}</lastmod>" if d else "") + "</url>"
            for u, d in urls
        )
        + "</urlset>"
    )
    parsed = parse_sitemap(body.encode("utf-8"))
    assert not parsed.is_index
    assert [(e.url, e.date) for e in parsed.entries] == [(unescape(u), d) for u, d in urls]


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_escape_as_other_errors(body: bytes) -> None:
    for parse in (parse_rss, parse_sitemap):
        with contextlib.suppress(DiscoveryError):  # any other exception fails the test
            parse(body)
