"""Request routing: from (method, target, Host) to a response, with per-day page caching.

Pure and synchronous (no sockets): :mod:`crawler.replica.server` carries it over HTTP, and tests may
call :meth:`App.handle` directly too.
"""

from __future__ import annotations

import json
import traceback
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from crawler.replica import discovery, faults, hostile, strings, truth
from crawler.replica.faults import FaultSpec
from crawler.replica.render_article import amp_page, body_only_page, full_page
from crawler.replica.render_lists import experts_page, listing_for, render_listing, simple_page
from crawler.replica.site import Site
from crawler.replica.themes import get_theme
from crawler.replica.themes.base import ListItem

SITE_HOSTS = frozenset({"russiancouncil.ru", "www.russiancouncil.ru", "beta.russiancouncil.ru"})
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})
CACHE_BYTES = 96 * 1024 * 1024
HTML = "text/html; charset=utf-8"


@dataclass(slots=True)
class Response:
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()
    action: str = ""  # "", "reset", "hang", "truncate", "slow", "stream"
    delay: float = 0.0
    stream_size: int = 0


@dataclass(slots=True)
class Options:
    articles: int = 300
    seed: int = 1
    day: int = 0
    theme: str = "classic"
    faults: FaultSpec | None = None
    markup: str | None = None  # a servable markup generator for full article pages (crawler.replica.markups)
    crawl_delay: float = 0.5


@dataclass
class App:
    options: Options
    site: Site = field(init=False)
    day: int = field(init=False)
    attempts: dict[str, int] = field(default_factory=dict)
    _cache: OrderedDict[tuple[str, int], Response] = field(default_factory=OrderedDict)
    _cache_bytes: int = 0

    def __post_init__(self) -> None:
        self.site = Site(articles=self.options.articles, seed=self.options.seed)
        self.theme = get_theme(self.options.theme)
        self.day = self.options.day
        self.site.count(self.day)

    # ----- entry point ---------------------------------------------------------------------------
    def handle(self, method: str, target: str, host: str | None) -> Response:
        try:
            return self._handle(method, target, host)
        except Exception:  # a replica bug must show as a 500 with a traceback, not a dead connection
            traceback.print_exc()
            return _text(500, "replica error\n")

    def _handle(self, method: str, target: str, host: str | None) -> Response:
        if not target.isascii():  # raw UTF-8 in the request line (decoded as latin-1 by the server)
            target = quote(target.encode("latin-1", "replace").decode("utf-8", "replace"), safe="/?&=%:+,;@")
        parts = urlsplit(target)
        path = parts.path or "/"
        if path.startswith("/__control__/"):
            return self._control(method, path, dict(parse_qsl(parts.query)))
        if path.startswith("/__truth__/"):
            return self._truth(path[len("/__truth__") :])
        if not _host_ok(host):
            return _text(421, f"unknown host {host!r}\n")
        spec = self.options.faults
        if spec is not None:
            attempt = self.attempts.get(target, 0)
            self.attempts[target] = attempt + 1
            mode = spec.pick(self.options.seed, self.day, target, attempt)
            if mode is not None:
                return self._fault(mode, path, parts.query, spec, attempt)
            fixed = faults.FIXED.get(path)
            if fixed is not None:
                return self._fixed(fixed, path, spec)
            answer = hostile.respond(path) if spec.hostile else None
            if answer is not None:
                return Response(*answer)
            if spec.hostile and path == "/sitemap.xml":
                index = discovery.sitemap_index(self.site, self.day)
                extra = hostile.sitemap_rows("https://russiancouncil.ru")
                return _xml(index.replace("</sitemapindex>", extra + "</sitemapindex>"))
        return self.page(path, parts.query)

    # ----- pages -------------------------------------------------------------------------------------
    def page(self, path: str, query: str) -> Response:
        """The page at ``path``; ``sphrase_id`` and unknown parameters never change it."""
        params = {k: v for k, v in parse_qsl(query, keep_blank_values=True) if k != "sphrase_id"}
        key_params = {k: v for k, v in params.items() if k in ("PAGEN_1", "tags", "q")}
        key = (path + "?" + "&".join(f"{k}={v}" for k, v in sorted(key_params.items())), self.day)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        response = self._render(path, params)
        self._remember(key, response)
        return response

    def _remember(self, key: tuple[str, int], response: Response) -> None:
        self._cache[key] = response
        self._cache_bytes += len(response.body)
        while self._cache_bytes > CACHE_BYTES and self._cache:
            _, old = self._cache.popitem(last=False)
            self._cache_bytes -= len(old.body)

    def _render(self, path: str, params: dict[str, str]) -> Response:
        site, day = self.site, self.day
        if path == "/robots.txt":
            return _text(200, discovery.robots_txt(self.options.crawl_delay))
        if path == "/sitemap.xml":
            return _xml(discovery.sitemap_index(site, day))
        if path.startswith("/sitemap-") and path.endswith(".xml"):
            body = discovery.child_sitemap(site, day, path)
            return _xml(body) if body is not None else _not_found()
        if path in discovery.FEEDS:
            return _xml(discovery.rss(site, day, path) or "", "application/rss+xml; charset=utf-8")
        index = site.find(path, day)
        if index is not None:
            return self._article(index, path)
        lang = "en" if path == "/en/" or path.startswith("/en/") else "ru"
        if path in ("/en/experts/", "/experts/"):
            return _html(experts_page(site, self.theme, lang, day))
        if path.endswith("/search/index.php") or path.startswith("/bitrix/"):
            text = "Search results are not part of the replica." if lang == "en" else "Поиск недоступен."
            return _html(simple_page(site, self.theme, lang, day, strings.TEXT[lang]["search"], text, path))
        listing = listing_for(site, path, params)
        if listing is not None:
            page = _page_number(params.get("PAGEN_1"))
            extra = self._fault_items(path) if page == 1 else ()
            html = render_listing(site, self.theme, listing, path, params, page, day, extra)
            return _html(html) if html is not None else _not_found()
        if path in (
            "/en/about/",
            "/about/",
            "/en/business/",
            "/en/researchers/",
            "/en/students/",
        ) or path in (
            "/business/",
            "/researchers/",
            "/students/",
        ):
            return _html(simple_page(site, self.theme, lang, day, path.strip("/"), "RIAC", path))
        return _not_found()

    def _article(self, index: int, path: str) -> Response:
        site, day = self.site, self.day
        meta = site.meta(index)
        if site.is_withdrawn(index, day):
            status = meta.withdrawn_status
            return _html("<html><body><h1>Page not found</h1></body></html>", status=status)
        view = site.view(index, day)
        if meta.amp_path == path:
            return _html(amp_page(view))
        if self.options.markup and meta.rendering == "full":
            from crawler.replica import markups

            text = markups.site_article(site, index, day)
            page = markups.render(
                self.options.markup, markups.GENERATORS[self.options.markup], text, site.seed
            )
            return Response(200, page.headers["Content-Type"], page.html)
        html = full_page(site, self.theme, view, day) if meta.rendering == "full" else body_only_page(view)
        from crawler.replica.frame import content_type

        return Response(
            200,
            content_type(meta.charset, meta.charset_declared),
            html.encode(meta.charset, "xmlcharrefreplace"),
        )

    def _fault_items(self, path: str) -> tuple[ListItem, ...]:
        if self.options.faults is None:
            return ()
        targets: tuple[tuple[str, str], ...]
        if path == "/en/news/":
            targets = ((faults.LOOP_A, "Redirect loop"), (faults.OFF_SITE, "Moved off site"))
            if self.options.faults.hostile:
                targets += hostile.listing_links()
        elif path == "/en/analytics-and-comments/analytics/":
            targets = ((faults.OVERSIZED, "Oversized report"), (faults.NOT_HTML, "Annual report (PDF)"))
        else:
            return ()
        return tuple(
            ListItem(label, target, "01 january 2025", "2025-01-01", "") for target, label in targets
        )

    # ----- faults ------------------------------------------------------------------------------------
    def _fault(self, mode: str, path: str, query: str, spec: FaultSpec, attempt: int) -> Response:
        retry = (("Retry-After", f"{spec.tuning['retry_after']:g}"),)
        if mode == "5xx":
            status = (500, 502, 503)[attempt % 3]
            return _text(status, "Server error (replica fault)\n", retry if status == 503 else ())
        if mode == "429":
            return _text(429, "Too many requests (replica fault)\n", retry)
        if mode == "timeout":
            return Response(0, "", b"", action="hang", delay=spec.tuning["hang"])
        if mode == "reset":
            return Response(0, "", b"", action="reset")
        page = self.page(path, query)
        if mode == "truncate":
            return Response(page.status, page.content_type, page.body, page.headers, action="truncate")
        return Response(
            page.status,
            page.content_type,
            page.body,
            page.headers,
            action="slow",
            delay=spec.tuning["slow_s"],
        )

    def _fixed(self, kind: str, path: str, spec: FaultSpec) -> Response:
        if kind == "redirect-loop":
            target = faults.LOOP_B if path == faults.LOOP_A else faults.LOOP_A
            return _text(302, "", (("Location", target),))
        if kind == "off-site-redirect":
            return _text(301, "", (("Location", faults.OFF_SITE_TARGET),))
        if kind == "not-html":
            body = (
                b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog"
                b" >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
            )
            return Response(200, "application/pdf", body)
        size = int(spec.tuning["oversize_mb"] * 1024 * 1024)
        return Response(200, HTML, b"", action="stream", stream_size=size)

    # ----- control and truth -----------------------------------------------------------------------
    def set_day(self, day: int) -> None:
        self.day = max(0, day)
        self.site.count(self.day)

    def _control(self, method: str, path: str, params: dict[str, str]) -> Response:
        try:
            if path == "/__control__/day" and method == "POST" and "set" in params:
                self.set_day(int(params["set"]))
            elif path == "/__control__/advance" and method == "POST":
                self.set_day(self.day + int(params.get("days", "1")))
            elif path != "/__control__/day":
                return _not_found()
        except ValueError:
            return _json({"error": "bad number"}, 400)
        return _json({"day": self.day})

    def _truth(self, path: str) -> Response:
        if path == "/index.json":
            return _json(truth.index_truth(self.site, self.day))
        if path == "/site.json":
            return _json(truth.site_truth(self.site, self.day))
        path = urlsplit(path).path
        index = self.site.find(path, self.day)
        if index is None:
            return _json({"error": "no article at this path", "path": unquote(path)}, 404)
        amp = self.site.meta(index).amp_path == path
        return _json(truth.article_truth(self.site, index, self.day, amp=amp))


def _host_ok(host: str | None) -> bool:
    if not host:
        return True
    name = host.lower()
    if name.startswith("["):
        name = name.split("]", 1)[0] + "]"
    else:
        name = name.rsplit(":", 1)[0] if name.count(":") == 1 else name
    name = name.rstrip(".")
    return name in SITE_HOSTS or name in LOCAL_HOSTS


def _page_number(value: str | None) -> int:
    try:
        return int(value) if value else 1
    except ValueError:
        return 1


def _html(html: str, status: int = 200) -> Response:
    return Response(status, HTML, html.encode("utf-8"))


def _text(status: int, text: str, headers: tuple[tuple[str, str], ...] = ()) -> Response:
    return Response(status, "text/plain; charset=utf-8", text.encode("utf-8"), headers)


def _xml(text: str, content_type: str = "application/xml; charset=utf-8") -> Response:
    return Response(200, content_type, text.encode("utf-8"))


def _json(data: Any, status: int = 200) -> Response:
    return Response(status, "application/json", json.dumps(data, ensure_ascii=False).encode("utf-8"))


def _not_found() -> Response:
    return _html("<html><body><h1>Page not found</h1></body></html>", status=404)
