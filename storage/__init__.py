"""Parquet datasets over time: plain functions, no Scrapy or Prefect.

- ``schemas``  one Arrow schema per dataset (``SCHEMAS``, ``SCHEMA_VERSION``, ``PARTITIONS``)
- ``rows``     records (``crawler.items``) to rows and back (``article_row``, ``row_to_article``, ...)
- ``write``    ``RunWriter(root, run_id).write(dataset, rows)`` ... ``.commit(run_row)``;
               ``abandoned_runs``, ``discard_run``
- ``plan``     the one rule for a new version: ``version_change``, ``new_versions``
- ``read``     ``latest_articles``, ``article_versions``, ``rating_history``, ``poll_history``,
               ``known_articles``, ``latest_digests``, ``read_table``, ``connect`` (DuckDB views)
- ``compact``  ``compact(root, dataset=None)``
- ``cli``      ``riac-archive sql "SELECT ..." [--data DIR]``
Roots are local folders or ``s3://bucket/prefix``. Layout and guarantees: ``docs/datasets.md``.
"""
