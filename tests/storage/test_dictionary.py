"""The data dictionary describes every column of every schema, and docs/datasets.md shows its tables."""

from __future__ import annotations

from pathlib import Path

from storage.dictionary import COLUMNS, markdown_table, undescribed
from storage.schemas import DATASETS, SCHEMAS

DOCS = Path(__file__).parents[2] / "docs" / "datasets.md"


def test_every_column_is_described_and_nothing_else() -> None:
    assert undescribed() == {}
    for name in DATASETS:
        assert list(COLUMNS[name]) == SCHEMAS[name].names, name
        assert all(column.meaning for column in COLUMNS[name].values())


def test_the_docs_tables_are_the_dictionary_rendered() -> None:
    """Regenerate with ``python -m storage.dictionary`` after changing a schema or a meaning."""
    docs = DOCS.read_text(encoding="utf-8")
    for name in DATASETS:
        assert markdown_table(name) in docs, name
