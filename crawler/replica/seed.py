"""The seed article: the real text rendering shipped in ``data/``, parsed into structured parts.

The themes render these parts back; the served page's text reproduces the original rendering, and
its truth equals ``tests/fixtures/seed/*.gold.json``. The seed never changes over time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from crawler.replica.model import PollOptionSpec, PollQuestionSpec

SEED_PATH = "/en/analytics-and-comments/analytics/the-art-of-expectation-management/"
SEED_TITLE = "The Art of Expectation Management"
SEED_PUBLISHED = "2018-07-13"
SEED_FILE = "seed-the-art-of-expectation-management.txt"

_VOTES = re.compile(r"^\(votes: (\d+), rating: ([\d.]+)\)$")
_OPTION_COUNT = re.compile(r"^(\d+) \((\d+)%\)$")
_QUESTION = re.compile(r"^\d+\.\s+(.*)$")


@dataclass(frozen=True, slots=True)
class SeedArticle:
    author_name: str
    author_position: str
    votes: int
    average: float
    summary: tuple[str, ...]  # raw, with the trailing no-break spaces of the rendering
    body: tuple[str, ...]
    poll: tuple[PollQuestionSpec, ...]


def seed_text() -> str:
    return resources.files("crawler.replica").joinpath("data", SEED_FILE).read_text(encoding="utf-8")


@cache
def load_seed() -> SeedArticle:
    return parse_seed(seed_text())


def parse_seed(text: str) -> SeedArticle:
    lines = text.split("\n")
    i = lines.index("Rate this article") + 1
    match = _VOTES.match(lines[i].strip())
    assert match, lines[i]
    votes, average = int(match.group(1)), float(match.group(2))
    i = lines.index("Share this article") + 1
    blocks: list[str] = []
    current: list[str] = []
    while not _VOTES.match(lines[i].strip()):
        if lines[i] == "":
            if current:
                blocks.append(" ".join(current))
                current = []
        else:
            current.append(lines[i])
        i += 1
    if current:
        blocks.append(" ".join(current))
    author_name, author_position, *paragraphs = blocks
    repeat = paragraphs.index(paragraphs[0], 1)
    poll = _parse_poll(lines[lines.index("Poll conducted") + 1 :])
    return SeedArticle(
        author_name=author_name,
        author_position=author_position,
        votes=votes,
        average=average,
        summary=tuple(paragraphs[:repeat]),
        body=tuple(paragraphs[repeat:]),
        poll=poll,
    )


def _parse_poll(lines: list[str]) -> tuple[PollQuestionSpec, ...]:
    questions: list[PollQuestionSpec] = []
    question: str | None = None
    options: list[PollOptionSpec] = []
    pending: str | None = None
    for raw in lines:
        line = raw.strip()
        if not line or line == "For business":
            if line == "For business":
                break
            continue
        q = _QUESTION.match(line)
        count = _OPTION_COUNT.match(line)
        if q and count is None:
            if question is not None:
                questions.append(PollQuestionSpec(question, tuple(options)))
            question, options, pending = q.group(1), [], None
        elif count and pending is not None:
            options.append(PollOptionSpec(pending, int(count.group(1))))
            pending = None
        else:
            pending = line
    if question is not None:
        questions.append(PollQuestionSpec(question, tuple(options)))
    return tuple(questions)
