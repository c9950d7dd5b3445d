"""The one rule that decides whether a fetched article is a new, changed or unchanged version.

A fetched article is stored as a new version when its content digest differs from the digest of
the latest stored version (``storage.read.latest_digests``), or when the article was withdrawn and
is live again (a new version marks its return). Every caller (the archive run's row planning,
re-extraction, tests and benchmarks) decides through :func:`version_change`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Literal

from crawler.items import ArticleItem

VersionChange = Literal["new", "changed", "unchanged"]


def version_change(
    article_id: str, digest: str, digests: Mapping[str, str], withdrawn: Collection[str] = ()
) -> VersionChange:
    """``new`` (never stored), ``changed`` (another digest, or back after a withdrawal) or ``unchanged``."""
    stored = digests.get(article_id)
    if stored is None:
        return "new"
    if stored == digest and article_id not in withdrawn:
        return "unchanged"
    return "changed"


def new_versions(
    items: Iterable[ArticleItem], digests: Mapping[str, str], withdrawn: Collection[str] = ()
) -> list[ArticleItem]:
    """Only items that :func:`version_change` stores: new or changed against ``digests``.

    Within ``items`` an article repeated with the same content counts once.
    """
    seen: dict[str, str] = {}
    fresh: list[ArticleItem] = []
    for item in items:
        digest = item.content_digest
        if seen.get(item.article_id) == digest:
            continue
        if version_change(item.article_id, digest, digests, withdrawn) == "unchanged":
            continue
        seen[item.article_id] = digest
        fresh.append(item)
    return fresh
