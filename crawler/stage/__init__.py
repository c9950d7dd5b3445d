"""The crawl-and-extract stage as plain functions (no Prefect): run the crawl in a subprocess, tail
its manifest, extract batches of pages in worker processes, spill big runs to disk."""
