"""The replica's whole content model: articles, people, the site poll, and how the day changes them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from crawler.replica import CANONICAL_ORIGIN, banks, clock, teasers
from crawler.replica.catalog import SEED_INDEX, Catalog
from crawler.replica.model import ArticleMeta, Person, PollOptionSpec, PollQuestionSpec
from crawler.replica.people import make_people
from crawler.replica.prose import first_sentence_of, paragraph, rng_for, unit
from crawler.replica.seed import load_seed


@dataclass(frozen=True, slots=True)
class BaseContent:
    """Day-independent text of an article."""

    summary: tuple[str, ...]
    body: tuple[str, ...]
    teaser_form: str
    teaser_variant: str
    teaser_glued: bool
    features: tuple[str, ...]
    show_type: bool
    bottom_rating: str  # "widget" | "counts"


@dataclass(frozen=True, slots=True)
class ArticleView:
    """Everything a theme needs to render one article on one day."""

    meta: ArticleMeta
    title: str
    type_label: str | None
    authors: tuple[tuple[str, str, str], ...]  # (name, position, role) as of the day
    summary: tuple[str, ...]
    body: tuple[str, ...]
    base: BaseContent
    votes: int
    average: float | None
    translation_path: str | None
    edited: bool


class Site:
    def __init__(self, *, articles: int = 300, seed: int = 1) -> None:
        self.articles = max(1, articles)
        self.seed = seed
        self.people: tuple[Person, ...] = make_people(max(24, min(400, self.articles // 10)), seed)
        self.catalog = Catalog(articles=self.articles, seed=seed, people=len(self.people))
        self.catalog.ensure(self.articles)
        self.people_by_slug = {p.slug: p for p in self.people}
        self._content = lru_cache(maxsize=4096)(self._make_content)
        self._listing_cache: dict[int, tuple[int, ...]] = {}
        self.memo: dict[object, object] = {}  # small per-day caches of derived lists (listings)

    # ----- catalogue over time -------------------------------------------------------------------
    def count(self, day: int) -> int:
        n = clock.published_count(day, self.articles)
        self.catalog.ensure(n)
        return n

    def meta(self, index: int) -> ArticleMeta:
        if index >= len(self.catalog.metas):
            self.catalog.ensure(index + 1)
        return self.catalog.metas[index]

    def title(self, index: int) -> str:
        self.meta(index)
        return self.catalog.titles[index]

    def find(self, path: str, day: int) -> int | None:
        """Index of the article (or AMP copy) at ``path`` if it has appeared by ``day``."""
        self.count(day)
        index = self.catalog.by_path.get(path)
        if index is None:
            index = self.catalog.by_path.get(_encoded(path))
        if index is None or self.meta(index).day > day:
            return None
        return index

    def is_withdrawn(self, index: int, day: int) -> bool:
        w = self.meta(index).withdrawn_on_day
        return w is not None and day >= w

    def visible(self, day: int) -> tuple[int, ...]:
        """Published, not withdrawn, newest first: the order of listings, feeds and sitemaps."""
        cached = self._listing_cache.get(day)
        if cached is None:
            n = self.count(day)
            metas = self.catalog.metas[:n]
            ordered = sorted(
                (m for m in metas if not self.is_withdrawn(m.index, day)),
                key=lambda m: (m.published, m.index),
                reverse=True,
            )
            cached = tuple(m.index for m in ordered)
            if len(self._listing_cache) > 8:
                self._listing_cache.clear()
            self._listing_cache[day] = cached
        return cached

    # ----- article text ----------------------------------------------------------------------------
    def content(self, index: int) -> BaseContent:
        return self._content(index)

    def _make_content(self, index: int) -> BaseContent:
        meta = self.meta(index)
        if index == SEED_INDEX:
            s = load_seed()
            return BaseContent(
                s.summary, s.body, "seed", "repeat+first-sentence+edited", False, (), False, "counts"
            )
        rng = rng_for(self.seed, "content", index)
        n = rng.randint(3, 6) if meta.section == "news" else rng.randint(5, 12)
        body = [paragraph(rng, meta.lang, rng.randint(2, 5)) for _ in range(n)]
        features: list[str] = []
        if n >= 6 and rng.random() < 0.2:
            earlier = first_sentence_of(body[1])
            target = rng.randint(4, n - 1)
            if rng.random() < 0.5:
                body[target] = earlier  # a paragraph that is exactly an earlier sentence
                features.append("quotes-earlier-sentence:exact")
            else:
                body[target] = f"{earlier} {body[target]}"
                features.append("quotes-earlier-sentence:prefix")
        form = teasers.pick_form(rng, meta.section)
        summary: list[str] = []
        if teasers.has_no_teaser(meta.section, n, unit(self.seed, "no-teaser", index)):
            form, variant = "none", ""
        else:
            summary, body, variant = teasers.build(form, rng, meta.lang, body)
        glued = form == "repeat" and rng.random() < 0.2
        return BaseContent(
            tuple(summary),
            tuple(body),
            form,
            variant,
            glued,
            tuple(features),
            meta.section == "news" or rng.random() < 0.4,
            "widget" if rng.random() < 0.5 else "counts",
        )

    def view(self, index: int, day: int) -> ArticleView:
        meta = self.meta(index)
        base = self.content(index)
        body = list(base.body)
        edited = meta.edited_on_day is not None and day >= meta.edited_on_day
        if edited:
            bank = banks.EDIT_SENTENCES_EN if meta.lang == "en" else banks.EDIT_SENTENCES_RU
            body[-1] = f"{body[-1].rstrip()} {bank[index % len(bank)]}"
        roles = (
            ("interviewer", "interviewee") if meta.section == "interview" else ("",) * len(meta.author_ids)
        )
        authors = tuple(
            (self.people[p].name(meta.lang), self.people[p].position(meta.lang, day), role)
            for p, role in zip(meta.author_ids, roles, strict=True)
        )
        votes, average = self.rating(index, day)
        translation = None
        if meta.twin is not None and self.meta(meta.twin).day <= day:
            translation = self.meta(meta.twin).path
        type_label = banks.TYPES[meta.section][0 if meta.lang == "en" else 1] if base.show_type else None
        return ArticleView(
            meta=meta,
            title=self.title(index),
            type_label=type_label,
            authors=authors,
            summary=base.summary,
            body=tuple(body),
            base=base,
            votes=votes,
            average=average,
            translation_path=translation,
            edited=edited,
        )

    def print_missing(self, index: int) -> bool:
        """About one page in ten has no ``Print`` link (never the seed)."""
        return index != SEED_INDEX and unit(self.seed, "no-print", index) < 0.1

    def rating(self, index: int, day: int) -> tuple[int, float | None]:
        if index == SEED_INDEX:
            s = load_seed()
            return s.votes, s.average
        meta = self.meta(index)
        u = unit(self.seed, "votes", index)
        base = (
            0
            if u < 0.3 or meta.day > 0
            else 1
            if u < 0.4
            else 2 + int(u * 100) % 3
            if u < 0.5
            else 5 + int(u * 1000) % 55
        )
        period = 2 + int(unit(self.seed, "period", index) * 8)
        phase = int(unit(self.seed, "phase", index) * period)
        votes = clock.votes_on_day(base, period, phase, day, meta.day)
        if votes == 0:
            return 0, None
        total = round(base * (3.0 + 2.0 * unit(self.seed, "avg", index)))
        for k in range(base, votes):
            v = unit(self.seed, "score", index, k)
            total += 5 if v < 0.55 else 4 if v < 0.85 else 3
        return votes, round(total / votes, 2)

    # ----- the site poll ---------------------------------------------------------------------------
    def poll(self, day: int, lang: str) -> tuple[PollQuestionSpec, ...]:
        return _poll(self.seed, day, lang)

    # ----- people ----------------------------------------------------------------------------------
    def articles_by(self, person: int, day: int, limit: int = 20) -> list[int]:
        out = []
        for index in self.visible(day):
            if person in self.meta(index).author_ids:
                out.append(index)
                if len(out) >= limit:
                    break
        return out

    def canonical_url(self, path: str) -> str:
        return CANONICAL_ORIGIN + path


@lru_cache(maxsize=256)
def _poll(seed: int, day: int, lang: str) -> tuple[PollQuestionSpec, ...]:
    number = day // clock.POLL_PERIOD
    elapsed = day - number * clock.POLL_PERIOD
    if number == 0:
        questions = load_seed().poll
        if lang == "ru":
            text, options = banks.KOREAN_POLL_RU
            questions = (
                PollQuestionSpec(
                    text,
                    tuple(
                        PollOptionSpec(t, o.votes) for t, o in zip(options, questions[0].options, strict=True)
                    ),
                ),
            )
        base = questions
    else:
        count = 2 if number % 2 == 0 else 1
        specs = []
        for q in range(count):
            (question_en, question_ru), choices = banks.POLL_QUESTIONS[
                (number - 1 + q) % len(banks.POLL_QUESTIONS)
            ]
            rng = rng_for(seed, "poll", number, q)
            specs.append(
                PollQuestionSpec(
                    question_en if lang == "en" else question_ru,
                    tuple(PollOptionSpec(o[0] if lang == "en" else o[1], rng.randint(1, 9)) for o in choices),
                )
            )
        base = tuple(specs)
    return tuple(
        PollQuestionSpec(
            q.question,
            tuple(
                PollOptionSpec(o.text, o.votes + (elapsed * (len(q.options) - j + 1)) // 3)
                for j, o in enumerate(q.options)
            ),
        )
        for q in base
    )


def percentages(question: PollQuestionSpec) -> list[int]:
    """Rounded half up, as the site shows them."""
    total = sum(o.votes for o in question.options)
    if total == 0:
        return [0 for _ in question.options]
    return [int(100 * o.votes / total + 0.5) for o in question.options]


def _encoded(path: str) -> str:
    from urllib.parse import quote

    return quote(unquote(path), safe="/")
