"""A generated page and its truth: what an extractor must return for it, and which lines must not leak."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from crawler.replica.markups.article_text import ArticleText
from crawler.replica.markups.parts import contract_noise, esc, squash

DECLARATIONS = ("header", "meta-charset", "http-equiv")
LONG_NOISE = 25  # noise lines at least this long also count as leaks inside a longer paragraph


@dataclass
class Draft:
    """A generator's output: the ``<body>`` content and what it did to the text."""

    body: str
    noise: list[str] = field(default_factory=list)  # extra lines (boxes, chrome) beyond the contract's
    summary_shown: bool = True  # False: the page has no short version at all
    charset: str = "utf-8"
    declared: str = "header"  # header | meta-charset | http-equiv
    text: ArticleText | None = None  # the text actually rendered, when the generator changed it


@dataclass(frozen=True)
class MarkupPage:
    generator: str
    url: str
    lang: str
    html: bytes
    headers: dict[str, str]
    title: str
    summary: tuple[str, ...]  # white space collapsed
    body: tuple[str, ...]
    authors: list[dict[str, str]]
    rating: dict[str, Any] | None
    polls: list[dict[str, Any]]
    noise: frozenset[str]  # casefolded lines that must never be a line of a body or summary paragraph
    noise_inside: frozenset[str]  # the long ones the text never contains: not even part of a paragraph

    def leaks(self, paragraph: str) -> list[str]:
        """The noise lines found in an extracted paragraph."""
        found = []
        for line in paragraph.split("\n"):
            key = squash(line).casefold()
            if key in self.noise or (key and _only_noise(key, self.noise)):
                found.append(line)
        whole = squash(paragraph).casefold()
        found += [n for n in self.noise_inside if n in whole and n != whole]
        return found


def _only_noise(line: str, noise: frozenset[str]) -> bool:
    """Whether ``line`` is nothing but noise lines run together (``Print Читать на русском``)."""
    rest = line
    for phrase in sorted(noise, key=len, reverse=True):
        if phrase in rest:
            rest = rest.replace(phrase, " ")
    return not rest.strip(" .,:;|/·•-–—()")


Generator = Callable[[ArticleText, random.Random], Draft]


def render(name: str, generator: Generator, text: ArticleText, seed: int) -> MarkupPage:
    """``text`` through ``generator``, deterministic from ``seed``."""
    draft = generator(text, random.Random(f"{seed}:{name}:{text.url}"))
    text = draft.text or text
    summary = tuple(squash(p) for p in text.summary) if draft.summary_shown else ()
    body = tuple(squash(p) for p in text.body)
    truth_paragraphs = {p.casefold() for p in (*summary, *body)}
    truth_text = " ".join((*summary, *body, text.title)).casefold()
    noise = contract_noise(text) | {squash(line).casefold() for line in draft.noise if line.strip()}
    noise -= truth_paragraphs
    inside = {line for line in noise if len(line) >= LONG_NOISE and line not in truth_text}
    charset, declared = draft.charset, draft.declared
    head = f"<title>{esc(text.title)}</title>"
    if declared == "meta-charset":
        head = f'<meta charset="{charset}">{head}'
    elif declared == "http-equiv":
        head = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">{head}'
    document = (
        f'<!DOCTYPE html>\n<html lang="{text.lang}"><head>{head}</head>\n<body>{draft.body}</body></html>\n'
    )
    content_type = f"text/html; charset={charset}" if declared == "header" else "text/html"
    return MarkupPage(
        generator=name,
        url=text.url,
        lang=text.lang,
        html=document.encode(charset, errors="xmlcharrefreplace"),
        headers={"Content-Type": content_type},
        title=squash(text.title),
        summary=summary,
        body=body,
        authors=[{"name": who, "position": position} for who, position in text.authors],
        rating={"votes": text.votes, "average": text.average} if text.widgets else None,
        polls=[
            {
                "question": p.question,
                "options": [{"text": o.text, "votes": o.votes, "percent": o.percent} for o in p.options],
            }
            for p in text.polls
        ]
        if text.widgets
        else [],
        noise=frozenset(noise),
        noise_inside=frozenset(inside),
    )
