"""Sentences, paragraphs, titles and slugs drawn from :mod:`crawler.replica.banks` with a seeded RNG."""

from __future__ import annotations

import hashlib
import random
import re

from crawler.replica import banks

_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)


def rng_for(*key: object) -> random.Random:
    """A RNG seeded from a stable digest of ``key`` (Python's ``hash`` is salted per process)."""
    digest = hashlib.blake2b(repr(key).encode("utf-8"), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "big"))


def unit(*key: object) -> float:
    """A stable uniform number in [0, 1) for ``key``."""
    digest = hashlib.blake2b(repr(key).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def transliterate(text: str) -> str:
    return "".join(_TRANSLIT.get(ch, ch) for ch in text.lower())


def slugify(text: str) -> str:
    text = transliterate(text)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80].strip("-")


def sentence(rng: random.Random, lang: str) -> str:
    if lang == "en":
        kind = rng.random()
        actor = rng.choice(banks.ACTORS_EN)
        if kind < 0.45:
            text = (
                f"{actor} {rng.choice(banks.VERBS_EN)}"
                f" {rng.choice(banks.OBJECTS_EN)} {rng.choice(banks.PERIODS_EN)}."
            )
        elif kind < 0.85:
            text = (
                f"{rng.choice(banks.OPENERS_EN)} {rng.choice(banks.CLAIMS_EN)}, and {actor} cannot ignore it."
            )
        else:
            return rng.choice(banks.QUESTIONS_EN).format(actor=actor)
        return text[0].upper() + text[1:]
    kind = rng.random()
    actor = rng.choice(banks.ACTORS_RU)
    if kind < 0.5:
        return (
            f"{actor} {rng.choice(banks.VERBS_RU)}"
            f" {rng.choice(banks.OBJECTS_RU)} {rng.choice(banks.PERIODS_RU)}."
        )
    if kind < 0.88:
        return f"{rng.choice(banks.OPENERS_RU)} {rng.choice(banks.CLAIMS_RU)}, и {actor} это понимает."
    return rng.choice(banks.QUESTIONS_RU)


def paragraph(rng: random.Random, lang: str, sentences: int) -> str:
    out: list[str] = []
    while len(out) < sentences:
        s = sentence(rng, lang)
        if not out or s != out[-1]:
            out.append(s)
    return " ".join(out)


def title(rng: random.Random, lang: str) -> str:
    if lang == "en":
        pattern = rng.choice(banks.TITLE_PATTERNS_EN)
        text = pattern.format(
            topic=rng.choice(banks.TITLE_TOPICS_EN),
            angle=rng.choice(banks.TITLE_ANGLES_EN),
            actor=rng.choice(banks.ACTORS_EN).removeprefix("the "),
        )
        return text[0].upper() + text[1:]
    pattern = rng.choice(banks.TITLE_PATTERNS_RU)
    text = pattern.format(
        topic=rng.choice(banks.TITLE_TOPICS_RU),
        angle=rng.choice(banks.TITLE_ANGLES_RU),
        actor=rng.choice(banks.ACTORS_RU),
    )
    return text[0].upper() + text[1:]


def first_sentence_of(text: str) -> str:
    """The text up to and including the first sentence end followed by a space."""
    for end in (". ", "? ", "! "):
        cut = text.find(end)
        if cut != -1:
            return text[: cut + 1]
    return text
