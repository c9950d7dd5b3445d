"""robots.txt, sitemaps, feeds and listings: valid, complete, and consistent with the truth index."""

from __future__ import annotations

import urllib.request
from urllib.parse import unquote, urljoin, urlsplit

import lxml.etree
import lxml.html
import pytest

from crawler.replica.process import ReplicaProcess

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
FEEDS = ("/en/rss/", "/en/rss/analytics-and-comments/", "/rss/", "/rss/analytics-and-comments/")
HOSTS = {"russiancouncil.ru", "www.russiancouncil.ru", "beta.russiancouncil.ru"}


def get(replica: ReplicaProcess, path: str) -> bytes:
    with urllib.request.urlopen(replica.url(path), timeout=10) as response:
        return response.read()


def site_path(url: str) -> str | None:
    """The decoded path of a link to the site (any alias, any scheme), else None."""
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    if parts.netloc and host not in HOSTS:
        return None
    return unquote(parts.path)


@pytest.fixture(scope="module")
def live(replica: ReplicaProcess) -> set[str]:
    return {unquote(a["path"]) for a in replica.index() if not a["withdrawn"]}


def test_robots_has_crawl_delay_and_a_disallow_that_pages_link_to(replica: ReplicaProcess) -> None:
    robots = get(replica, "/robots.txt").decode()
    assert "Crawl-delay: 0.5" in robots
    assert "Disallow: /en/search/index.php" in robots
    assert "Sitemap: https://russiancouncil.ru/sitemap.xml" in robots
    page = lxml.html.fromstring(
        get(replica, "/en/analytics-and-comments/analytics/the-art-of-expectation-management/")
    )
    assert any(href.startswith("/en/search/index.php") for href in page.xpath("//a/@href"))


def test_sitemaps_are_valid_xml_and_list_every_live_article(replica: ReplicaProcess, live: set[str]) -> None:
    index = lxml.etree.fromstring(get(replica, "/sitemap.xml"))
    assert index.tag == f"{SITEMAP_NS}sitemapindex"
    listed: list[str] = []
    for child in index.iter(f"{SITEMAP_NS}sitemap"):
        loc = child.findtext(f"{SITEMAP_NS}loc")
        assert child.findtext(f"{SITEMAP_NS}lastmod")
        urlset = lxml.etree.fromstring(get(replica, urlsplit(loc).path))
        for url in urlset.iter(f"{SITEMAP_NS}url"):
            assert url.findtext(f"{SITEMAP_NS}lastmod")
            listed.append(unquote(urlsplit(url.findtext(f"{SITEMAP_NS}loc")).path))
    assert len(listed) == len(set(listed))
    assert set(listed) == live


def test_feeds_are_valid_rss_with_the_newest_articles(replica: ReplicaProcess, live: set[str]) -> None:
    in_feeds: set[str] = set()
    for feed in FEEDS:
        root = lxml.etree.fromstring(get(replica, feed))
        links = [unquote(urlsplit(link).path) for link in root.xpath("/rss/channel/item/link/text()")]
        assert links, feed
        assert len(links) <= 50
        in_feeds.update(links)
    assert in_feeds <= live
    assert (
        "/en/analytics-and-comments/analytics/the-art-of-expectation-management/" in in_feeds
        or len(live) > 50
    )


def test_pagination_reaches_every_article(replica: ReplicaProcess, live: set[str]) -> None:
    """Following listing pages and their pager links (only) reaches every live article."""
    starts = [
        "/en/", "/en/analytics-and-comments/", "/en/news/", "/en/blogs/",
        "/", "/analytics-and-comments/", "/news/", "/blogs/",
    ]  # fmt: skip
    seen_pages: set[str] = set()
    found: set[str] = set()
    queue = list(starts)
    paginated = False
    while queue:
        path = queue.pop()
        if path in seen_pages:
            continue
        seen_pages.add(path)
        root = lxml.html.fromstring(get(replica, path))
        for href in root.xpath("//a/@href"):
            target = site_path(urljoin("https://russiancouncil.ru" + path, href))
            if target is None:
                continue
            if target in live:
                found.add(target)
            elif "PAGEN_1=" in href:
                paginated = True
                queue.append(urlsplit(href).path + "?" + urlsplit(href).query)
    assert paginated
    assert found == live


def test_listings_show_dates_in_the_contract_formats(replica: ReplicaProcess) -> None:
    text = lxml.html.fromstring(get(replica, "/en/analytics-and-comments/")).text_content()
    assert any(m in text for m in (" january ", " march ", " october ", " december "))
    news = lxml.html.fromstring(get(replica, "/en/news/")).text_content()
    assert any(f"{m} " in news and ", 20" in news for m in ("January", "March", "June", "October"))
    russian = lxml.html.fromstring(get(replica, "/analytics-and-comments/")).text_content()
    assert any(m in russian for m in ("января", "марта", "апреля", "мая", "июня", "октября"))


def test_expert_and_tag_pages_list_their_articles(replica: ReplicaProcess) -> None:
    expert = lxml.html.fromstring(get(replica, "/en/andrey-kortunov/"))
    assert "the-art-of-expectation-management" in " ".join(expert.xpath("//a/@href"))
    truth = [a for a in replica.index() if a["lang"] == "en" and not a["withdrawn"]]
    tagged = next(replica.truth(a["path"]) for a in truth if replica.truth(a["path"])["tags"])
    tag = tagged["tags"][0]
    page = lxml.html.fromstring(get(replica, f"/en/search/?tags={tag.replace(' ', '%20')}%2CNowhere"))
    hrefs = {site_path(h) for h in page.xpath("//a/@href")}
    assert unquote(tagged["path"]) in hrefs or any("PAGEN_1" in h for h in page.xpath("//a/@href"))


def test_links_carry_the_variants_seen_in_the_wild(replica: ReplicaProcess) -> None:
    hrefs: list[str] = []
    for path in ("/en/", "/en/?PAGEN_1=2", "/", "/?PAGEN_1=2"):
        hrefs += lxml.html.fromstring(get(replica, path)).xpath("//a/@href")
    assert any("sphrase_id=" in h for h in hrefs)
    assert any(
        h.startswith(("https://www.", "https://beta.", "https://russiancouncil.ru./", "http://"))
        for h in hrefs
    )
