"""Parse decoded HTML once into an lxml tree; never raises."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def parse_html(text: str) -> etree._Element:
    """An lxml tree for any text; an empty ``<html>`` when nothing parses."""
    cleaned = _CONTROL.sub("", _XML_DECLARATION.sub("", text, count=1))
    if cleaned.strip():
        try:
            return lxml.html.document_fromstring(cleaned)
        except (etree.ParserError, ValueError, etree.XMLSyntaxError):
            pass
    return lxml.html.document_fromstring("<html><body></body></html>")
