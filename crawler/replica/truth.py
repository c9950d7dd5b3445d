"""Ground truth: what every article page contains on a given day, as JSON-ready dicts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from crawler.replica import CANONICAL_ORIGIN, banks, clock
from crawler.replica.site import Site, percentages


def _strip(paragraphs: tuple[str, ...]) -> list[str]:
    return [p.strip() for p in paragraphs]


def article_truth(site: Site, index: int, day: int, *, amp: bool = False) -> dict[str, Any]:
    view = site.view(index, day)
    meta = view.meta
    rendering = "amp" if amp else meta.rendering
    widgets = rendering == "full"
    polls = site.poll(day, meta.lang) if widgets else ()
    path = meta.amp_path if amp and meta.amp_path else meta.path
    return {
        "url": CANONICAL_ORIGIN + meta.path,
        "path": path,
        "index": index,
        "lang": meta.lang,
        "section": meta.section,
        "title": view.title,
        "published": meta.published.isoformat(),
        "authors": [
            {"name": name, "position": position} for name, position, _ in (view.authors if widgets else ())
        ],
        "author_roles": [role or None for _, _, role in (view.authors if widgets else ())],
        "region": list(meta.region) if widgets else [],
        "type": view.type_label if widgets else None,
        "tags": list(meta.tags) if widgets else [],
        "summary_paragraphs": _strip(view.summary),
        "body_paragraphs": _strip(view.body),
        "rating": {"votes": view.votes, "average": view.average} if widgets else None,
        "polls": [
            {
                "question": q.question,
                "options": [
                    {"text": o.text, "votes": o.votes, "percent": pct}
                    for o, pct in zip(q.options, percentages(q), strict=True)
                ],
            }
            for q in polls
        ],
        "translation_url": CANONICAL_ORIGIN + view.translation_path
        if view.translation_path and widgets
        else None,
        "twin_url": CANONICAL_ORIGIN + site.meta(meta.twin).path
        if meta.twin is not None and view.translation_path
        else None,
        "teaser_form": view.base.teaser_form,
        "teaser_variant": view.base.teaser_variant,
        "teaser_glued": view.base.teaser_glued,
        "features": list(view.base.features),
        "rendering": rendering,
        "print_shown": widgets and not site.print_missing(index),
        "charset": "utf-8" if amp else meta.charset,
        "charset_declared": "header+meta" if amp else meta.charset_declared,
        "amp_path": meta.amp_path,
        "withdrawn": site.is_withdrawn(index, day),
        "withdrawn_status": meta.withdrawn_status if meta.withdrawn_on_day is not None else None,
        "withdrawn_on_day": meta.withdrawn_on_day,
        "edited_on_day": meta.edited_on_day if view.edited else None,
        "appeared_on_day": meta.day,
        "day": day,
        "date": clock.date_of_day(day).isoformat(),
    }


def index_truth(site: Site, day: int) -> list[dict[str, Any]]:
    """Every article that has appeared by ``day`` (withdrawn ones flagged), in index order."""
    out = []
    for index in range(site.count(day)):
        meta = site.meta(index)
        twin_ok = meta.twin is not None and site.meta(meta.twin).day <= day
        out.append(
            {
                "url": CANONICAL_ORIGIN + meta.path,
                "path": meta.path,
                "amp_path": meta.amp_path,
                "index": index,
                "lang": meta.lang,
                "section": meta.section,
                "published": meta.published.isoformat(),
                "translation_url": CANONICAL_ORIGIN + site.meta(meta.twin).path
                if twin_ok and meta.twin is not None
                else None,
                "rendering": meta.rendering,
                "withdrawn": site.is_withdrawn(index, day),
            }
        )
    return out


def site_truth(site: Site, day: int) -> dict[str, Any]:
    return {
        "day": day,
        "date": clock.date_of_day(day).isoformat(),
        "articles": site.articles,
        "seed": site.seed,
        "published_count": site.count(day),
        "poll": {
            lang: [
                {"question": q.question, "options": [o.text for o in q.options]} for q in site.poll(day, lang)
            ]
            for lang in ("en", "ru")
        },
        "people": [
            {
                "slug": p.slug,
                "name_en": p.name_en,
                "position_en": p.position("en", day),
                "position_changes_on": p.position_changes_on,
            }
            for p in site.people
        ],
        "blogs": [b[0] for b in banks.BLOGS],
    }


def dump(site: Site, day: int, directory: Path) -> int:
    """Write ``index.json``, ``site.json`` and one ``<path>.json`` per article (and AMP copy)."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "index.json").write_text(
        json.dumps(index_truth(site, day), ensure_ascii=False, indent=1), "utf-8"
    )
    (directory / "site.json").write_text(
        json.dumps(site_truth(site, day), ensure_ascii=False, indent=1), "utf-8"
    )
    written = 0
    for index in range(site.count(day)):
        meta = site.meta(index)
        for amp in (False, True) if meta.amp_path else (False,):
            record = article_truth(site, index, day, amp=amp)
            target = directory / (record["path"].strip("/") + ".json")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(record, ensure_ascii=False, indent=1), "utf-8")
            written += 1
    return written
