"""Fuzz (hypothesis) of what parses untrusted bytes: the page classes (every ArticlePage field, the
listing, the poll parser) and the feed/sitemap parser on structured but broken XML. Nothing may raise
but the documented refusals, and every example has a deadline. Random bytes are already fuzzed in
tests/crawler/pages/test_properties.py and tests/crawler/crawl/test_discovery.py."""

from __future__ import annotations

import gzip

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.feeds import DiscoveryError, Sitemap, parse_rss, parse_sitemap
from crawler.items import Poll
from crawler.pages.article import ArticlePage, NotAnArticle
from crawler.pages.listing import ListingPage
from crawler.pages.polls import extract_polls

FUZZ = settings(deadline=2000, max_examples=120, suppress_health_check=[HealthCheck.too_slow])
URL = "https://russiancouncil.ru/en/analytics-and-comments/analytics/fuzz/"

XML_PIECES = st.sampled_from(
    [
        '<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="windows-1251"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', "</sitemapindex>",
        "<urlset>", "</urlset>", "<url>", "</url>", "<sitemap>", "</sitemap>", "<loc>", "</loc>",
        "<lastmod>", "</lastmod>", '<rss version="2.0">', "</rss>", "<channel>", "</channel>", "<item>",
        "</item>", "<link>", "</link>", "<guid>", "</guid>", "<pubDate>", "</pubDate>", "<entry>",
        '<link href="https://russiancouncil.ru/en/news/x/"/>', "<published>", "</entry>",
        "https://russiancouncil.ru/en/news/a/", "2025-13-45", "Thu, 04 Mar 2021 10:00:00 +0300",
        "&amp;", "&lt;", "&#0;", "&#xD800;", "&undefined;", "<![CDATA[", "]]>", "<!-- ", " -->",
        "<!DOCTYPE x>", '<!DOCTYPE x [<!ENTITY a "aaaa">]>', '<!DOCTYPE x SYSTEM "http://evil.example/x.dtd">',
        '<!ENTITY % p SYSTEM "file:///etc/passwd">', "&a;", "<?pi data?>", "\x00", "\ufeff", "é", "ё",
        "<a:b xmlns:a='urn:x'>", "</a:b>", "<", ">", "/", '"', "'", " ", "\n",
    ]
)  # fmt: skip


@st.composite
def broken_xml(draw: st.DrawFn) -> bytes:
    text = "".join(draw(st.lists(st.one_of(XML_PIECES, st.text(max_size=20)), max_size=60)))
    data = text.encode(draw(st.sampled_from(["utf-8", "utf-16", "cp1251"])), errors="replace")
    cut = draw(st.integers(0, len(data)))
    data = data[: cut if draw(st.booleans()) else len(data)]
    return gzip.compress(data) if draw(st.integers(0, 9)) == 0 else data


@FUZZ
@given(broken_xml())
def test_sitemap_parser_returns_or_refuses(body: bytes) -> None:
    try:
        sitemap = parse_sitemap(body)
    except DiscoveryError:
        return
    assert isinstance(sitemap, Sitemap)
    assert all(isinstance(e.url, str) and e.url for e in sitemap.entries)


@FUZZ
@given(broken_xml())
def test_feed_parser_returns_or_refuses(body: bytes) -> None:
    try:
        entries = parse_rss(body)
    except DiscoveryError:
        return
    assert all(isinstance(e.url, str) and e.url for e in entries)


@FUZZ
@given(broken_xml(), st.sampled_from(["&a;", "&xxe;", "&lol9;"]))
def test_any_entity_declaration_is_refused(body: bytes, reference: str) -> None:
    dtd = b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY a "x"><!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    document = dtd + b"<urlset><url><loc>" + reference.encode() + b"</loc></url>" + body[:200] + b"</urlset>"
    for parse in (parse_sitemap, parse_rss):
        try:
            parse(document)
        except DiscoveryError:
            continue
        raise AssertionError("a document declaring entities was parsed")


TAGS = st.sampled_from(["p", "div", "br", "span", "a", "li", "ol", "table", "td", "h1", "b", "time", "font"])
LINES = st.sampled_from(
    [
        "Poll conducted", "Опрос проведен", "1. What are the US goals?", "Partnership", "33 (31%)",
        "73 (69%)", "(votes: 6, rating: 4.5)", "(Голосов: 28, Рейтинг: 4.79)", "\u00a0(1 vote)",
        "Rate this article", "Region:", "Type:", "Tags:", "Print", "Share this article", "Andrey Kortunov",
        "RIAC Member", "Short version", "Full version", "For business", "Читать на русском",
        "31 March 2021", "02 october 2015", "28 апреля 2014", "Next", "Следующая", "»", "100 (100%)",
        "0 (0%)", "-1 (200%)", "99999999999999999999 (50%)", "",
    ]
)  # fmt: skip


@st.composite
def site_like_html(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 50))):
        tag = draw(TAGS)
        text = draw(st.one_of(LINES, st.text(max_size=30)))
        href = draw(
            st.sampled_from(
                ["", ' href="/en/news/a/"', ' href="https://www.russiancouncil.ru/news/b/?PAGEN_1=2"',
                 ' href="//evil.example/x/"', ' href="javascript:x"', ' href="/en/news/?PAGEN_1=9"',
                 ' datetime="2021-03-04"', ' rel="next" href="?PAGEN_1=2"', ' class="news-announce"']
            )
        )  # fmt: skip
        parts.append(f"<{tag}{href}>{text}" + (f"</{tag}>" if draw(st.booleans()) else ""))
    return "<html><body>" + "".join(parts) + "</body></html>"


@FUZZ
@given(site_like_html())
def test_every_article_page_field_reads_or_refuses(page: str) -> None:
    article = ArticlePage(URL, page.encode(), {"Content-Type": "text/html; charset=utf-8"})
    article.title()
    article.published()
    article.lang()
    article.authors()
    article.rating()
    article.polls()
    article.translation_url()
    article.stats()
    try:
        item = article.to_item()
    except NotAnArticle:
        return
    assert item.body_paragraphs and all(p.strip() for p in item.body_paragraphs)


@FUZZ
@given(site_like_html())
def test_listing_page_gives_site_links_only(page: str) -> None:
    listing = ListingPage("https://russiancouncil.ru/en/news/", page.encode())
    for link in listing.links():
        assert "evil.example" not in link.url
    listing.next_page_url()
    listing.polls()


@FUZZ
@given(st.one_of(st.lists(st.one_of(LINES, st.text(max_size=30)), max_size=40), site_like_html()))
def test_poll_parser_returns_well_formed_polls(source: list[str] | str) -> None:
    polls = extract_polls(source)
    assert isinstance(polls, tuple)
    for poll in polls:
        assert isinstance(poll, Poll) and poll.question and poll.options
        assert all(option.votes >= 0 for option in poll.options)


def test_a_poll_heading_is_no_option_and_results_without_a_question_are_no_poll() -> None:
    """Found by the fuzz test above: the heading was read as the text of two options of a poll
    with an empty question."""
    page = "<html><body><p>Poll conducted<p>33 (31%)<p>Poll conducted<p>100 (100%)</body></html>"
    assert extract_polls(page) == ()
    lines = ["Poll conducted", "1. Who wins?", "Yes", "33 (31%)", "No", "74 (69%)"]
    (poll,) = extract_polls(lines)
    assert poll.question == "Who wins?" and [o.text for o in poll.options] == ["Yes", "No"]
