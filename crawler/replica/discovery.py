"""robots.txt, the sitemap index with its child sitemaps, and the RSS feeds."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from email.utils import format_datetime
from html import escape

from crawler.replica import CANONICAL_ORIGIN, clock
from crawler.replica.site import Site

SITEMAP_CHUNK = 1000
SECTIONS = ("analytics", "comments", "interview", "news", "blogs")
FEEDS = {
    "/en/rss/": ("en", SECTIONS, "RIAC: all publications"),
    "/en/rss/analytics-and-comments/": (
        "en",
        ("analytics", "comments", "interview"),
        "RIAC: Analytics and Comments",
    ),
    "/rss/": ("ru", SECTIONS, "РСМД: все публикации"),
    "/rss/analytics-and-comments/": (
        "ru",
        ("analytics", "comments", "interview"),
        "РСМД: аналитика и комментарии",
    ),
}
FEED_SIZE = 50
MSK = timezone(timedelta(hours=3))


def robots_txt(crawl_delay: float) -> str:
    return (
        "User-agent: *\n"
        f"Crawl-delay: {crawl_delay:g}\n"
        "Disallow: /bitrix/\n"
        "Disallow: /search/index.php\n"
        "Disallow: /en/search/index.php\n"
        "Disallow: /personal/\n"
        "\n"
        f"Sitemap: {CANONICAL_ORIGIN}/sitemap.xml\n"
    )


def lastmod(site: Site, index: int, day: int) -> date:
    meta = site.meta(index)
    if meta.edited_on_day is not None and day >= meta.edited_on_day:
        return max(meta.published, clock.date_of_day(meta.edited_on_day))
    return meta.published


def _groups(site: Site, day: int) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {}
    for index in site.visible(day):
        meta = site.meta(index)
        groups.setdefault(f"{meta.lang}-{meta.section}", []).append(index)
    out: dict[str, list[int]] = {}
    for key in sorted(groups):
        members = groups[key]
        for n in range(0, len(members), SITEMAP_CHUNK):
            out[f"/sitemap-{key}-{n // SITEMAP_CHUNK + 1}.xml"] = members[n : n + SITEMAP_CHUNK]
    return out


def sitemap_index(site: Site, day: int) -> str:
    rows = []
    for path, members in _groups(site, day).items():
        newest = max(lastmod(site, i, day) for i in members)
        rows.append(
            f"<sitemap><loc>{CANONICAL_ORIGIN}{path}</loc><lastmod>{newest.isoformat()}</lastmod></sitemap>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(rows)
        + "\n</sitemapindex>\n"
    )


def child_sitemap(site: Site, day: int, path: str) -> str | None:
    members = _groups(site, day).get(path)
    if members is None:
        return None
    rows = [
        f"<url><loc>{escape(CANONICAL_ORIGIN + site.meta(i).path)}</loc>"
        f"<lastmod>{lastmod(site, i, day).isoformat()}</lastmod></url>"
        for i in members
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(rows) + "\n</urlset>\n"
    )


def rss(site: Site, day: int, path: str) -> str | None:
    spec = FEEDS.get(path)
    if spec is None:
        return None
    lang, sections, title = spec
    items = []
    for index in site.visible(day):
        meta = site.meta(index)
        if meta.lang == lang and meta.section in sections:
            link = escape(CANONICAL_ORIGIN + meta.path)
            when = format_datetime(datetime.combine(meta.published, time(10, 0), MSK))
            items.append(
                f"<item><title>{escape(site.title(index))}</title><link>{link}</link>"
                f'<guid isPermaLink="true">{link}</guid><pubDate>{when}</pubDate></item>'
            )
            if len(items) == FEED_SIZE:
                break
    home = CANONICAL_ORIGIN + ("/en/" if lang == "en" else "/")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>{home}</link><description>{escape(title)}</description>"
        f"<language>{lang}</language>\n" + "\n".join(items) + "\n</channel></rss>\n"
    )
