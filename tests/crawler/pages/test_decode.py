"""Bytes → text: header charset, <meta charset>, <meta http-equiv>, then a robust fallback."""

from __future__ import annotations

import pytest

from crawler.pages.decode import declared_charsets, decode_html

RU = "Российский совет по международным делам: «Оценить статью»"


def page(head: str = "") -> str:
    return f"<html><head>{head}</head><body><p>{RU}</p></body></html>"


def test_header_charset() -> None:
    body = page().encode("cp1251")
    assert RU in decode_html(body, {"Content-Type": "text/html; charset=windows-1251"})
    assert RU in decode_html(body, {"content-type": "text/html; charset=Windows-1251"})


def test_meta_charset() -> None:
    assert RU in decode_html(
        page('<meta charset="windows-1251">').encode("cp1251"), {"Content-Type": "text/html"}
    )


def test_meta_http_equiv_only() -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
    assert RU in decode_html(page(head).encode("cp1251"))


def test_header_wins_over_meta() -> None:
    head = '<meta charset="utf-8">'
    assert (
        declared_charsets(page(head).encode("cp1251"), {"Content-Type": "text/html; charset=cp1251"})[0]
        == "cp1251"
    )
    assert RU in decode_html(page(head).encode("cp1251"), {"Content-Type": "text/html; charset=cp1251"})


def test_undeclared_cp1251_is_detected() -> None:
    assert RU in decode_html(page().encode("cp1251"))


def test_undeclared_utf8() -> None:
    assert RU in decode_html(page().encode("utf-8"))


def test_wrong_declaration_of_a_single_byte_charset_for_utf8_bytes() -> None:
    assert RU in decode_html(page().encode("utf-8"), {"Content-Type": "text/html; charset=windows-1251"})


def test_broken_utf8_declaration_falls_back() -> None:
    assert RU in decode_html(page('<meta charset="utf-8">').encode("cp1251"))


def test_unknown_charset_name_and_bom() -> None:
    assert RU in decode_html(page('<meta charset="x-no-such">').encode("utf-8"))
    assert decode_html(b"\xef\xbb\xbfhello") == "hello"
    assert decode_html(b"") == ""


PROSE_RU = "Россия и Европа обсуждают новые правила торговли, эксперты расходятся в оценках. " * 4
PROSE_FR = "Les négociations ont commencé à Genève. Les côtés n'ont rien décidé, déjà. " * 4
PROSE_DE = "Die Verhandlungen in München über Maßnahmen für Flüchtlinge sind gescheitert. " * 4


@pytest.mark.parametrize(
    ("text", "encoding", "declared"),
    [
        (PROSE_RU, "cp1251", "iso-8859-1"),  # a server's default label on a windows-1251 page
        (PROSE_RU, "cp1251", "windows-1252"),
        (PROSE_RU, "cp1251", "koi8-r"),
        (PROSE_RU, "koi8-r", "windows-1251"),
        (PROSE_RU, "koi8-r", "iso-8859-1"),
        (PROSE_RU, "koi8-r", None),
        (PROSE_RU, "cp1251", None),
        (PROSE_RU, "koi8-r", "koi8-r"),
        (PROSE_FR, "latin-1", "iso-8859-1"),  # Western text keeps its Western charset
        (PROSE_FR, "latin-1", None),
        (PROSE_DE, "cp1252", "windows-1252"),
        (PROSE_DE, "cp1252", None),
    ],
)
def test_a_wrong_single_byte_label_does_not_scramble_the_text(
    text: str, encoding: str, declared: str | None
) -> None:
    body = f"<html><body><p>{text}</p></body></html>".encode(encoding)
    headers = {"Content-Type": f"text/html; charset={declared}"} if declared else {}
    assert text in decode_html(body, headers)


def test_english_in_windows_1252_with_quotes_and_no_break_spaces_stays_windows_1252() -> None:
    text = "“Better late than never” — Putin’s words.\xa0\xa0 " * 30 + "Café Zürich."
    assert text in decode_html(text.encode("cp1252"), {"Content-Type": "text/html; charset=windows-1252"})
    assert text in decode_html(text.encode("cp1252"))
