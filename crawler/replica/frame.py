"""The chrome around every page: navigation, breadcrumbs, the poll sidebar and the footer."""

from __future__ import annotations

from crawler.replica import strings
from crawler.replica.prose import unit
from crawler.replica.site import Site, percentages
from crawler.replica.themes.base import Frame, Link, Theme


def prefix(lang: str) -> str:
    return "/en" if lang == "en" else ""


def nav(lang: str) -> tuple[Link, ...]:
    t, p = strings.TEXT[lang], prefix(lang)
    return (
        Link(t["analytics-and-comments"], f"{p}/analytics-and-comments/"),
        Link(t["news"], f"{p}/news/"),
        Link(t["blogs"], f"{p}/blogs/"),
        Link(t["experts"], f"{p}/experts/"),
        Link(t["about"], f"{p}/about/"),
        Link("EN" if lang == "ru" else "RU", "/en/" if lang == "ru" else "/"),
    )


def footer(lang: str) -> tuple[Link, ...]:
    labels = strings.FOOTER[lang]
    return tuple(
        Link(label, f"{prefix(lang)}/{path}")
        for label, path in zip(labels, strings.FOOTER_PATHS, strict=True)
    )


def sidebar_poll(site: Site, theme: Theme, lang: str, day: int, page: str) -> str:
    """The site poll; its heading is missing on about one page in seven (never on the seed)."""
    questions = site.poll(day, lang)
    heading: str | None = strings.TEXT[lang]["poll"]
    if unit(site.seed, "poll-heading", page) < 0.15 and not page.endswith(
        "/the-art-of-expectation-management/"
    ):
        heading = None
    return theme.poll(lang, heading, questions, [percentages(q) for q in questions])


def frame(
    theme: Theme,
    *,
    lang: str,
    title: str,
    head: str,
    crumbs: tuple[Link, ...],
    main: str,
    sidebar: str,
) -> str:
    return theme.document(
        Frame(
            lang=lang,
            title=title,
            head=head,
            nav=nav(lang),
            search_action=f"{prefix(lang)}/search/index.php",
            crumbs=(Link(strings.TEXT[lang]["home"], f"{prefix(lang)}/"), *crumbs),
            main=main,
            sidebar=sidebar,
            footer=footer(lang),
        )
    )


def charset_head(charset: str, declared: str) -> str:
    if declared == "header":
        return ""
    if declared == "http-equiv":
        return f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    return f'<meta charset="{charset}">'


def content_type(charset: str, declared: str) -> str:
    if declared in ("header", "header+meta"):
        return f"text/html; charset={charset}"
    return "text/html"
