"""How links are written: mostly relative, sometimes with the variants seen in the wild.

Variants (deterministic per page and position): ``?sphrase_id=<n>`` appended, ``www.``, ``beta.``,
trailing-dot host, ``http://`` and absolute canonical links. All name the same page.
"""

from __future__ import annotations

from crawler.replica.prose import unit

HOST = "russiancouncil.ru"
VARIANTS = (
    ("relative", 0.70),
    ("sphrase", 0.08),
    ("www", 0.06),
    ("beta", 0.05),
    ("dot", 0.04),
    ("http", 0.04),
    ("absolute", 0.03),
)


def variant_for(seed: int, page: str, position: int) -> str:
    u, total = unit(seed, "link", page, position), 0.0
    for name, weight in VARIANTS:
        total += weight
        if u < total:
            return name
    return "relative"


def write_link(path: str, variant: str, seed: int = 0) -> str:
    if variant == "sphrase":
        sep = "&" if "?" in path else "?"
        return f"{path}{sep}sphrase_id={1000 + int(unit(seed, 'sphrase', path) * 900000)}"
    if variant == "www":
        return f"https://www.{HOST}{path}"
    if variant == "beta":
        return f"https://beta.{HOST}{path}"
    if variant == "dot":
        return f"https://{HOST}.{path}"
    if variant == "http":
        return f"http://{HOST}{path}"
    if variant == "absolute":
        return f"https://{HOST}{path}"
    return path


def varied(seed: int, page: str, position: int, path: str) -> str:
    return write_link(path, variant_for(seed, page, position), seed)
