"""Lines inside an article's content that are no paragraphs of it: sign-up boxes, buttons, captions
and credits, bare site addresses, link lists and navigation at the content's ends."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from crawler.pages.lines import Line
from crawler.pages.widgets import (
    is_caption,
    is_paragraph_like,
    is_reading_time,
    is_signup_text,
    is_site_address,
)

SHORT_LINK_WORDS = 12
MAX_LINK_LINE_WORDS = 25
MIN_LINK_LIST_SHARE = 0.8
MAX_BUTTON_WORDS = 8
MAX_CAPTION_WORDS = 40  # a figure's text longer than this is no caption (a table or chart in a figure)
MAX_SIGNUP_BOX_LINES = 4
MAX_CAPTION_BLOCK_LINES = 3
MAX_CAPTION_BLOCK_LINE_WORDS = 25
MAX_SIGNUP_BOX_WORDS = 40


def signup_boxes(lines: Sequence[Line], indices: list[int]) -> set[int]:
    """Containers of a sign-up box: a sign-up line's parent element holding only a few short lines
    (its heading, a subtitle, a button without a form field)."""

    def fits(inside: list[Line]) -> bool:
        return (
            len(inside) <= MAX_SIGNUP_BOX_LINES
            and sum(len(x.text.split()) for x in inside) <= MAX_SIGNUP_BOX_WORDS
        )

    return _small_elements(lines, indices, lambda line: line.parent, is_signup_text, fits)


def caption_blocks(lines: Sequence[Line], indices: list[int]) -> set[int]:
    """Elements holding a credit line (``Photo: …``) and a line or two more, all short: a caption
    under an image, its text and credit split by ``<br>``, in whatever container."""

    def fits(inside: list[Line]) -> bool:
        return len(inside) <= MAX_CAPTION_BLOCK_LINES and all(
            len(line.text.split()) <= MAX_CAPTION_BLOCK_LINE_WORDS and not is_paragraph_like(line.text)
            for line in inside
        )

    return _small_elements(lines, indices, lambda line: line.block, is_caption, fits)


def _small_elements(
    lines: Sequence[Line],
    indices: list[int],
    element_of: Callable[[Line], int],
    is_marker: Callable[[str], bool],
    fits: Callable[[list[Line]], bool],
) -> set[int]:
    """The elements (by ``element_of``: a line's block or parent) that hold a marker line and whose
    lines all together ``fit``. The lines are grouped by element once, so a page full of marker
    lines costs one pass, not one pass per marker."""
    marked = {element_of(lines[i]) for i in indices if element_of(lines[i]) >= 0 and is_marker(lines[i].text)}
    if not marked:
        return set()
    inside: dict[int, list[Line]] = {element: [] for element in marked}
    for line in lines:
        group = inside.get(element_of(line))
        if group is not None:
            group.append(line)
    return {element for element, group in inside.items() if fits(group)}


def boilerplate_inside(line: Line) -> bool:
    """A line inside the content that is no paragraph of it: a sign-up box (a small element with an
    e-mail or search field, or its text: subscribe + e-mail or newsletter), a button's label, a
    figure's caption or credit (``<figcaption>``, or a short ``Photo: …`` / ``Source: …`` line), a
    bare link to the site (a print page's address line), a line that is nothing but a link (a
    promo, a download, a title) or short and almost all links (breadcrumbs ``Home / Analytics``, a
    tag list ``Russia, USA``)."""
    words = len(line.text.split())
    if line.in_control_box or (line.link_only and words <= MAX_LINK_LINE_WORDS):
        return True
    if line.button_only and words <= MAX_BUTTON_WORDS:
        return True
    if (line.caption and words <= MAX_CAPTION_WORDS) or is_caption(line.text) or is_signup_text(line.text):
        return True
    if is_reading_time(line.text):
        return True
    if is_site_address(line.text):
        return True
    return line.link_share >= MIN_LINK_LIST_SHARE and words <= SHORT_LINK_WORDS  # crumbs, tag lists


def trim_links(content: list[Line]) -> list[Line]:
    """Short link-only lines at either end of the content are navigation (tags, related, menus)."""
    start, end = 0, len(content)
    while start < end and _short_link(content[start]):
        start += 1
    while end > start and _short_link(content[end - 1]):
        end -= 1
    return content[start:end] if start < end else content


def _short_link(line: Line) -> bool:
    return line.link_only and len(line.text.split()) <= SHORT_LINK_WORDS
