"""A text rendering of served HTML (block elements start new lines), for tests and benchmarks.

It plays the part of the text renderings the site contract was written from; the extractor must never
use it (the replica shares no code with the product)."""

from __future__ import annotations

import lxml.html

BLOCK = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section", "header", "footer", "article",
    "aside", "nav", "ul", "ol", "table", "figure", "figcaption", "form", "main", "body", "dl", "dt", "dd",
}  # fmt: skip
SKIP = {"script", "style", "head", "title"}


def text_lines(html: bytes | str, encoding: str | None = None) -> list[str]:
    """Non-empty lines of the rendered text, white space collapsed."""
    if isinstance(html, bytes):
        parser = lxml.html.HTMLParser(encoding=encoding) if encoding else None
        root = lxml.html.fromstring(html, parser=parser)
    else:
        root = lxml.html.fromstring(html)
    out: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = " ".join("".join(current).split())
        if line:
            out.append(line)
        current.clear()

    def walk(node: lxml.html.HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in SKIP:
            if node.tail:
                current.append(node.tail)
            return
        block = tag in BLOCK or tag == "br"
        if block:
            flush()
        if node.text:
            current.append(node.text)
        for child in node:
            walk(child)
        if block:
            flush()
        if node.tail:
            current.append(node.tail)

    walk(root)
    flush()
    return out
