"""Listing pages: article links with the dates shown beside them, and the next page."""

from __future__ import annotations

import urllib.request
from datetime import date
from urllib.parse import urlsplit

from crawler.pages.listing import ListingPage
from crawler.replica.process import ReplicaProcess
from crawler.urls import article_id

BASE = "https://russiancouncil.ru/en/analytics-and-comments/?PAGEN_1=2"
HTML = """<html><body>
<ul class="menu"><li><a href="/en/">Home</a></li></ul>
<div class="list">
 <div class="item"><span>02 october 2015</span>
  <a href="/en/analytics-and-comments/analytics/one/">One</a></div>
 <div class="item"><a href="https://www.russiancouncil.ru/en/news/two/?sphrase_id=4">Two</a>
  <em>March 4, 2021</em></div>
 <div class="item"><time datetime="2021-03-31">31 March 2021</time>
  <h2><a href="/en/blogs/arctic/three/">Three</a></h2></div>
 <div class="item"><span>28 апреля 2014</span>
  <a href="/analytics-and-comments/comments/chetyre/">Четыре</a></div>
 <div class="item"><a href="/en/analytics-and-comments/analytics/one/">One again</a></div>
 <div class="item"><a href="/en/andrey-kortunov/">An expert</a> 1 May 2020</div>
</div>
<div class="pager"><a href="?PAGEN_1=1">1</a> <a href="?PAGEN_1=3">3</a> <a href="?PAGEN_1=3">Next</a></div>
<div class="poll">Poll conducted<br>1. Question?<br>Yes<br>2 (67%)<br>No<br>1 (33%)</div>
</body></html>"""


def test_links_with_dates() -> None:
    links = ListingPage(BASE, HTML.encode()).links()
    assert [(link.url, link.published) for link in links] == [
        ("https://russiancouncil.ru/en/analytics-and-comments/analytics/one/", date(2015, 10, 2)),
        ("https://www.russiancouncil.ru/en/news/two/?sphrase_id=4", date(2021, 3, 4)),
        ("https://russiancouncil.ru/en/blogs/arctic/three/", date(2021, 3, 31)),
        ("https://russiancouncil.ru/analytics-and-comments/comments/chetyre/", date(2014, 4, 28)),
    ]
    assert [link.published_raw for link in links] == [
        "02 october 2015",
        "March 4, 2021",
        "31 March 2021",
        "28 апреля 2014",
    ]
    assert links[0].title == "One"


def test_next_page() -> None:
    assert (
        ListingPage(BASE, HTML.encode()).next_page_url()
        == "https://russiancouncil.ru/en/analytics-and-comments/?PAGEN_1=3"
    )
    numbered = HTML.replace(">Next<", ">3<")
    assert (
        ListingPage(BASE, numbered.encode()).next_page_url()
        == "https://russiancouncil.ru/en/analytics-and-comments/?PAGEN_1=3"
    )
    last = HTML.replace("PAGEN_1=3", "PAGEN_1=1").replace(">Next<", ">1<")
    assert ListingPage(BASE, last.encode()).next_page_url() is None


def test_the_listing_carries_the_poll() -> None:
    (poll,) = ListingPage(BASE, HTML.encode()).polls()
    assert poll.question == "Question?" and [o.votes for o in poll.options] == [2, 1]


def test_replica_listing_pages(replica: ReplicaProcess) -> None:
    truth = {article_id(entry["url"]): entry["published"] for entry in replica.index()}
    for path in ("/en/analytics-and-comments/", "/en/news/", "/", "/en/blogs/"):
        url = replica.url(path)
        with urllib.request.urlopen(url) as response:
            links = ListingPage(url, response.read(), dict(response.headers)).links()
        assert links, path
        for link in links:
            assert link.published is not None, link
            site_url = "https://russiancouncil.ru" + urlsplit(link.url).path
            assert truth[article_id(site_url)] == link.published.isoformat()
