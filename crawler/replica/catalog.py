"""Cheap metadata of every article, generated in index order so it is deterministic and unique.

Metadata for 20,000 articles takes well under a second; page text is generated lazily elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from crawler.replica import banks, clock
from crawler.replica.model import ArticleMeta
from crawler.replica.prose import rng_for, slugify, title, unit

SECTIONS = (("analytics", 0.35), ("comments", 0.25), ("interview", 0.08), ("news", 0.22), ("blogs", 0.10))
LIGATURE = quote("ﬁ")  # %EF%AC%81
SEED_INDEX = 0


@dataclass(slots=True)
class Catalog:
    """Article metadata by index; ``ensure(n)`` extends it when the clock moves forward."""

    articles: int
    seed: int
    people: int
    metas: list[ArticleMeta] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    by_path: dict[str, int] = field(default_factory=dict)
    _used: set[str] = field(default_factory=set)

    def ensure(self, count: int) -> None:
        while len(self.metas) < count:
            meta, article_title = self._make(len(self.metas))
            self.metas.append(meta)
            self.titles.append(article_title)
            self.by_path[meta.path] = meta.index
            if meta.amp_path:
                self.by_path[meta.amp_path] = meta.index

    def _make(self, index: int) -> tuple[ArticleMeta, str]:
        if index == SEED_INDEX:
            return _seed_meta(), "The Art of Expectation Management"
        pair = (index - 1) // 2
        first = 2 * pair + 1
        twinned = unit(self.seed, "twin", pair) < 0.5
        rng = rng_for(self.seed, "meta", index)
        pair_rng = rng_for(self.seed, "pair", pair)
        section = _pick_section(pair_rng.random())
        blog = pair_rng.choice(banks.BLOGS)[0] if section == "blogs" else None
        if twinned:
            lang = "en" if index == first else "ru"
            twin: int | None = index + 1 if index == first else index - 1
        else:
            lang = "en" if rng.random() < 0.55 else "ru"
            twin = None
        article_title = title(rng, lang)
        slug = self._slug(rng, lang, section, blog, article_title)
        published = clock.published_date(first if twinned else index, self.articles)
        day = clock.appear_day(index, self.articles)
        authors = _authors(pair_rng, section, blog, self.people)
        charset, declared = _charset(index, lang)
        tags = tuple(sorted(set(pair_rng.sample(range(len(banks.TAGS)), pair_rng.choice((0, 1, 2, 2, 3))))))
        region = tuple(sorted(set(pair_rng.sample(range(len(banks.REGIONS)), pair_rng.choice((0, 1, 1, 2))))))
        meta = ArticleMeta(
            index=index,
            lang=lang,
            section=section,
            slug=slug,
            blog=blog,
            published=published,
            day=day,
            twin=twin,
            author_ids=authors,
            rendering="body-only" if unit(self.seed, "body-only", index) < 0.08 else "full",
            charset=charset,
            charset_declared=declared,
            edited_on_day=clock.edited_on_day(index, self.articles),
            withdrawn_on_day=clock.withdrawn_on_day(index, self.articles),
            withdrawn_status=clock.withdrawn_status(index),
            tags=tuple(banks.TAGS[t][0 if lang == "en" else 1] for t in tags),
            region=tuple(banks.REGIONS[r][0 if lang == "en" else 1] for r in region),
        )
        return meta, article_title

    def _slug(self, rng, lang: str, section: str, blog: str | None, article_title: str) -> str:  # type: ignore[no-untyped-def]
        source = article_title
        if lang == "en" and rng.random() < 0.12:
            source = title(rng, "ru")  # English page, transliterated Russian slug
        slug = slugify(source) or "article"
        if rng.random() < 0.04:
            slug = slug.replace("fi", LIGATURE, 1) if "fi" in slug else f"{LIGATURE}nal-{slug}"
        key_prefix = f"{lang}/{section}/{blog}/"
        candidate, n = slug, 2
        while key_prefix + candidate in self._used:
            candidate, n = f"{slug}-{n}", n + 1
        self._used.add(key_prefix + candidate)
        return candidate


def _seed_meta() -> ArticleMeta:
    from datetime import date

    return ArticleMeta(
        index=SEED_INDEX,
        lang="en",
        section="analytics",
        slug="the-art-of-expectation-management",
        blog=None,
        published=date(2018, 7, 13),
        day=0,
        twin=None,
        author_ids=(0,),
        rendering="full",
        charset="utf-8",
        charset_declared="header+meta",
        edited_on_day=None,
        withdrawn_on_day=None,
        withdrawn_status=404,
        tags=(),
        region=(),
    )


def _pick_section(u: float) -> str:
    total = 0.0
    for name, weight in SECTIONS:
        total += weight
        if u < total:
            return name
    return SECTIONS[-1][0]


def _authors(rng, section: str, blog: str | None, people: int) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    if section == "news":
        return ()
    if section == "blogs":
        return (1 + [b[0] for b in banks.BLOGS].index(blog or "") % max(1, people - 1),)
    if section == "interview":
        return tuple(rng.sample(range(1, people), 2))
    count = rng.choices((0, 1, 2, 3, 4, 5, 6), weights=(3, 60, 20, 8, 5, 2, 2))[0]
    return tuple(rng.sample(range(1, people), min(count, people - 1)))


def _charset(index: int, lang: str) -> tuple[str, str]:
    if lang != "ru":
        return "utf-8", "header+meta"
    return {
        1: ("windows-1251", "header"),
        2: ("windows-1251", "meta-charset"),
        3: ("windows-1251", "http-equiv"),
    }.get(index % 10, ("utf-8", "header+meta"))
