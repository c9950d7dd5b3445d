"""Parse decoded HTML once into an lxml tree; never raises."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# libxml2 checks each attribute against the earlier ones of its tag (quadratic): a tag of 100k
# attributes took 139 s. Tags this long are never real markup; they keep their name, lose attributes.
MAX_TAG_CHARS = 16384
_LONG_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9:-]*+)[^<>]{" + str(MAX_TAG_CHARS) + r",}+>")  # possessive


def parse_html(text: str) -> etree._Element:
    """An lxml tree for any text; an empty ``<html>`` when nothing parses."""
    cleaned = _CONTROL.sub("", _XML_DECLARATION.sub("", text, count=1))
    if len(cleaned) > MAX_TAG_CHARS:
        cleaned = _LONG_TAG.sub(r"<\1>", cleaned)
    if cleaned.strip():
        try:
            return lxml.html.document_fromstring(cleaned)
        except (etree.ParserError, ValueError, etree.XMLSyntaxError):
            pass
    return lxml.html.document_fromstring("<html><body></body></html>")
