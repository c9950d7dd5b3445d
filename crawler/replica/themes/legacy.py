"""``legacy``: an old table-and-font layout with no ``<p>`` at all.

The short and full versions share ONE table cell, paragraphs separated by ``<br><br>`` (a glued
teaser by a single ``<br>``); the title is a ``<font>`` in a table cell, not a heading.
"""

from __future__ import annotations

from crawler.replica.model import PollQuestionSpec
from crawler.replica.themes.base import ArticleParts, Frame, Link, ListItem, Theme, attr, esc


class LegacyTheme(Theme):
    name = "legacy"

    def document(self, frame: Frame) -> str:
        nav = " | ".join(f'<a href="{attr(n.href)}" class="mnu">{esc(n.label)}</a>' for n in frame.nav)
        crumbs = " &raquo; ".join(f'<a href="{attr(c.href)}">{esc(c.label)}</a>' for c in frame.crumbs)
        footer = "<br>\n".join(
            f'<a href="{attr(f.href)}" class="bottom">{esc(f.label)}</a>' for f in frame.footer
        )
        return (
            '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n'
            f'<HTML lang="{frame.lang}">\n<HEAD>\n{frame.head}\n<TITLE>{esc(frame.title)}</TITLE>\n</HEAD>\n'
            '<BODY bgcolor="#ffffff" leftmargin="0" topmargin="0">\n'
            '<TABLE width="100%" border="0" cellpadding="0" cellspacing="0">\n'
            f'<TR><TD colspan="2" id="top"><font size="1">{nav}</font>\n'
            f'<FORM action="{attr(frame.search_action)}" name="srch">'
            '<INPUT name="q" size="15"></FORM></TD></TR>\n'
            f'<TR><TD colspan="2" id="path"><font size="1">{crumbs}</font></TD></TR>\n'
            f'<TR><TD valign="top" id="center">\n{frame.main}\n</TD>\n'
            f'<TD valign="top" width="240" id="right">{frame.sidebar}</TD></TR>\n'
            f'<TR><TD colspan="2" id="bottom">\n{footer}\n</TD></TR>\n</TABLE>\n</BODY>\n</HTML>\n'
        )

    def head_meta(self, canonical: str, published_iso: str | None) -> str:
        return '<META http-equiv="X-UA-Compatible" content="IE=edge">'

    def article(self, parts: ArticleParts) -> str:
        rows = [f'<TR><TD><font size="4" face="Georgia"><b>{esc(parts.title)}</b></font></TD></TR>']
        tools = []
        if parts.print_label:
            tools.append(f'<a href="?print=Y" target="_blank">{esc(parts.print_label)}</a>')
        if parts.translation:
            tools.append(f'<a href="{attr(parts.translation.href)}">{esc(parts.translation.label)}</a>')
        if tools:
            rows.append(f'<TR><TD class="tools">{"&nbsp;&nbsp;".join(tools)}</TD></TR>')
        for meta in (parts.region_line, parts.type_line):
            if meta:
                rows.append(f'<TR><TD class="small">{esc(meta)}</TD></TR>')
        rows.append(f"<TR><TD>{self._rating(parts, full=True)}</TD></TR>")
        rows.append(f'<TR><TD class="small">{esc(parts.share_label)}</TD></TR>')
        for name, position, role, href in parts.authors:
            rows.append(
                f'<TR><TD class="auth" title="{role}"><a href="{attr(href)}"><b>{esc(name)}</b></a><br>'
                f"<i>{esc(position)}</i></TD></TR>"
            )
        text = "<br><br>\n".join(_para(p) for p in parts.summary)
        body = "<br><br>\n".join(_para(p) for p in parts.body)
        if parts.abstract and text:  # an abstract in a cell of its own, above the text's
            rows.append(f'<TR><TD class="lead"><i>{text}</i></TD></TR>')
            text = body
        elif text:
            text += ("<br>\n" if parts.glued else "<br><br>\n") + body
        else:
            text = body
        rows.append(f'<TR><TD class="txt">\n{text}\n</TD></TR>')
        if parts.tags:
            tags = ", ".join(f'<a href="{attr(t.href)}">{esc(t.label)}</a>' for t in parts.tags)
            rows.append(f'<TR><TD class="small">{esc(parts.tags_label)} {tags}</TD></TR>')
        rows.append(f"<TR><TD>{self._rating(parts, full=parts.bottom_rating == 'widget')}</TD></TR>")
        if parts.related:
            links = "<br>".join(f'<a href="{attr(r.href)}">{esc(r.label)}</a>' for r in parts.related)
            rows.append(f'<TR><TD class="rel"><b>{esc(parts.related_label)}</b><br>{links}</TD></TR>')
        rows.append(
            f'<TR><TD class="small"><a href="{attr(parts.disallowed_link.href)}">'
            f"{esc(parts.disallowed_link.label)}</a></TD></TR>"
        )
        return '<TABLE width="100%" cellpadding="4" class="art">\n' + "\n".join(rows) + "\n</TABLE>"

    def _rating(self, parts: ArticleParts, *, full: bool) -> str:
        head = f"{esc(parts.rate_label)}<br>" if full else ""
        return f'<font size="1">{head}{esc(parts.votes_line)}<br>{_para(parts.count_line)}</font>'

    def poll(
        self,
        lang: str,
        heading: str | None,
        questions: tuple[PollQuestionSpec, ...],
        percents: list[list[int]],
    ) -> str:
        out = ['<TABLE class="vote" width="100%">']
        if heading:
            out.append(f"<TR><TD><b>{esc(heading)}</b></TD></TR>")
        for number, (question, pcts) in enumerate(zip(questions, percents, strict=True), start=1):
            out.append(f"<TR><TD><b>{number}.</b> {esc(question.question)}</TD></TR>")
            for option, pct in zip(question.options, pcts, strict=True):
                out.append(f"<TR><TD>{esc(option.text)}&nbsp;<br>&nbsp; {option.votes} ({pct}%)</TD></TR>")
        out.append("</TABLE>")
        return "\n".join(out)

    def listing(
        self, heading: str, items: tuple[ListItem, ...], pager: tuple[Link, ...], intro: str = ""
    ) -> str:
        out = [f'<font size="4"><b>{esc(heading)}</b></font><br>']
        if intro:
            out.append(f"{intro}<br>")
        out.append('<TABLE class="lst">')
        for item in items:
            by = f"<br><i>{esc(item.byline)}</i>" if item.byline else ""
            out.append(
                f'<TR><TD class="dt" nowrap>{esc(item.date)}</TD>'
                f'<TD><a href="{attr(item.href)}">{esc(item.title)}</a>{by}</TD></TR>'
            )
        out.append("</TABLE>")
        if pager:
            out.append(
                "<font>" + " ".join(f'<a href="{attr(p.href)}">{esc(p.label)}</a>' for p in pager) + "</font>"
            )
        return "\n".join(out)


def _para(text: str) -> str:
    return esc(text).replace("\xa0", "&#160;")
