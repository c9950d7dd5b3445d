"""The text a markup generator renders: one replica article's truth, or the seed, as typed parts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crawler.items import Poll, PollOption
from crawler.replica.catalog import SEED_INDEX
from crawler.replica.site import Site
from crawler.replica.truth import article_truth


@dataclass(frozen=True, slots=True)
class ArticleText:
    """The contract's text structure of one article page, without any markup."""

    url: str
    lang: str
    title: str
    widgets: bool  # False: a body-only rendering (no print/rating/share/authors/poll)
    translated: bool  # the page links to its twin
    region: tuple[str, ...]
    type_label: str | None
    authors: tuple[tuple[str, str], ...]  # (name, position)
    votes: int
    average: float | None
    summary: tuple[str, ...]
    body: tuple[str, ...]
    teaser_form: str  # as in the truth; "abstract" never repeats the full text
    polls: tuple[Poll, ...]
    related_titles: tuple[str, ...]  # other articles' titles in the same language (for "see also" boxes)


def from_truth(truth: dict[str, Any], related_titles: tuple[str, ...] = ()) -> ArticleText:
    rating = truth["rating"]
    return ArticleText(
        url=truth["url"],
        lang=truth["lang"],
        title=truth["title"],
        widgets=truth["rendering"] == "full",
        translated=truth["translation_url"] is not None,
        region=tuple(truth["region"]),
        type_label=truth["type"],
        authors=tuple((a["name"], a["position"]) for a in truth["authors"]),
        votes=rating["votes"] if rating else 0,
        average=rating["average"] if rating else None,
        summary=tuple(truth["summary_paragraphs"]),
        body=tuple(truth["body_paragraphs"]),
        teaser_form=truth["teaser_form"],
        polls=tuple(
            Poll(p["question"], tuple(PollOption(o["text"], o["votes"], o["percent"]) for o in p["options"]))
            for p in truth["polls"]
        ),
        related_titles=related_titles,
    )


def site_article(site: Site, index: int, day: int) -> ArticleText:
    """One article of ``site`` as of ``day``, with up to four other titles in its language."""
    truth = article_truth(site, index, day)
    titles = [site.title(i) for i in site.visible(day) if site.meta(i).lang == truth["lang"] and i != index]
    start = (index * 5) % max(1, len(titles))
    return from_truth(truth, tuple(titles[start : start + 4] or titles[:4]))


def replica_articles(*, articles: int, seed: int, day: int = 0) -> list[ArticleText]:
    """Every published, not withdrawn article of a replica (the seed first), as of ``day``."""
    site = Site(articles=articles, seed=seed)
    return [site_article(site, index, day) for index in sorted(site.visible(day))]


def seed_article(day: int = 0) -> ArticleText:
    """The seed (a real page's text) as the replica serves it."""
    site = Site(articles=30, seed=1)
    titles = tuple(site.title(i) for i in site.visible(day) if site.meta(i).lang == "en" and i != SEED_INDEX)
    return from_truth(article_truth(site, SEED_INDEX, day), titles[:4])
