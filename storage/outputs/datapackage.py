"""``datapackage.json``: the archive as a Frictionless Data Package, one resource per dataset, every
field typed and described (from the Arrow schemas and the data dictionary)."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from storage.dictionary import DATASET_MEANINGS, describe, plain, type_name
from storage.outputs.archive_facts import ArchiveFacts
from storage.outputs.card_text import DESCRIPTION, LICENSE_NOTE, LICENSE_URL, NAME, SITE
from storage.outputs.field_types import frictionless_type
from storage.schemas import DATASETS, SCHEMAS


def datapackage(facts: ArchiveFacts) -> dict[str, Any]:
    return {
        "name": NAME,
        "title": "Archive of russiancouncil.ru analytical publications over time",
        "description": DESCRIPTION,
        "homepage": SITE,
        "version": f"{facts.schema_version}.{facts.runs}.0",
        "licenses": [{"name": "other", "path": LICENSE_URL, "title": LICENSE_NOTE}],
        "resources": [_resource(name, facts.files[name]) for name in DATASETS if facts.files[name]],
    }


def _resource(name: str, files: list[str]) -> dict[str, Any]:
    return {
        "name": name,
        "description": plain(DATASET_MEANINGS[name]),
        "path": files if len(files) > 1 else files[0],
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
        # Parquet has real nulls: an empty string (a summary-less article's "") is a value, not missing
        "schema": {"fields": [_field(name, field) for field in SCHEMAS[name]], "missingValues": []},
    }


def _field(dataset: str, field: pa.Field) -> dict[str, Any]:
    """A Table Schema field. List columns are ``any``: Frictionless reads Parquet through pandas,
    which gives a list cell as a numpy array that its ``array`` type refuses; ``arrowType`` (an
    extra property, which Frictionless allows) keeps the exact type of every field."""
    out: dict[str, Any] = {
        "name": field.name,
        "type": "any" if pa.types.is_list(field.type) else frictionless_type(field.type),
        "arrowType": type_name(field.type),
        "description": describe(dataset, field.name),
    }
    if not field.nullable:
        out["constraints"] = {"required": True}
    return out
