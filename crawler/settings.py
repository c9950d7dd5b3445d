"""Scrapy settings: polite defaults for a small non-profit's site, each with its reason.

``crawler.run`` overrides a few per run (data dir, run id, contact URL, unthrottled benchmarks on
loopback); everything else stays as set here.
"""

from __future__ import annotations

from crawler.limits import MAX_PAGE_BYTES
from crawler.urls import CANONICAL_ORIGIN

BOT_NAME = "riac-archive"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Who we are and how to reach us: site operators should know what hits them and whom to ask.
RIAC_CONTACT_URL = "https://github.com/riac-archive/riac-archive"
USER_AGENT = f"riac-archive/0.1 (research archive of public analysis; +{RIAC_CONTACT_URL})"

# The operator's rules come first; Crawl-delay is applied by crawler.middlewares.PolitenessMiddleware.
ROBOTSTXT_OBEY = True
RIAC_OBEY_CRAWL_DELAY = True

# One request at a time per host at most two in flight, paced by the server's own latency.
CONCURRENT_REQUESTS = 4
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# The spider yields only requests, never items, so parallel item processing buys nothing; Scrapy
# 2.19 starts CONCURRENT_ITEMS (default 100) asyncio tasks for every callback's output, which cost
# over a third of the crawl's CPU (a 2,000-article crawl under cProfile: 27.7 s -> 17.1 s CPU,
# 212,620 -> 4,195 worker tasks).
CONCURRENT_ITEMS = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# A honoured Retry-After longer than this is capped (and logged): a crawl must still end.
RIAC_RETRY_AFTER_MAX = 300.0

# Transient failures are retried a few times; 4xx other than 408/429 are answers, not accidents.
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]

# Refuse pathological responses before parsing them: articles are ~100 kB, a 50 MB page is abuse.
# The same cap applies when a stored payload is inflated again for extraction (crawler/limits.py).
DOWNLOAD_MAXSIZE = MAX_PAGE_BYTES
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
DOWNLOAD_TIMEOUT = 30
REDIRECT_MAX_TIMES = 5

# Compressed answers are archived as received, so ask only for encodings that WARC readers inflate:
# Scrapy 2.19 also offers br and zstd, which warcio 1.7 cannot read back (its brotli hook fails on
# brotli 1.2; zstd is unknown to it), so such pages could never be extracted or re-extracted.
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",  # Scrapy's default
    "Accept-Language": "en",  # Scrapy's default
    "Accept-Encoding": "gzip, deflate",
}

# No session: public pages only, and cookies would make fetches depend on each other.
COOKIES_ENABLED = False

# Our own components: host aliases and off-site refusal, politeness, the archive of every attempt.
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.PolitenessMiddleware": 560,  # sees 429/503 before RetryMiddleware (550)
    "crawler.middlewares.SiteHostMiddleware": 650,  # before RedirectMiddleware (600) sees a 3xx
    "crawler.middlewares.ArchiveMiddleware": 950,  # closest to the wire: every attempt, raw body
}
# Scrapy's HTTP handler; a request that met a keep-alive connection the server had just closed is
# sent again on a fresh one (Twisted's stock retry), counted as riac/reconnects, not a failure row;
# an oversized body without Content-Length is named like one with it (crawler/download.py).
DOWNLOAD_HANDLERS = {
    "http": "crawler.download.RecordedHTTPDownloadHandler",
    "https": "crawler.download.RecordedHTTPDownloadHandler",
}
EXTENSIONS = {
    "crawler.recorder.RunRecorderExtension": 0,
    "scrapy.extensions.telnet.TelnetConsole": None,  # listens on a TCP port (see TELNETCONSOLE_ENABLED)
    "scrapy.extensions.remote_control.RemoteControl": None,  # listens on a TCP port (2.19)
}
# Requests are built on canonical URLs (aliases, sphrase_id and AMP folded by the spider), so
# Scrapy's own fingerprint dupefilter deduplicates pages, not spellings; this subclass also records
# redirect loops, which would otherwise end silently in it.
DUPEFILTER_CLASS = "crawler.middlewares.RedirectLoopDupeFilter"

# Site mapping: where the site is fetched from (the replica on loopback, or the real site).
RIAC_SITE = CANONICAL_ORIGIN
# Hard cap on requests sent per run (0: none); robots.txt is not counted. Set by --max-pages.
RIAC_MAX_PAGES = 0
# Incremental paging: keep walking a listing this many pages past one that showed only known
# articles (new articles can sort below known ones when a publication date is back-dated).
RIAC_LISTING_LOOKAHEAD = 1
# Run files: WARC under <RIAC_DATA_DIR>/warc/<RIAC_RUN_ID>/, rotated at RIAC_WARC_MAX_BYTES.
RIAC_DATA_DIR = "data"
RIAC_RUN_ID = ""
RIAC_WARC_MAX_BYTES = 256 * 1024 * 1024
RIAC_MANIFEST_PATH = ""  # default: <run dir>/manifest.jsonl
RIAC_STATS_PATH = ""  # default: <run dir>/stats.json
# Previous captures (crawler/revisits.py): an unchanged re-fetch becomes a revisit record, not a copy
RIAC_PREVIOUS_CAPTURES = ""

# Memory stays flat: articles before deeper listing pages, so the queue holds about one page of links.
DEPTH_PRIORITY = 0
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"
# Stats are dumped as JSON by the run recorder; Scrapy's own dump would duplicate them in the log.
STATS_DUMP = True
# Nothing listens: a crawl opens no port. Scrapy's telnet console and its remote-control HTTP server
# (2.19: an ``/execute`` endpoint on localhost, token in a job file under the home directory) would
# let any local user run code in the crawl; both are off, by setting and in EXTENSIONS
# (tests/security/test_listening.py).
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
FEED_EXPORT_ENCODING = "utf-8"
