"""``python -m tests.hostile.measure CASE``: time and peak memory of one hostile page through the page
classes, in a fresh process (lxml's trees live in C memory that tracemalloc does not see, so the peak
is the process's resident set). Prints one JSON line: case, bytes, seconds, peak and baseline RSS
in MB, outcome.

The pages are the replica's hostile pages (``crawler/replica/hostile.py``) and pages just under the
crawler's ``DOWNLOAD_MAXSIZE`` (8 MB), the largest any crawl hands to extraction.
"""

from __future__ import annotations

import json
import random
import resource
import sys
import time
from collections.abc import Callable

from crawler.replica import hostile
from crawler.settings import DOWNLOAD_MAXSIZE

URL = "https://russiancouncil.ru/en/news/hostile/"
LISTING = "https://russiancouncil.ru/en/news/"
HTML = {"Content-Type": "text/html; charset=utf-8"}
LIMIT = DOWNLOAD_MAXSIZE - 1024


def _fill(
    unit: Callable[[int], bytes], head: bytes = b"<html><body>", tail: bytes = b"</body></html>"
) -> bytes:
    parts, size, n = [head], len(head) + len(tail), 0
    while True:
        piece = unit(n)
        if size + len(piece) > LIMIT:
            break
        parts.append(piece)
        size += len(piece)
        n += 1
    return b"".join(parts) + tail


def body(case: str) -> bytes:
    paths = {
        "empty": hostile.EMPTY,
        "binary": hostile.BINARY,
        "nested": hostile.NESTED,
        "attributes": hostile.ATTRIBUTES,
        "malformed": hostile.MALFORMED,
        "charset": hostile.CHARSET,
    }
    if case in paths:
        answer = hostile.respond(paths[case])
        assert answer is not None
        return answer[2]
    if case == "binary-8mb":
        return random.Random(8).randbytes(LIMIT)
    if case == "paragraphs-8mb":
        return _fill(lambda n: b"<p>Paragraph %d of a page that never ends, with some words.</p>" % n)
    if case == "table-8mb":
        return _fill(lambda n: b"<tr><td>cell %d</td><td>1 (50%%)</td></tr>" % n, b"<table>", b"</table>")
    if case == "nested-8mb":
        return b"<div>" * ((LIMIT - 100) // 11) + b"deep text" + b"</div>" * ((LIMIT - 100) // 11)
    if case == "attributes-8mb":
        return _fill(lambda n: b"<div " + b" ".join(b"a%d=x" % i for i in range(1500)) + b">t</div>")
    if case == "listing-8mb":
        return _fill(lambda n: b'<a href="/en/news/item-%d/">Item %d</a> 1 March 2021<br>' % (n, n))
    raise SystemExit(f"unknown case {case!r}")


def run(case: str) -> dict[str, object]:
    from crawler.pages.article import extract_article
    from crawler.pages.listing import ListingPage

    page = body(case)
    extract_article(URL, b"<html><body><p>warm up</p></body></html>", HTML)  # lazy imports first
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    if case.startswith("listing"):
        outcome = f"{len(ListingPage(LISTING, page, HTML).links())} links"
    else:
        result = extract_article(URL, page, HTML)
        outcome = getattr(result, "error_type", None) or "article"
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "case": case,
        "bytes": len(page),
        "seconds": round(seconds, 3),
        "peak_mb": round(peak, 1),
        "baseline_mb": round(baseline, 1),
        "outcome": outcome,
    }


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1])))
