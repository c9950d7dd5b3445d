"""Boxes around text-entry fields (a newsletter sign-up, a search box): a hint for the lines of an
article's content that are no paragraphs of it (:mod:`crawler.pages.lines` marks their lines)."""

from __future__ import annotations

from lxml import etree

CONTROL_TAGS = ("input", "textarea")
TEXT_ENTRY_TYPES = frozenset({"", "text", "email", "search", "tel", "url"})
MAX_CONTROL_BOX_CHARS = 200  # a sign-up or search box: a heading, a line of text, a field, a button
MAX_CONTROLS = 50
MAX_CONTROL_BOX_DEPTH = 6  # levels above a control a sign-up box may reach (bounds work on deep pages)


def control_boxes(root: etree._Element) -> set[etree._Element]:
    """For each text-entry field (at most :data:`MAX_CONTROLS`), its largest ancestor with little
    text: the box around a newsletter sign-up or a search field. A hint, used only in the content."""
    boxes: set[etree._Element] = set()
    controls = [e for e in root.iter(*CONTROL_TAGS) if _entry_field(e)][:MAX_CONTROLS]
    for control in controls:
        box = None
        for depth, ancestor in enumerate(control.iterancestors()):
            if depth >= MAX_CONTROL_BOX_DEPTH or ancestor.tag in ("body", "html"):
                break
            if _text_length(ancestor) > MAX_CONTROL_BOX_CHARS:
                break
            box = ancestor
        if box is not None:
            boxes.add(box)
    return boxes


def _entry_field(element: etree._Element) -> bool:
    """A field the reader types into (an e-mail or search box); buttons, radios and checkboxes are
    the rating's and the poll's too, and a short item may sit next to a share button."""
    return element.tag == "textarea" or (element.get("type") or "").strip().lower() in TEXT_ENTRY_TYPES


def _text_length(element: etree._Element) -> int:
    total = 0
    for piece in element.itertext():
        total += len(piece.strip())
        if total > MAX_CONTROL_BOX_CHARS:
            break
    return total
