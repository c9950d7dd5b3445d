"""An HTML tree as the text lines a reader sees, each with a little of its markup context.

The site's real markup is unknown, so extraction works on the text-level structure of the page
(see the site contract): this module turns any markup into that line sequence. Block elements and
``<br>`` break lines; ``<pre>`` (and ``white-space: pre*`` styles) keep their newlines; a blank line
inside a text node always breaks; a single newline breaks only where the block holds a widget or
poll or author-name line, and wherever the lines do not look like one hard-wrapped paragraph (see
``crawler.pages.wrapping.wrapped_prose``): a text rendering pasted into one element keeps its lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from crawler.pages.controls import control_boxes
from crawler.pages.normalise import collapse_ws
from crawler.pages.wrapping import wrapped_prose

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "caption",
        "option",
        "select",
        "textarea",
    ]
)
SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "head",
        "iframe",
        "object",
        "embed",
        "canvas",
        "math",
        "select",
    ]
)
EMPHASIS_TAGS = frozenset(["b", "strong", "em", "i"])
FIGURE_CONTENT_TAGS = frozenset(["blockquote", "table", "pre"])  # text a figure shows, not its caption
SEPARATE_INLINE_TAGS = frozenset(["a", "button"])  # separate words even when written with no space between
CHROME_TAGS = frozenset({"nav", "aside"})
CHROME_TOKENS = frozenset(
    [
        "nav",
        "navbar",
        "navigation",
        "menu",
        "topmenu",
        "top-menu",
        "breadcrumb",
        "breadcrumbs",
        "crumbs",
        "sidebar",
        "aside",
        "share",
        "social",
        "related",
        "cookie",
        "cookies",
        "banner",
        "advert",
        "advertisement",
        "ads",
        "subscribe",
    ]
)
_TOKEN_SPLIT = re.compile(r"[\s_]+|--|__")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_PRE_STYLE = re.compile(r"white-space\s*:\s*pre", re.I)
_SOFT = "\x00"  # a single newline inside a text node: a break only in some blocks
_HARD = "\x01"


@dataclass(slots=True)
class Line:
    """One visible line of the page."""

    text: str  # white space collapsed
    tag: str  # tag of the block element that holds the line
    block: int  # id of that block element
    parent: int  # id of the block's parent block: lines sharing it sit in one container
    chrome: bool  # inside navigation, sidebar, share or related-article markup
    link_only: bool  # all of the text is link text
    href: str | None  # first link in the line
    emphasis: bool  # the whole line is bold or italic
    classes: str  # class attribute of the block element
    link_share: float = 0.0  # share of the visible characters that are link text
    ancestors: tuple[int, ...] = ()  # ids of the enclosing block elements, outermost first
    in_control_box: bool = False  # inside a small element holding a form control (a sign-up box)
    hidden: bool = False  # inside an element hidden until the reader acts (a closed tab or panel)
    caption: bool = False  # a figure's caption or credit (inside <figcaption>, or <figure> outside a quote)
    button_only: bool = False  # all of the text is a button's label ("Collapse", "Subscribe")


@dataclass(slots=True)
class _Buffer:
    pieces: list[str]
    chars: int = 0
    link_chars: int = 0
    emphasis_chars: int = 0
    button_chars: int = 0
    href: str | None = None


class _Walker:
    def __init__(
        self, is_structural: Callable[[str], bool] | None, control_boxes: set[etree._Element] | None = None
    ) -> None:
        self.lines: list[Line] = []
        self.control_boxes = control_boxes or set()
        self.control_depth = 0
        self.hidden_depth = 0
        self.figure_depth = 0  # open <figure> elements; a quote, table or listing inside one resets
        self.caption_depth = 0
        self.is_structural = is_structural
        self.buffer = _Buffer([])
        self.block_stack: list[tuple[int, str, str, bool, bool]] = []  # id, tag, classes, chrome, pre
        self.paths: list[tuple[int, ...]] = []  # per open block, the ids down to it (shared by its lines)
        self.next_id = 0
        self.link_depth = 0
        self.emphasis_depth = 0
        self.button_depth = 0

    # ----- text accumulation -------------------------------------------------------------------
    def add_text(self, text: str | None) -> None:
        if not text:
            return
        if "\n" in text:
            if self.block_stack and self.block_stack[-1][4]:  # <pre>
                text = text.replace("\r\n", "\n").replace("\n", _HARD)
            else:
                text = _BLANK_LINE.sub(_HARD, text).replace("\n", _SOFT)
        self.buffer.pieces.append(text)
        visible = len(text.strip())
        self.buffer.chars += visible
        if self.link_depth:
            self.buffer.link_chars += visible
        if self.emphasis_depth:
            self.buffer.emphasis_chars += visible
        if self.button_depth:
            self.buffer.button_chars += visible

    def flush(self) -> None:
        buffer = self.buffer
        if not buffer.pieces:
            return
        self.buffer = _Buffer([])
        raw = "".join(buffer.pieces)
        if not raw.strip(" \t\r\n\f\v\u00a0" + _SOFT + _HARD):
            return
        if self.block_stack:
            block, tag, classes, chrome, _ = self.block_stack[-1]
            parent = self.block_stack[-2][0] if len(self.block_stack) > 1 else -1
        else:
            block, tag, classes, chrome, parent = -1, "", "", False, -1
        link_only = buffer.chars > 0 and buffer.link_chars >= buffer.chars
        emphasis = buffer.chars > 0 and buffer.emphasis_chars >= buffer.chars
        link_share = buffer.link_chars / buffer.chars if buffer.chars else 0.0
        ancestors = self.paths[-1] if self.paths else ()
        for chunk in raw.split(_HARD):
            for text in self._soft_split(chunk):
                self.lines.append(
                    Line(
                        text,
                        tag,
                        block,
                        parent,
                        chrome,
                        link_only,
                        buffer.href,
                        emphasis,
                        classes,
                        link_share,
                        ancestors,
                        self.control_depth > 0,
                        self.hidden_depth > 0,
                        self.caption_depth > 0 or self.figure_depth > 0,
                        buffer.chars > 0 and buffer.button_chars >= buffer.chars,
                    )
                )

    def _soft_split(self, chunk: str) -> list[str]:
        if _SOFT not in chunk:
            text = collapse_ws(chunk)
            return [text] if text else []
        segments = [collapse_ws(s) for s in chunk.split(_SOFT)]
        segments = [s for s in segments if s]
        if len(segments) < 2:
            return segments
        if self.is_structural is not None and any(self.is_structural(s) for s in segments):
            return segments
        if wrapped_prose(segments):
            return [" ".join(segments)]
        return segments

    # ----- tree walk ---------------------------------------------------------------------------
    def walk(self, element: etree._Element) -> None:
        tag = element.tag
        if not isinstance(tag, str):  # comments, processing instructions
            self.add_text(element.tail)
            return
        tag = tag.lower().rsplit("}", 1)[-1]
        if tag in SKIP_TAGS:
            self.add_text(element.tail)
            return
        if tag == "br":
            self.flush()
            self.add_text(element.tail)
            return
        is_block = tag in BLOCK_TAGS
        is_control_box = element in self.control_boxes
        if is_control_box:
            self.flush()
            self.control_depth += 1
        is_hidden = _is_hidden(element)
        if is_hidden:
            self.flush()
            self.hidden_depth += 1
        if is_block:
            self.flush()
            classes = element.get("class") or ""
            chrome = self._is_chrome(tag, element, classes)
            pre = tag in ("pre", "textarea", "plaintext", "listing", "xmp") or bool(
                _PRE_STYLE.search(element.get("style") or "")
            )
            self.block_stack.append((self.next_id, tag, classes, chrome, pre))
            self.paths.append((*(self.paths[-1] if self.paths else ()), self.next_id))
            self.next_id += 1
        saved_figure = self.figure_depth
        if tag == "figure":
            self.figure_depth += 1
        elif tag in FIGURE_CONTENT_TAGS:
            self.figure_depth = 0
        if tag == "figcaption":
            self.caption_depth += 1
        if not is_block and _glued_to_other_kind(element) and _element_only_container(element.getparent()):
            self.flush()  # "<div><a>Name</a><span>Position</span></div>": elements laid out as lines
        elif tag in SEPARATE_INLINE_TAGS and _glued_to_previous_element(element):
            self.add_text(" ")  # "<a>Print</a><a>Read in English</a>": two links, not one word
        is_link = tag == "a"
        is_emphasis = tag in EMPHASIS_TAGS
        if is_link:
            self.link_depth += 1
            if self.buffer.href is None:
                self.buffer.href = element.get("href")
        if is_emphasis:
            self.emphasis_depth += 1
        if tag == "button":
            self.button_depth += 1
        self.add_text(element.text)
        for child in element:
            self.walk(child)
        if is_link:
            self.link_depth -= 1
        if is_emphasis:
            self.emphasis_depth -= 1
        if tag == "button":
            self.button_depth -= 1
        if is_block:
            self.flush()
            self.block_stack.pop()
            self.paths.pop()
        self.figure_depth = saved_figure
        if tag == "figcaption":
            self.caption_depth -= 1
        if is_control_box:
            self.flush()
            self.control_depth -= 1
        if is_hidden:
            self.flush()
            self.hidden_depth -= 1
        self.add_text(element.tail)

    def _is_chrome(self, tag: str, element: etree._Element, classes: str) -> bool:
        if self.block_stack and self.block_stack[-1][3]:
            return True
        if tag in CHROME_TAGS:
            return True
        ident = element.get("id")
        if not classes and not ident:
            return False
        return _chrome_names(f"{classes} {ident or ''}")


def _glued_to_previous_element(element: etree._Element) -> bool:
    """The element follows a sibling element with no text between them (buttons, links in a row)."""
    previous = element.getprevious()
    while previous is not None and not isinstance(previous.tag, str):  # a comment between them
        if (previous.tail or "").strip():
            return False
        previous = previous.getprevious()
    return previous is not None and not previous.tail


TEXT_BLOCK_TAGS = frozenset(
    {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "pre", "td", "th", "blockquote", "figcaption"}
)


def _glued_to_other_kind(element: etree._Element) -> bool:
    """Right after a sibling of another tag, nothing between them (a name link, then a position span);
    a row of like elements (links, stars) is one line of them."""
    previous = element.getprevious()
    return (
        _glued_to_previous_element(element)
        and previous is not None
        and isinstance(previous.tag, str)
        and previous.tag != element.tag
    )


def _element_only_container(parent: etree._Element | None) -> bool:
    """A layout block (not a paragraph, heading or cell) whose text is all in child elements written
    with nothing between them: a card's name and position, a row of buttons. Its children are read
    as separate lines, as a style sheet lays them out; inside a paragraph they stay one line."""
    if parent is None or not isinstance(parent.tag, str):
        return False
    if parent.tag.lower() not in BLOCK_TAGS or parent.tag.lower() in TEXT_BLOCK_TAGS:
        return False
    if (parent.text or "").strip():
        return False
    return all(not (child.tail or "").strip() for child in parent)


def _is_hidden(element: etree._Element) -> bool:
    """Hidden in the markup: the ``hidden`` attribute, ``aria-hidden="true"``, ``display: none`` or
    ``visibility: hidden`` inline. A hint only: hidden text is still read (a closed tab)."""
    if element.get("hidden") is not None or (element.get("aria-hidden") or "").lower() == "true":
        return True
    style = element.get("style")
    return bool(style) and bool(_HIDDEN_STYLE.search(style))


@lru_cache(maxsize=4096)
def _chrome_names(names: str) -> bool:
    tokens = set()
    for word in names.lower().split():
        tokens.add(word)
        tokens.update(t for t in _TOKEN_SPLIT.split(word) if t)
        tokens.update(t for t in word.split("-") if t)
    return bool(tokens & CHROME_TOKENS)


def page_lines(root: etree._Element, is_structural: Callable[[str], bool] | None = None) -> list[Line]:
    """The visible lines of a parsed page (``<head>``, scripts and styles left out)."""
    body = root.find(".//body") if root.tag != "body" else root
    start = body if body is not None else root
    walker = _Walker(is_structural, control_boxes(start))
    walker.walk(start)
    walker.flush()
    return walker.lines


def text_lines(text: str) -> list[Line]:
    """Plain text (a text rendering) as lines, one per non-blank line."""
    out = []
    for raw in text.splitlines():
        line = collapse_ws(raw)
        if line:
            out.append(Line(line, "", -1, -1, False, False, None, False, ""))
    return out
