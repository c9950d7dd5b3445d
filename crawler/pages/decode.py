"""Bytes → text: HTTP header charset, then ``<meta charset>``, then ``<meta http-equiv>``, then a guess.

Russian pages may be served in UTF-8 or windows-1251 and may declare it in any of those places.
UTF-8 (declared or not) with a few bytes that are not UTF-8 (one stray byte) stays UTF-8, the bad
bytes replaced by U+FFFD; only when most non-ASCII bytes are not UTF-8 is another charset sought.
The fallback tries UTF-8, then a Russian single-byte charset (windows-1251 or KOI8-R) when
the bytes look like Russian words, else windows-1252.

Two exceptions to honouring a declaration. A single-byte charset declared for bytes that are
valid, non-ASCII UTF-8 is a misconfiguration (real windows-1251 Russian text is never valid
UTF-8), so UTF-8 wins there. And Russian bytes under a Western single-byte label (a server's
default ``ISO-8859-1``), or windows-1251 and KOI8-R mistaken for each other, decode without error
into mojibake; where the bytes show it (runs of high bytes under a Western label, mostly upper-case
Cyrillic under a Cyrillic one), ``charset_normalizer`` chooses among the declared charset and the
Russian ones.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping

from charset_normalizer import from_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_HTTP_EQUIV = re.compile(rb"""<meta[^>]+http-equiv\s*=\s*["']?content-type""", re.I)
_HEAD_BYTES = 8192
_SAMPLE_BYTES = 65536  # enough text to judge a charset by
_RUSSIAN_CODECS = ("cp1251", "koi8-r")
_WESTERN_CODECS = frozenset({"cp1252", "iso8859-15", "cp1250", "iso8859-2", "mac-roman"})
_MIN_HIGH_BYTES = 40
_RUN_SHARE = 0.5  # Russian words are runs of high bytes; accents in Western text stand alone
_UPPER_SHARE = 0.5  # Russian prose is mostly lower case; a KOI8-R/windows-1251 mix-up flips it
_HIGH_BYTE = re.compile(rb"[\xc0-\xff]")  # letters in windows-1251, KOI8-R and the Latin charsets alike
_HIGH_RUN = re.compile(rb"[\xc0-\xff]{2,}")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
# UTF-8 with stray bytes: each bad byte sequence decodes to one U+FFFD; when they are fewer than
# this share of the non-ASCII bytes, the page is UTF-8 with errors, not another charset.
_REPLACEMENT = "\ufffd"
_REPLACEMENT_UTF8 = _REPLACEMENT.encode("utf-8")
_HIGH_BYTES = bytes(range(0x80, 0x100))
_STRAY_SHARE = 0.5


def decode_html(body: bytes, headers: Mapping[str, str] | None = None) -> str:
    """Decode a fetched page; never raises for any ``bytes`` input."""
    if not body:
        return ""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if body.startswith(bom):
            return body[len(bom) :].decode(encoding, errors="replace")
    for encoding in declared_charsets(body, headers):
        text = _try_decode(body, encoding)
        if text is not None:
            if _mislabelled_russian(body, encoding, text):
                return body.decode(_best_russian(body, encoding), errors="replace")
            return text
    return _fallback(body)


def declared_charsets(body: bytes, headers: Mapping[str, str] | None = None) -> list[str]:
    """Known codec names in priority order: HTTP header, ``<meta charset>``, ``<meta http-equiv>``."""
    found: list[str] = []
    content_type = header_value(headers, "content-type")
    if content_type:
        match = _HEADER_CHARSET.search(content_type)
        if match:
            found.append(match.group(1))
    head = body[:_HEAD_BYTES]
    meta_charset: list[str] = []
    http_equiv: list[str] = []
    for tag in re.finditer(rb"<meta[^>]*>", head, re.I):
        meta = _META_CHARSET.search(tag.group(0))
        if not meta:
            continue
        name = meta.group(1).decode("ascii", "replace")
        (http_equiv if _HTTP_EQUIV.search(tag.group(0)) else meta_charset).append(name)
    found += meta_charset + http_equiv
    out: list[str] = []
    for name in found:
        codec = _codec_name(name)
        if codec and codec not in out:
            out.append(codec)
    return out


def header_value(headers: Mapping[str, str] | None, name: str) -> str | None:
    if not headers:
        return None
    for key, value in headers.items():
        key_text = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        if key_text.lower() == name:
            if isinstance(value, bytes):
                return value.decode("latin-1")
            if isinstance(value, list | tuple):
                value = value[0] if value else ""
                return value.decode("latin-1") if isinstance(value, bytes) else str(value)
            return str(value)
    return None


def _codec_name(name: str) -> str | None:
    try:
        codec = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    # Browsers read latin-1 and ascii labels as windows-1252; do the same.
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec


def _try_decode(body: bytes, encoding: str) -> str | None:
    if encoding in ("utf-8", "utf-8-sig"):
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            return _utf8_with_stray_bytes(body)
    if _is_multibyte_utf8(body) and _is_single_byte(encoding):
        return body.decode("utf-8")
    if encoding.startswith(("utf-16", "utf-32")) and b"\x00" not in body[:_HEAD_BYTES]:
        return None  # UTF-16/32 markup is full of NUL bytes: a label for bytes that have none is wrong
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _is_single_byte(encoding: str) -> bool:
    try:
        return len("é".encode(encoding, errors="replace")) == 1
    except LookupError:
        return False


def _is_multibyte_utf8(body: bytes) -> bool:
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _utf8_with_stray_bytes(body: bytes) -> str | None:
    """UTF-8 with a few bytes that are not (a stray byte, a cut sequence), the bad bytes replaced by
    U+FFFD; None when most non-ASCII bytes are not UTF-8: the page is in another charset."""
    text = body.decode("utf-8", errors="replace")
    invalid = text.count(_REPLACEMENT) - body.count(_REPLACEMENT_UTF8)  # U+FFFD sent as such
    high = len(body) - len(body.translate(None, _HIGH_BYTES))
    if invalid <= 0 or invalid >= _STRAY_SHARE * high:
        return None
    return text


def _fallback(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _utf8_with_stray_bytes(body)
    if text is not None:
        return text
    if _high_byte_runs(body[:_SAMPLE_BYTES]):
        return body.decode(_best_russian(body), errors="replace")
    return body.decode("cp1252", errors="replace")


def _mislabelled_russian(body: bytes, encoding: str, text: str) -> bool:
    """Bytes that read as Russian decoded under a label that makes them mojibake."""
    if encoding in _WESTERN_CODECS:
        return _high_byte_runs(body[:_SAMPLE_BYTES])
    if encoding in _RUSSIAN_CODECS:
        letters = _CYRILLIC.findall(text[:_SAMPLE_BYTES])
        upper = sum(1 for c in letters if c.isupper())
        return len(letters) >= _MIN_HIGH_BYTES and upper > _UPPER_SHARE * len(letters)
    return False


def _high_byte_runs(sample: bytes) -> bool:
    """Most letter bytes above 0xC0 sit next to another: words of a Cyrillic single-byte charset
    (accented letters in Western text stand alone, and quotes, dashes, no-break spaces are below)."""
    high = len(_HIGH_BYTE.findall(sample))
    if high < _MIN_HIGH_BYTES:
        return False
    in_runs = sum(len(run) for run in _HIGH_RUN.findall(sample))
    return in_runs >= _RUN_SHARE * high


def _best_russian(body: bytes, declared: str | None = None) -> str:
    candidates = [*_RUSSIAN_CODECS, *([declared] if declared and declared not in _RUSSIAN_CODECS else [])]
    best = from_bytes(body[:_SAMPLE_BYTES], cp_isolation=candidates, preemptive_behaviour=False).best()
    return best.encoding if best is not None else "cp1251"
