"""Opt-in faults, deterministic by seed: drawn per (day, request target, attempt number).

``--faults 5xx=0.1,429=0.02,timeout=0.02,reset=0.01,truncate=0.01,slow=0.05`` gives each mode's
probability; optional ``hang=SECONDS`` (timeout, default 30), ``slow_s=SECONDS`` (default 1.5),
``retry_after=SECONDS`` (default 1) and ``oversize_mb=MB`` (default 50) tune them. The n-th request
for a target draws ``unit(seed, day, target, n)``, so a retry draws again and usually succeeds.
With any fault spec, the fixed fault URLs in :data:`FIXED` are served too; ``hostile=1`` adds the
hostile pages, feeds and sitemaps of :mod:`crawler.replica.hostile`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crawler.replica import hostile
from crawler.replica.prose import unit

MODES = ("5xx", "429", "timeout", "reset", "truncate", "slow")
TUNING = {"hang": 30.0, "slow_s": 1.5, "retry_after": 1.0, "oversize_mb": 50.0, "hostile": 0.0}
EXEMPT_PREFIXES = ("/__control__", "/__truth__", "/robots.txt")

LOOP_A = "/en/news/redirect-loop-a/"
LOOP_B = "/en/news/redirect-loop-b/"
OFF_SITE = "/en/news/moved-off-site/"
OFF_SITE_TARGET = "https://example.com/en/news/moved-off-site/"
OVERSIZED = "/en/analytics-and-comments/analytics/oversized-report/"
NOT_HTML = "/en/analytics-and-comments/analytics/annual-report-2024/"
FIXED = {
    LOOP_A: "redirect-loop",
    LOOP_B: "redirect-loop",
    OFF_SITE: "off-site-redirect",
    OVERSIZED: "oversized",
    NOT_HTML: "not-html",
}


@dataclass(frozen=True, slots=True)
class FaultSpec:
    rates: dict[str, float] = field(default_factory=dict)
    tuning: dict[str, float] = field(default_factory=lambda: dict(TUNING))

    @property
    def enabled(self) -> bool:
        return True

    @property
    def hostile(self) -> bool:
        return self.tuning.get("hostile", 0.0) > 0

    def pick(self, seed: int, day: int, target: str, attempt: int) -> str | None:
        """The fault mode for the ``attempt``-th request (0-based) of ``target``, or None."""
        path = target.split("?", 1)[0]
        if target.startswith(EXEMPT_PREFIXES) or path in FIXED or (self.hostile and path in hostile.PATHS):
            return None
        u, total = unit(seed, "fault", day, target, attempt), 0.0
        for mode in MODES:
            total += self.rates.get(mode, 0.0)
            if u < total:
                return mode
        return None


def parse_faults(spec: str | None) -> FaultSpec | None:
    """``"5xx=0.1,slow=0.05,slow_s=0.2"`` → FaultSpec; None or empty → faults off."""
    if spec is None or not spec.strip():
        return None
    rates: dict[str, float] = {}
    tuning = dict(TUNING)
    for part in spec.split(","):
        key, sep, value = part.strip().partition("=")
        if not sep:
            raise ValueError(f"fault {part!r} is not NAME=VALUE")
        number = float(value)
        if key in MODES:
            if not 0.0 <= number <= 1.0:
                raise ValueError(f"fault rate {key}={value} is not within [0, 1]")
            rates[key] = number
        elif key in TUNING:
            tuning[key] = number
        else:
            raise ValueError(f"unknown fault {key!r}; modes: {', '.join(MODES)}; tuning: {', '.join(TUNING)}")
    if sum(rates.values()) > 1.0:
        raise ValueError("fault rates add up to more than 1")
    return FaultSpec(rates, tuning)
