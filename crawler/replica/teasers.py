"""Teaser (short version) forms: how the short version relates to the full text.

Each builder takes the full paragraphs and returns ``(summary, body)`` — the body may be adjusted
(e.g. "In sum, " added) so the teaser is a lightly edited copy of it. Most articles have a short
version; a small share of blog posts and short news items have none and open straight with the full
text (form ``none``), as on the real site (issue 12).
"""

from __future__ import annotations

import random

from crawler.replica.prose import first_sentence_of as first_sentence
from crawler.replica.prose import paragraph

NBSP = "\xa0"
FORMS_ARTICLE = (
    ("repeat", 0.38),
    ("merged", 0.10),
    ("first-sentence", 0.15),
    ("prefix", 0.10),
    ("edited", 0.12),
    ("abstract", 0.15),
)
FORMS_NEWS = (("news-lead", 0.88), ("abstract", 0.12))
IN_SUM = {"en": "In sum, ", "ru": "Подводя итог, "}
TEASERLESS_SHARE = {"blogs": 0.12, "news": 0.15}  # news: only short items
SHORT_NEWS = 4  # paragraphs


def has_no_teaser(section: str, paragraphs: int, u: float) -> bool:
    """Whether an article of ``section`` with ``paragraphs`` full paragraphs has no short version,
    given a uniform draw ``u`` of its own (so the other articles' text does not change)."""
    if section == "news" and paragraphs > SHORT_NEWS:
        return False
    return u < TEASERLESS_SHARE.get(section, 0.0)


def pick_form(rng: random.Random, section: str) -> str:
    forms = FORMS_NEWS if section == "news" else FORMS_ARTICLE
    u, total = rng.random(), 0.0
    for name, weight in forms:
        total += weight
        if u < total:
            return name
    return forms[-1][0]


def build(form: str, rng: random.Random, lang: str, body: list[str]) -> tuple[list[str], list[str], str]:
    """Return (summary, body, variant) for ``form``."""
    if form in ("repeat", "news-lead"):
        k = 1 if form == "news-lead" else rng.choice((1, 1, 2, 3))
        summary = list(body[:k])
        if rng.random() < 0.5:
            summary = [p + NBSP * rng.choice((1, 2, 4)) for p in summary]
            return summary, body, "trailing-nbsp"
        return summary, body, ""
    if form == "merged":
        k = rng.choice((2, 3))
        return [" ".join(body[:k])], body, f"{k}-paragraphs"
    if form == "first-sentence":
        count = min(len(body) - 1, rng.choice((2, 3, 4)))
        return [first_sentence(p) for p in body[1 : 1 + count]], body, f"{count}-sentences"
    if form == "prefix":
        words = first_sentence(body[0]).split()
        cut = max(3, len(words) // 2)
        return [" ".join(words[:cut])], body, "mid-sentence"
    if form == "edited":
        return _edited(rng, lang, body)
    if form == "abstract":
        return [paragraph(rng, lang, rng.choice((2, 3)))], body, ""
    raise ValueError(form)


def _edited(rng: random.Random, lang: str, body: list[str]) -> tuple[list[str], list[str], str]:
    variant = rng.choice(("in-sum", "dash", "quote", "year") if lang == "ru" else ("in-sum", "dash", "quote"))
    body = list(body)
    if variant == "in-sum":
        last = body[-1]
        body[-1] = IN_SUM[lang] + last[0].lower() + last[1:]
        return [body[0], last], body, variant
    if variant == "dash":
        day = rng.randint(2, 20)
        month = rng.choice(("October", "March", "June")) if lang == "en" else rng.choice(("октября", "марта"))
        if lang == "en":
            sentence = f"The consultations are scheduled for {month} {day}–{day + 2}."
        else:
            sentence = f"Консультации запланированы на {day}–{day + 2} {month}."
        body[0] = f"{body[0]} {sentence}"
        return [body[0].replace("–", "-")], body, variant
    if variant == "quote":
        quote_open, quote_close = ("“", "”") if lang == "en" else ("«", "»")
        first = first_sentence(body[0])
        body[0] = quote_open + first[:-1] + quote_close + "." + body[0][len(first) :]
        return [body[0][1:]], body, variant
    # year: Russian "2018г." in the teaser vs "2018 г." in the full text
    year = rng.randint(2012, 2024)
    body[0] = f"{body[0]} Переговоры начались в {year} г."
    return [body[0].replace(f"{year} г.", f"{year}г.")], body, variant
