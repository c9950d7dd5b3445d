"""Article pages in their three renderings: full (themed), body-only and AMP."""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from crawler.replica import CANONICAL_ORIGIN, strings
from crawler.replica.frame import charset_head, frame, prefix, sidebar_poll
from crawler.replica.links import varied
from crawler.replica.prose import unit
from crawler.replica.site import ArticleView, Site
from crawler.replica.themes.base import ArticleParts, Link, Theme


def crumbs_for(view: ArticleView) -> tuple[Link, ...]:
    meta, t, p = view.meta, strings.TEXT[view.meta.lang], prefix(view.meta.lang)
    if meta.section == "news":
        return (Link(t["news"], f"{p}/news/"),)
    if meta.section == "blogs":
        return (Link(t["blogs"], f"{p}/blogs/"), Link(meta.blog or "", f"{p}/blogs/{meta.blog}/"))
    return (
        Link(t["analytics-and-comments"], f"{p}/analytics-and-comments/"),
        Link(t[meta.section], f"{p}/analytics-and-comments/{meta.section}/"),
    )


def related(site: Site, view: ArticleView, day: int) -> tuple[Link, ...]:
    visible = site.visible(day)
    if len(visible) < 2:
        return ()
    start = (view.meta.index * 7) % len(visible)
    out: list[Link] = []
    for offset in range(len(visible)):
        index = visible[(start + offset) % len(visible)]
        meta = site.meta(index)
        if index != view.meta.index and meta.lang == view.meta.lang:
            target = meta.path
            if meta.amp_path and unit(site.seed, "amp-link", view.meta.path, len(out)) < 0.3:
                target = meta.amp_path  # AMP copies are reached through related teasers
            out.append(Link(site.title(index), varied(site.seed, view.meta.path, len(out), target)))
            if len(out) == 3:
                break
    return tuple(out)


def article_parts(site: Site, view: ArticleView, day: int) -> ArticleParts:
    lang = view.meta.lang
    t, p = strings.TEXT[lang], prefix(lang)
    region = f"{t['region']} {', '.join(view.meta.region)}" if view.meta.region else None
    type_line = f"{t['type']} {view.type_label}" if view.type_label else None
    return ArticleParts(
        lang=lang,
        title=view.title,
        print_label="" if site.print_missing(view.meta.index) else t["print"],
        translation=Link(t["translation"], view.translation_path) if view.translation_path else None,
        region_line=region,
        type_line=type_line,
        rate_label=t["rate"],
        votes_line=strings.votes_line(lang, view.votes, view.average),
        count_line=strings.count_line(lang, view.votes),
        share_label=t["share"],
        authors=tuple(
            (name, position, role, f"{p}/{site.people[pid].slug}/")
            for (name, position, role), pid in zip(view.authors, view.meta.author_ids, strict=True)
        ),
        summary=view.summary,
        body=view.body,
        glued=view.base.teaser_glued,
        abstract=view.base.teaser_form == "abstract",
        bottom_rating=view.base.bottom_rating,
        tags=tuple(Link(tag, f"{p}/search/?tags={quote(tag)}") for tag in view.meta.tags),
        tags_label=t["tags"],
        related=related(site, view, day),
        related_label=t["related"],
        published_iso=view.meta.published.isoformat(),
        disallowed_link=Link(t["search"], f"{p}/search/index.php?q={quote(view.title[:20])}"),
    )


def full_page(site: Site, theme: Theme, view: ArticleView, day: int) -> str:
    meta = view.meta
    canonical = CANONICAL_ORIGIN + meta.path
    head = "\n".join(
        part
        for part in (
            charset_head(meta.charset, meta.charset_declared),
            theme.head_meta(canonical, meta.published.isoformat()),
            f'<link rel="amphtml" href="{meta.amp_path}">' if meta.amp_path else "",
        )
        if part
    )
    return frame(
        theme,
        lang=meta.lang,
        title=view.title,
        head=head,
        crumbs=crumbs_for(view),
        main=theme.article(article_parts(site, view, day)),
        sidebar=sidebar_poll(site, theme, meta.lang, day, meta.path),
    )


def body_only_page(view: ArticleView) -> str:
    """No widgets, no author block, no poll: the title and paragraphs one per line."""
    meta = view.meta
    # An abstract never repeats the full text, so the site sets it apart: here in a container of its own.
    apart = view.summary if view.base.teaser_form == "abstract" else ()
    inline = () if apart else view.summary
    lead = "".join(f'<div class="lead">{escape(p, quote=False)}</div>\n' for p in apart)
    lines = "<br>\n".join(escape(p, quote=False) for p in (*inline, *view.body))
    return (
        f'<!DOCTYPE html>\n<html lang="{meta.lang}"><head>{charset_head(meta.charset, meta.charset_declared)}'
        f"<title>{escape(view.title)}</title></head>\n<body>\n<h1>{escape(view.title)}</h1>\n"
        f'{lead}<div class="text">\n{lines}\n</div>\n</body></html>\n'
    )


def amp_page(view: ArticleView) -> str:
    """AMP copy of a news item: labelled ``Short version`` / ``Full version`` parts, no widgets."""
    meta = view.meta
    t = strings.TEXT[meta.lang]
    summary = "".join(f"<p>{escape(p, quote=False)}</p>\n" for p in view.summary)
    body = "".join(f"<p>{escape(p, quote=False)}</p>\n" for p in view.body)
    short = (
        f'<h2 class="amp-label">{t["short"]}</h2>\n<div class="amp-short">\n{summary}</div>\n'
        if summary
        else ""
    )
    return (
        f'<!doctype html>\n<html amp lang="{meta.lang}">\n<head><meta charset="utf-8">'
        f'<link rel="canonical" href="{CANONICAL_ORIGIN}{meta.path}">'
        '<script async src="https://cdn.ampproject.org/v0.js"></script>'
        f"<title>{escape(view.title)}</title></head>\n<body>\n<h1>{escape(view.title)}</h1>\n"
        f'{short}<h2 class="amp-label">{t["full"]}</h2>\n<div class="amp-full">\n{body}</div>\n</body>'
        "</html>\n"
    )
