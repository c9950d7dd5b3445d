"""``classic``: a Bitrix-style div layout; the short and full versions sit in separate containers."""

from __future__ import annotations

from crawler.replica.model import PollQuestionSpec
from crawler.replica.themes.base import ArticleParts, Frame, Link, ListItem, Theme, attr, esc


class ClassicTheme(Theme):
    name = "classic"

    def document(self, frame: Frame) -> str:
        nav = "".join(f'<li><a href="{attr(link.href)}">{esc(link.label)}</a></li>' for link in frame.nav)
        crumbs = " / ".join(f'<a href="{attr(c.href)}">{esc(c.label)}</a>' for c in frame.crumbs)
        footer = "\n".join(f'<a href="{attr(f.href)}">{esc(f.label)}</a><br>' for f in frame.footer)
        return (
            f'<!DOCTYPE html>\n<html lang="{frame.lang}">\n<head>\n{frame.head}\n'
            f"<title>{esc(frame.title)} | RIAC</title>\n"
            '<link rel="stylesheet" href="/bitrix/templates/riac/styles.css">\n</head>\n<body>\n'
            '<div id="header"><div class="logo"><a href="/en/">RIAC</a></div>\n'
            f'<ul class="top-menu">{nav}</ul>\n'
            f'<form class="search-form" action="{attr(frame.search_action)}" method="get">'
            '<input type="text" name="q"><input type="submit" value="&#128269;"></form></div>\n'
            f'<div class="breadcrumbs">{crumbs}</div>\n'
            '<table class="page-table" width="100%"><tr><td class="layout-main">\n'
            f'<div id="content">\n{frame.main}\n</div>\n</td>\n'
            f'<td class="layout-side" width="300"><div id="sidebar">{frame.sidebar}</div></td></tr></table>\n'
            f'<div id="footer"><div class="footer-links">\n{footer}\n</div></div>\n</body>\n</html>\n'
        )

    def head_meta(self, canonical: str, published_iso: str | None) -> str:
        return f'<meta property="og:url" content="{attr(canonical)}">'

    def article(self, parts: ArticleParts) -> str:
        out = [f'<div class="news-detail">\n<h1 class="news-title">{esc(parts.title)}</h1>']
        line = ""
        if parts.print_label:
            line = f'<a href="javascript:window.print()" class="print-link">{esc(parts.print_label)}</a>'
        if parts.translation:
            line += (
                ' <a class="lang-switch"'
                f' href="{attr(parts.translation.href)}">{esc(parts.translation.label)}</a>'
            )
        if line:
            out.append(f'<div class="print-line">{line.strip()}</div>')
        for meta in (parts.region_line, parts.type_line):
            if meta:
                out.append(f'<div class="meta-line">{esc(meta)}</div>')
        out.append(self._rating(parts, top=True))
        out.append(
            f'<div class="share-block"><span class="share-title">{esc(parts.share_label)}</span>'
            '<a class="share-vk" href="https://vk.com/share.php"></a>'
            '<a class="share-tg" href="https://t.me/share/url"></a></div>'
        )
        if parts.authors:
            out.append('<div class="authors-list">')
            for name, position, role, href in parts.authors:
                role_class = f" author--{role}" if role else ""
                out.append(
                    f'<div class="author-item{role_class}"><div class="author-name"><a href="{attr(href)}">'
                    f'{esc(name)}</a></div>\n<p class="author-position">{esc(position)}</p></div>'
                )
            out.append("</div>")
        if parts.summary:
            if parts.glued:
                teaser = "<br>\n".join(esc(p) for p in parts.summary)
                out.append(f'<div class="news-announce">{teaser}</div>')
            else:
                out.append(
                    '<div class="news-announce">'
                    + "".join(f"<p>{esc(p)}</p>\n" for p in parts.summary)
                    + "</div>"
                )
        body = list(parts.body)
        if parts.glued and body:
            first = esc(body.pop(0)) + "<br>"
            out.append(
                f'<div class="detail-text">{first}\n' + "".join(f"<p>{esc(p)}</p>\n" for p in body) + "</div>"
            )
        else:
            out.append('<div class="detail-text">' + "".join(f"<p>{esc(p)}</p>\n" for p in body) + "</div>")
        if parts.tags:
            tags = ", ".join(f'<a href="{attr(t.href)}">{esc(t.label)}</a>' for t in parts.tags)
            out.append(f'<div class="tags-line"><span>{esc(parts.tags_label)}</span> {tags}</div>')
        out.append(self._rating(parts, top=parts.bottom_rating == "widget"))
        out.append("</div>")
        if parts.related:
            items = "".join(f'<li><a href="{attr(r.href)}">{esc(r.label)}</a></li>' for r in parts.related)
            out.append(
                '<div class="related-news">'
                f'<div class="related-title">{esc(parts.related_label)}</div><ul>{items}</ul></div>'
            )
        out.append(
            f'<div class="search-hint"><a href="{attr(parts.disallowed_link.href)}">'
            f"{esc(parts.disallowed_link.label)}</a></div>"
        )
        return "\n".join(out)

    def _rating(self, parts: ArticleParts, *, top: bool) -> str:
        inner = ""
        if top:
            inner = (
                f'<div class="rate-title">{esc(parts.rate_label)}</div>'
                '<div class="rate-stars" data-stars="5"></div>'
            )
        return (
            f'<div class="rating-block">{inner}<div class="rate-result">{esc(parts.votes_line)}</div>'
            f'<div class="rate-count">{esc(parts.count_line)}</div></div>'
        )

    def poll(
        self,
        lang: str,
        heading: str | None,
        questions: tuple[PollQuestionSpec, ...],
        percents: list[list[int]],
    ) -> str:
        out = ['<div class="vote-form">']
        if heading:
            out.append(f'<div class="vote-title">{esc(heading)}</div>')
        out.append('<ol class="vote-questions">')
        for question, pcts in zip(questions, percents, strict=True):
            out.append(
                f'<li><div class="vote-question">{esc(question.question)}</div><table class="vote-answers">'
            )
            for option, pct in zip(question.options, pcts, strict=True):
                out.append(
                    f'<tr><td class="vote-answer">{esc(option.text)}&nbsp;</td></tr>'
                    f'<tr><td class="vote-result">&nbsp; {option.votes} ({pct}%)</td></tr>'
                )
            out.append("</table></li>")
        out.append("</ol>&nbsp;</div>")
        return "\n".join(out)

    def listing(
        self, heading: str, items: tuple[ListItem, ...], pager: tuple[Link, ...], intro: str = ""
    ) -> str:
        out = [f'<h1 class="section-title">{esc(heading)}</h1>']
        if intro:
            out.append(f'<div class="section-intro">{intro}</div>')
        out.append('<div class="news-list">')
        for item in items:
            byline = f'<div class="news-authors">{esc(item.byline)}</div>' if item.byline else ""
            out.append(
                f'<div class="news-item"><span class="news-date-time">{esc(item.date)}</span>'
                f'<a class="news-link" href="{attr(item.href)}">{esc(item.title)}</a>{byline}</div>'
            )
        out.append("</div>")
        if pager:
            links = " ".join(f'<a href="{attr(p.href)}">{esc(p.label)}</a>' for p in pager)
            out.append(f'<div class="modern-page-navigation">{links}</div>')
        return "\n".join(out)
