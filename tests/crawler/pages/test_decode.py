"""Bytes → text: header charset, <meta charset>, <meta http-equiv>, then a robust fallback."""

from __future__ import annotations

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
