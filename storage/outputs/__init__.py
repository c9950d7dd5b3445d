"""What researchers see besides the Parquet: exports, the dataset card and the report with charts.

Plain functions over the committed datasets (``storage.read``); the ``riac-archive`` commands
(``flows/export_command.py``, ``card_command.py``, ``report_command.py``) are thin wrappers.
"""
