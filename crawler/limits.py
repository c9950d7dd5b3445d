"""Size limits shared by the crawl and the readers of what it stored.

A page is refused past ``MAX_PAGE_BYTES``: on the wire (Scrapy's ``DOWNLOAD_MAXSIZE``, which also
caps what its compression middleware inflates) and again whenever a stored WARC payload is read back
with its content-encoding undone (``crawler.warc.read_record``), since the archive keeps the body
as received and a few compressed megabytes can inflate to gigabytes. Articles are about 100 kB.
"""

from __future__ import annotations

MAX_PAGE_BYTES = 8 * 1024 * 1024
