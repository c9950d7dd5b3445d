"""``croissant.json``: the archive described in Croissant 1.1 (JSON-LD), from the Arrow schemas, the
data dictionary and the data (dates, counts). ``mlcroissant validate --jsonld croissant.json`` passes
(tested)."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from storage.dictionary import DATASET_MEANINGS, describe, plain
from storage.outputs.archive_facts import ArchiveFacts
from storage.outputs.card_text import CITATION, DESCRIPTION, LICENSE_URL, NAME, SITE, glob_of
from storage.outputs.field_types import croissant_type
from storage.schemas import DATASETS, SCHEMAS

CONFORMS_TO = "http://mlcommons.org/croissant/1.1"

CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "sc": "https://schema.org/",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}


def croissant(facts: ArchiveFacts) -> dict[str, Any]:
    crawled = facts.last_crawl or facts.first_crawl
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "name": NAME,
        "description": DESCRIPTION,
        "citeAs": CITATION,
        "creator": {"@type": "sc:Organization", "name": "riac-archive"},
        "license": LICENSE_URL,
        "url": SITE,
        "version": f"{facts.schema_version}.{facts.runs}.0",
        "isLiveDataset": True,
        "inLanguage": sorted(facts.articles_by_lang),
        "distribution": [_file_set(name) for name in DATASETS],
        "recordSet": [_record_set(name) for name in DATASETS],
    }
    if crawled is not None:
        document["datePublished"] = crawled.date().isoformat()
        document["dateModified"] = crawled.date().isoformat()
    if facts.first_crawl is not None and facts.last_crawl is not None:
        document["temporalCoverage"] = f"{facts.first_crawl.date()}/{facts.last_crawl.date()}"
    return document


def _file_set(name: str) -> dict[str, Any]:
    return {
        "@type": "cr:FileSet",
        "@id": f"{name}-files",
        "name": f"{name}-files",
        "description": f"Parquet files of the {name} dataset",
        "encodingFormat": "application/x-parquet",
        "includes": glob_of(name),
    }


def _record_set(name: str) -> dict[str, Any]:
    return {
        "@type": "cr:RecordSet",
        "@id": name,
        "name": name,
        "description": plain(DATASET_MEANINGS[name]),
        "field": [_field(name, field) for field in SCHEMAS[name]],
    }


def _field(dataset: str, field: pa.Field) -> dict[str, Any]:
    out: dict[str, Any] = {
        "@type": "cr:Field",
        "@id": f"{dataset}/{field.name}",
        "name": field.name,
        "description": describe(dataset, field.name),
        "dataType": croissant_type(field.type),
        "source": {"fileSet": {"@id": f"{dataset}-files"}, "extract": {"column": field.name}},
    }
    if pa.types.is_list(field.type):
        out["cr:isArray"] = True
        out["cr:arrayShape"] = "-1"
        value = field.type.value_type
        if pa.types.is_struct(value):
            del out["dataType"]
            out["subField"] = [
                {
                    "@type": "cr:Field",
                    "@id": f"{dataset}/{field.name}/{sub.name}",
                    "name": sub.name,
                    "description": f"{sub.name} of each item of {field.name}",
                    "dataType": croissant_type(sub.type),
                    "source": {
                        "fileSet": {"@id": f"{dataset}-files"},
                        "extract": {"column": field.name},
                        "transform": {"jsonPath": sub.name},
                    },
                }
                for sub in value
            ]
    return out
