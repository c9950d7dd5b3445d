"""Plausible markups for a text rendering of a page: the extractor must not depend on any of them."""

from __future__ import annotations

import re
from html import escape

HEAD = '<html><head><meta charset="utf-8"><title>{title}</title>{extra}</head><body>{body}</body></html>'


def _doc(body: str, title: str = "Page", extra: str = "") -> str:
    return HEAD.format(title=escape(title), extra=extra, body=body)


def chunks(text: str) -> list[str]:
    """Blank-line separated blocks, inner newlines kept."""
    return [c for c in re.split(r"\n\s*\n", text) if c.strip()]


def p_per_line(text: str, **kw: str) -> str:
    return _doc("\n".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip()), **kw)


def p_per_chunk(text: str, **kw: str) -> str:
    """One <p> per blank-line separated block; the block's own newlines stay raw white space."""
    return _doc("\n".join(f"<p>{escape(c)}</p>" for c in chunks(text)), **kw)


def div_br(text: str, **kw: str) -> str:
    return _doc("<div>" + "<br>\n".join(escape(line) for line in text.splitlines()) + "</div>", **kw)


def pre_block(text: str, **kw: str) -> str:
    return _doc(f"<pre>{escape(text)}</pre>", **kw)


def body_only(text: str, **kw: str) -> str:
    """The text straight in <body>, lines separated by <br>, no wrapper element."""
    return _doc("<br>\n".join(escape(line) for line in text.splitlines()), **kw)


def with_chrome(text: str, **kw: str) -> str:
    """p per line inside an article, with a menu, breadcrumbs, a sidebar and a footer around it."""
    nav = '<nav><ul><li><a href="/en/">Home</a></li><li><a href="/en/a/">Analytics</a></li></ul></nav>'
    crumbs = '<div class="breadcrumbs"><a href="/en/">Home</a> / <a href="/en/a/">Analytics</a></div>'
    article = "\n".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
    side = '<aside><h3>Most read</h3><ul><li><a href="/en/x/">Something else entirely</a></li></ul></aside>'
    return _doc(f"<header>{nav}</header>{crumbs}<main><article>{article}</article>{side}</main>", **kw)


def list_items(text: str, **kw: str) -> str:
    return _doc("<ul>" + "".join(f"<li>{escape(line)}</li>" for line in _lines(text)) + "</ul>", **kw)


def table_rows(text: str, **kw: str) -> str:
    return _doc(
        "<table>" + "".join(f"<tr><td>{escape(line)}</td></tr>" for line in _lines(text)) + "</table>", **kw
    )


def spans_in_one_p(text: str, **kw: str) -> str:
    return _doc("<p>" + "<br>".join(f"<span>{escape(line)}</span>" for line in _lines(text)) + "</p>", **kw)


def one_p_raw(text: str, **kw: str) -> str:
    """The whole rendering in one <p>, newlines left as raw white space."""
    return _doc(f"<p>{escape(text)}</p>", **kw)


def nested_divs(text: str, **kw: str) -> str:
    return _doc("".join(f"<div><div><span>{escape(line)}</span></div></div>" for line in _lines(text)), **kw)


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


MARKUPS = {
    "p-per-line": p_per_line,
    "p-per-chunk": p_per_chunk,
    "div-br": div_br,
    "pre": pre_block,
    "body-text": body_only,
    "chrome": with_chrome,
    "ul-li": list_items,
    "table": table_rows,
    "spans-br": spans_in_one_p,
    "one-p-raw": one_p_raw,
    "nested-divs": nested_divs,
}
