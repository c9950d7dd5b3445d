"""A deterministic replica of russiancouncil.ru: content generator, themes, clock, faults, server.

It depends on nothing else in the product so that it can never hide an extraction or crawling bug
by sharing code with them. Start it with ``python -m crawler.replica`` or
:func:`crawler.replica.process.start_replica`; see ``docs/replica.md``.
"""

from __future__ import annotations

CANONICAL_ORIGIN = "https://russiancouncil.ru"
