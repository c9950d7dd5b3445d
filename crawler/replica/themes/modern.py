"""``modern``: semantic HTML5 with BEM classes; short and full versions interleaved in ONE container."""

from __future__ import annotations

from crawler.replica.model import PollQuestionSpec
from crawler.replica.themes.base import ArticleParts, Frame, Link, ListItem, Theme, attr, esc


class ModernTheme(Theme):
    name = "modern"

    def document(self, frame: Frame) -> str:
        nav = "".join(
            f'<a class="site-nav__link" href="{attr(n.href)}">{esc(n.label)}</a>' for n in frame.nav
        )
        crumbs = "".join(
            f'<li class="crumbs__item"><a href="{attr(c.href)}">{esc(c.label)}</a></li>' for c in frame.crumbs
        )
        footer = "".join(
            f'<li class="site-footer__item"><a href="{attr(f.href)}">{esc(f.label)}</a></li>'
            for f in frame.footer
        )
        return (
            f'<!doctype html>\n<html lang="{frame.lang}" class="no-js">\n<head>\n{frame.head}\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(frame.title)} — Russian International Affairs Council</title>\n"
            '<script src="/local/assets/app.js" defer></script>\n</head>\n<body class="page">\n'
            f'<header class="site-header"><nav class="site-nav" aria-label="main">{nav}</nav>'
            f'<form class="site-search" role="search" action="{attr(frame.search_action)}">'
            '<input class="site-search__input" type="search" name="q" aria-label="search"></form></header>\n'
            f'<nav class="crumbs" aria-label="breadcrumb"><ol class="crumbs__list">{crumbs}</ol></nav>\n'
            f'<main class="layout">\n<div class="layout__main">\n{frame.main}\n</div>\n'
            f'<aside class="layout__aside">{frame.sidebar}</aside>\n</main>\n'
            f'<footer class="site-footer"><ul class="site-footer__list">{footer}</ul>'
            "</footer>\n</body>\n</html>\n"
        )

    def head_meta(self, canonical: str, published_iso: str | None) -> str:
        out = f'<link rel="canonical" href="{attr(canonical)}">'
        if published_iso:
            out += f'\n<meta name="article:published_time" content="{attr(published_iso)}">'
        return out

    def article(self, parts: ArticleParts) -> str:
        out = ['<article class="c-article" itemscope>', '<header class="c-article__head">']
        out.append(f'<h1 class="c-article__title" itemprop="headline">{esc(parts.title)}</h1>')
        tools = ""
        if parts.print_label:
            tools = f'<button class="c-tools__print" type="button">{esc(parts.print_label)}</button>'
        if parts.translation:
            tools += (
                f' <a class="c-tools__lang" rel="alternate" hreflang="{"ru" if parts.lang == "en" else "en"}"'
                f' href="{attr(parts.translation.href)}">{esc(parts.translation.label)}</a>'
            )
        if tools:
            out.append(f'<p class="c-tools">{tools.strip()}</p>')
        for meta in (parts.region_line, parts.type_line):
            if meta:
                label, _, value = meta.partition(" ")
                out.append(
                    '<p class="c-fact">'
                    f'<span class="c-fact__label">{esc(label)}</span> <b>{esc(value)}</b></p>'
                )
        if parts.tags:
            tags = ", ".join(f'<a class="c-tag" href="{attr(t.href)}">{esc(t.label)}</a>' for t in parts.tags)
            out.append(
                '<p class="c-fact c-fact--tags">'
                f'<span class="c-fact__label">{esc(parts.tags_label)}</span> {tags}</p>'
            )
        out.append(self._rating(parts, full=True))
        out.append(
            f'<section class="c-share"><h2 class="c-share__title">{esc(parts.share_label)}</h2></section>'
        )
        if parts.authors:
            out.append('<section class="c-people">')
            for name, position, role, href in parts.authors:
                data_role = f' data-role="{role}"' if role else ""
                out.append(
                    f'<figure class="c-person"{data_role}><figcaption><h3 class="c-person__name">'
                    f'<a href="{attr(href)}">{esc(name)}</a></h3>'
                    f'<div class="c-person__position">{esc(position)}</div></figcaption></figure>'
                )
            out.append("</section>")
        out.append("</header>")
        paragraphs = [f"<p>{_nbsp(p)}</p>" for p in parts.summary]
        body = [f"<p>{_nbsp(p)}</p>" for p in parts.body]
        if parts.glued and paragraphs and body:
            paragraphs[-1] = f"<p>{_nbsp(parts.summary[-1])}<br>{_nbsp(parts.body[0])}</p>"
            body = body[1:]
        if parts.abstract:  # an abstract in its own container, beside the text's
            out.append('<div class="c-article__abstract">\n' + "\n".join(paragraphs) + "\n</div>")
            paragraphs = []
        out.append(
            '<div class="c-article__text" itemprop="articleBody">\n'
            + "\n".join(paragraphs + body)
            + "\n</div>"
        )
        out.append(
            '<footer class="c-article__foot">' + self._rating(parts, full=parts.bottom_rating == "widget")
        )
        if parts.related:
            cards = "".join(
                f'<li class="c-related__card"><a href="{attr(r.href)}"><span>{esc(r.label)}</span></a></li>'
                for r in parts.related
            )
            out.append(f'<nav class="c-related"><h2>{esc(parts.related_label)}</h2><ul>{cards}</ul></nav>')
        out.append(
            '<a class="c-more"'
            f' href="{attr(parts.disallowed_link.href)}">{esc(parts.disallowed_link.label)}</a>'
        )
        out.append("</footer></article>")
        return "\n".join(out)

    def _rating(self, parts: ArticleParts, *, full: bool) -> str:
        head = f'<h2 class="c-rating__label">{esc(parts.rate_label)}</h2>' if full else ""
        return (
            f'<section class="c-rating">{head}<p class="c-rating__score">{esc(parts.votes_line)}</p>'
            f'<p class="c-rating__votes">{_nbsp(parts.count_line)}</p></section>'
        )

    def poll(
        self,
        lang: str,
        heading: str | None,
        questions: tuple[PollQuestionSpec, ...],
        percents: list[list[int]],
    ) -> str:
        out = ['<section class="c-poll">']
        if heading:
            out.append(f'<h2 class="c-poll__heading">{esc(heading)}</h2>')
        for number, (question, pcts) in enumerate(zip(questions, percents, strict=True), start=1):
            out.append(
                '<div class="c-poll__question">'
                f'<h3>{number}. {esc(question.question)}</h3><ul class="c-poll__options">'
            )
            for option, pct in zip(question.options, pcts, strict=True):
                out.append(
                    '<li class="c-poll__option">'
                    f'<span class="c-poll__text">{esc(option.text)}&#160;</span><br>'
                    f'<span class="c-poll__result">&#160; {option.votes} ({pct}%)</span></li>'
                )
            out.append("</ul></div>")
        out.append("</section>")
        return "\n".join(out)

    def listing(
        self, heading: str, items: tuple[ListItem, ...], pager: tuple[Link, ...], intro: str = ""
    ) -> str:
        out = [f'<section class="c-feed"><h1 class="c-feed__title">{esc(heading)}</h1>']
        if intro:
            out.append(f'<div class="c-feed__intro">{intro}</div>')
        out.append('<ul class="c-feed__list">')
        for item in items:
            byline = f'<p class="c-card__by">{esc(item.byline)}</p>' if item.byline else ""
            out.append(
                '<li class="c-card">'
                f'<time class="c-card__date" datetime="{item.iso_date}">{esc(item.date)}</time>'
                '<h2 class="c-card__title">'
                f'<a href="{attr(item.href)}">{esc(item.title)}</a></h2>{byline}</li>'
            )
        out.append("</ul>")
        if pager:
            links = "".join(
                f'<li><a class="c-pager__link" href="{attr(p.href)}">{esc(p.label)}</a></li>' for p in pager
            )
            out.append(f'<nav class="c-pager"><ul>{links}</ul></nav>')
        out.append("</section>")
        return "\n".join(out)


def _nbsp(text: str) -> str:
    """Modern writes no-break spaces as entities (the classic theme keeps the raw character)."""
    return esc(text).replace("\xa0", "&nbsp;")
