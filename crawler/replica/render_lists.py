"""Listing-like pages: section listings, home, blogs, experts, tag search; all paginated by ``PAGEN_1``."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from crawler.replica import banks, strings
from crawler.replica.frame import frame, prefix, sidebar_poll
from crawler.replica.links import varied
from crawler.replica.model import Person
from crawler.replica.site import Site
from crawler.replica.themes.base import Link, ListItem, Theme, esc

PAGE_SIZE = 20
AC_SECTIONS = ("analytics", "comments", "interview")


@dataclass(frozen=True, slots=True)
class Listing:
    """What a listing URL shows: a filter over the visible articles and how dates are written."""

    lang: str
    heading: str
    sections: tuple[str, ...]
    blog: str | None = None
    person: int | None = None
    tags: tuple[str, ...] = ()
    date_style: str = "dmy"
    crumbs: tuple[Link, ...] = ()
    intro: str = ""


def listing_for(site: Site, path: str, query: dict[str, str]) -> Listing | None:
    """The listing a path names, or None."""
    lang = "en" if path == "/en/" or path.startswith("/en/") else "ru"
    p = prefix(lang)
    rest = path[len(p) :] if lang == "en" else path
    t = strings.TEXT[lang]
    all_sections = ("analytics", "comments", "interview", "news", "blogs")
    if rest == "/":
        return Listing(lang, t["all"], all_sections, date_style="dmy")
    if rest == "/analytics-and-comments/":
        return Listing(lang, t["analytics-and-comments"], AC_SECTIONS, date_style="lower")
    for section in AC_SECTIONS:
        if rest == f"/analytics-and-comments/{section}/":
            crumbs = (Link(t["analytics-and-comments"], f"{p}/analytics-and-comments/"),)
            return Listing(lang, t[section], (section,), date_style="lower", crumbs=crumbs)
    if rest == "/news/":
        return Listing(lang, t["news"], ("news",), date_style="us")
    if rest == "/blogs/":
        intro = " ".join(
            f'<a href="{p}/blogs/{slug}/">{esc(en if lang == "en" else ru)}</a>'
            for slug, en, ru in banks.BLOGS
        )
        return Listing(lang, t["blogs"], ("blogs",), date_style="us", intro=intro)
    for slug, en, ru in banks.BLOGS:
        if rest == f"/blogs/{slug}/":
            crumbs = (Link(t["blogs"], f"{p}/blogs/"),)
            return Listing(
                lang, en if lang == "en" else ru, ("blogs",), blog=slug, date_style="us", crumbs=crumbs
            )
    if rest == "/search/" and query.get("tags"):
        tags = tuple(tag.strip() for tag in query["tags"].split(",") if tag.strip())
        return Listing(lang, f"{t['tags']} {', '.join(tags)}", all_sections, tags=tags, date_style="dmy")
    slug = rest.strip("/")
    person = site.people_by_slug.get(slug) if "/" not in slug else None
    if person is not None:
        crumbs = (Link(t["experts"], f"{p}/experts/"),)
        return Listing(
            lang, person.name(lang), all_sections, person=person.index, date_style="dmy", crumbs=crumbs
        )
    return None


def items_of(site: Site, listing: Listing, day: int) -> list[int]:
    key = (listing, day)
    cached = site.memo.get(key)
    if cached is None:
        if len(site.memo) > 512:
            site.memo.clear()
        cached = site.memo[key] = _filter(site, listing, day)
    return cached  # type: ignore[return-value]


def _filter(site: Site, listing: Listing, day: int) -> list[int]:
    out = []
    for index in site.visible(day):
        meta = site.meta(index)
        if meta.lang != listing.lang or meta.section not in listing.sections:
            continue
        if listing.blog is not None and meta.blog != listing.blog:
            continue
        if listing.person is not None and listing.person not in meta.author_ids:
            continue
        if listing.tags and not set(listing.tags) & set(meta.tags):
            continue
        out.append(index)
    return out


def render_listing(
    site: Site,
    theme: Theme,
    listing: Listing,
    path: str,
    query: dict[str, str],
    page: int,
    day: int,
    extra: tuple[ListItem, ...] = (),
) -> str | None:
    indices = items_of(site, listing, day)
    pages = max(1, -(-len(indices) // PAGE_SIZE))
    if page < 1 or page > pages:
        return None
    chunk = indices[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    page_key = f"{path}?{page}"
    items = tuple(_item(site, listing, index, page_key, n) for n, index in enumerate(chunk))
    if page == 1:
        items = extra + items
    base = path + ("?tags=" + quote(query["tags"], safe=",") + "&" if listing.tags else "?")
    pager: list[Link] = []
    for n in range(max(1, page - 2), min(pages, page + 2) + 1):
        if n != page:
            pager.append(Link(str(n), f"{base}PAGEN_1={n}"))
    if page < pages:
        pager.append(Link(strings.TEXT[listing.lang]["next"], f"{base}PAGEN_1={page + 1}"))
    intro = listing.intro
    if listing.person is not None:
        intro = _profile(site.people[listing.person], listing.lang, day) + intro
    main = theme.listing(listing.heading, items, tuple(pager), intro)
    return frame(
        theme,
        lang=listing.lang,
        title=listing.heading,
        head='<meta charset="utf-8">',
        crumbs=listing.crumbs,
        main=main,
        sidebar=sidebar_poll(site, theme, listing.lang, day, path),
    )


def _item(site: Site, listing: Listing, index: int, page_key: str, position: int) -> ListItem:
    meta = site.meta(index)
    names = ", ".join(site.people[a].name(meta.lang) for a in meta.author_ids)
    return ListItem(
        title=site.title(index),
        href=varied(site.seed, page_key, position, meta.path),
        date=strings.listing_date(meta.lang, listing.date_style, meta.published),
        iso_date=meta.published.isoformat(),
        byline=names,
    )


def _profile(person: Person, lang: str, day: int) -> str:
    return (
        f'<div class="expert-profile"><div class="expert-name">{esc(person.name(lang))}</div>'
        f'<div class="expert-position">{esc(person.position(lang, day))}</div></div>'
    )


def experts_page(site: Site, theme: Theme, lang: str, day: int) -> str:
    p, t = prefix(lang), strings.TEXT[lang]
    items = tuple(
        ListItem(person.name(lang), f"{p}/{person.slug}/", person.position(lang, day), "", "")
        for person in site.people
    )
    return frame(
        theme,
        lang=lang,
        title=t["experts"],
        head='<meta charset="utf-8">',
        crumbs=(),
        main=theme.listing(t["experts"], items, ()),
        sidebar=sidebar_poll(site, theme, lang, day, f"{p}/experts/"),
    )


def simple_page(site: Site, theme: Theme, lang: str, day: int, heading: str, text: str, path: str) -> str:
    return frame(
        theme,
        lang=lang,
        title=heading,
        head='<meta charset="utf-8">',
        crumbs=(),
        main=f"<h1>{esc(heading)}</h1>\n<p>{esc(text)}</p>",
        sidebar=sidebar_poll(site, theme, lang, day, path),
    )
