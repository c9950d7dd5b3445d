"""Themes: the same text in clearly different markup, so extraction can be proven markup-independent."""

from __future__ import annotations

from crawler.replica.themes.base import Theme
from crawler.replica.themes.classic import ClassicTheme
from crawler.replica.themes.legacy import LegacyTheme
from crawler.replica.themes.modern import ModernTheme

THEMES: dict[str, type[Theme]] = {"classic": ClassicTheme, "modern": ModernTheme, "legacy": LegacyTheme}


def get_theme(name: str) -> Theme:
    try:
        return THEMES[name]()
    except KeyError:
        raise ValueError(f"unknown theme {name!r}; choose one of {', '.join(THEMES)}") from None
