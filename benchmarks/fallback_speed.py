"""Speed of the trafilatura fallback path: pages without the site's widgets and little plain text.

    .venv/bin/python benchmarks/fallback_speed.py --pages 200

Such pages (not-found and block pages, short items, pages whose text sits in link-only lines) are
read by ``trafilatura.extract`` after the line reading. The script builds ``--pages`` of them in a
few shapes, extracts each once with :func:`extract_article` and counts the ``trafilatura.extract``
calls made meanwhile (a counting wrapper around the real function, which still runs). It prints one
JSON line: pages, seconds, pages/s and trafilatura runs per page. Run it on two commits and compare
pages/s for the before/after ratio.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from crawler.pages.article import extract_article  # noqa: E402

URL = "https://russiancouncil.ru/en/analytics-and-comments/analytics/item-{n}/"
SENTENCE = "Sanctions remain the main obstacle to any agreement between the two delegations this year"
WORDS = SENTENCE.split(" ")
MENU = "".join(f'<li><a href="/en/s{i}/">Section {i}</a></li>' for i in range(30))


def _sentence(n: int, size: int) -> str:
    words = [WORDS[(n + i) % len(WORDS)] for i in range(size)]
    return " ".join(words).capitalize() + "."


def fallback_page(n: int) -> bytes:
    """One of four page shapes the line reading leaves to the fallback."""
    shape = n % 4
    if shape == 0:  # a not-found page
        main = "<h1>Page not found</h1><p>The page does not exist.</p>"
    elif shape == 1:  # a short item
        main = f"<p>{_sentence(n, 12)}</p>"
    elif shape == 2:  # text in link-only lines
        main = "".join(f'<p><a href="/en/x{n}-{i}/">{_sentence(n + i, 9)}</a></p>' for i in range(8))
    else:  # an article container marked as chrome, with little text
        main = f'<div class="sidebar"><p>{_sentence(n, 10)}</p><p>{_sentence(n + 3, 8)}</p></div>'
    html = (
        f"<html><head><title>Item {n}</title></head><body><nav><ul>{MENU}</ul></nav>"
        f"<main><article>{main}</article></main><footer><p>© RIAC</p></footer></body></html>"
    )
    return html.encode()


def main() -> None:
    parser = argparse.ArgumentParser(description="fallback path speed")
    parser.add_argument("--pages", type=int, default=200)
    args = parser.parse_args()
    pages = [fallback_page(n) for n in range(args.pages)]
    runs = 0
    real = trafilatura.extract

    def counting(*a: Any, **k: Any) -> Any:
        nonlocal runs
        runs += 1
        return real(*a, **k)

    trafilatura.extract = counting  # the real function still does the work
    extract_article(URL.format(n=0), pages[0])  # warm-up: imports and trafilatura's first-call setup
    runs = 0
    start = time.perf_counter()
    for n, body in enumerate(pages):
        extract_article(URL.format(n=n), body)
    seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "pages": len(pages),
                "seconds": round(seconds, 3),
                "pages_per_s": round(len(pages) / seconds, 1),
                "trafilatura_runs_per_page": round(runs / len(pages), 2),
            }
        )
    )


if __name__ == "__main__":
    main()
