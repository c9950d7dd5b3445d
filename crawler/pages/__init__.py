"""Page classes: one fetched page (bytes + headers) in, one typed record out.

Nothing here imports Scrapy, Prefect or storage. Every stored row carries ``EXTRACTOR_VERSION``;
bump it whenever the output for some page changes.
"""

from __future__ import annotations

EXTRACTOR_VERSION = "riac-1.2.2+trafilatura-2.x"

__all__ = ["EXTRACTOR_VERSION"]
