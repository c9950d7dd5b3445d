"""Write the dataset card into the root: ``README.md`` (Hugging Face), ``croissant.json`` (Croissant
1.1) and ``datapackage.json`` (Frictionless), all from the schemas, the data dictionary and the data."""

from __future__ import annotations

import json

from storage import read
from storage.outputs.archive_facts import archive_facts
from storage.outputs.croissant import croissant
from storage.outputs.datapackage import datapackage
from storage.outputs.hf_card import dataset_card
from storage.store import open_store

CARD_FILES = ("README.md", "croissant.json", "datapackage.json")


def write_card(root: read.Root) -> list[str]:
    """The three files, each replaced whole; returns their full paths."""
    store = open_store(root)
    facts = archive_facts(root)
    texts = {
        "README.md": dataset_card(facts),
        "croissant.json": _json(croissant(facts)),
        "datapackage.json": _json(datapackage(facts)),
    }
    for name, text in texts.items():
        store.write_bytes(name, text.encode("utf-8"))
    return [store.full(name) for name in CARD_FILES]


def _json(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n"
