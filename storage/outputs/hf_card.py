"""``README.md`` of a data directory: a Hugging Face dataset card (YAML front matter with one config
per dataset naming its files, licence, languages) and the provenance a reader needs: WARC files,
extractor versions, crawl dates, row counts, and every column from the data dictionary."""

from __future__ import annotations

from typing import Any

import yaml

from storage.dictionary import COLUMNS, DATASET_MEANINGS, type_name
from storage.outputs.archive_facts import ArchiveFacts
from storage.outputs.card_text import (
    DESCRIPTION,
    LICENSE,
    LICENSE_NAME,
    LICENSE_NOTE,
    LICENSE_URL,
    NAME,
    glob_of,
)
from storage.schemas import DATASETS, SCHEMAS


def front_matter(facts: ArchiveFacts) -> dict[str, Any]:
    return {
        "pretty_name": NAME,
        "license": LICENSE,
        "license_name": LICENSE_NAME,
        "license_link": LICENSE_URL,
        "language": sorted(facts.articles_by_lang) or ["en", "ru"],
        "multilinguality": "multilingual",
        "task_categories": ["text-classification", "summarization"],
        "tags": ["web-archive", "international-relations", "russia", "time-series", "warc"],
        "configs": [
            {
                "config_name": name,
                "data_files": [{"split": "train", "path": glob_of(name)}],
                **({"default": True} if name == "articles" else {}),
            }
            for name in DATASETS
        ],
    }


def dataset_card(facts: ArchiveFacts) -> str:
    matter = yaml.safe_dump(front_matter(facts), sort_keys=False, allow_unicode=True)
    crawl = (
        f"{facts.first_crawl:%Y-%m-%d %H:%M} to {facts.last_crawl:%Y-%m-%d %H:%M} UTC"
        if facts.first_crawl and facts.last_crawl
        else "no crawl yet"
    )
    published = (
        f"{facts.published_from} to {facts.published_to}" if facts.published_from else "no dated article yet"
    )
    versions = ", ".join(facts.extractor_versions) or "none"
    langs = ", ".join(f"{n} {lang}" for lang, n in facts.articles_by_lang.items()) or "none"
    lines = [
        f"---\n{matter}---",
        f"# {NAME}",
        "",
        DESCRIPTION,
        "",
        "## Provenance",
        "",
        f"- Crawled from russiancouncil.ru by riac-archive: {facts.runs} runs, {crawl}.",
        f"- {facts.articles} articles ({langs}), published {published}.",
        f"- Every response is kept in WARC files under `warc/` ({facts.warc_files} files referenced by "
        "`fetches`); each article row names its capture (`warc_file`, `warc_offset`, `warc_digest`).",
        f"- Extractor versions of the stored article versions: {versions} (`articles.extractor_version`); "
        "the WARC files can be re-extracted with any later version.",
        f"- Schema version {facts.schema_version}; files carry `riac.schema_version` in their Parquet "
        "metadata.",
        "",
        "## Licence",
        "",
        LICENSE_NOTE,
        "",
        "## Datasets",
        "",
        "| dataset | rows | files | what a row is |",
        "|---|---:|---:|---|",
        *(
            f"| `{name}` | {facts.rows[name]} | {len(facts.files[name])} | {DATASET_MEANINGS[name]} |"
            for name in DATASETS
        ),
        "",
        "Load one with any Parquet reader, e.g. "
        "`duckdb.sql(\"FROM read_parquet('articles/*/*.parquet', hive_partitioning=true)\")` or "
        '`datasets.load_dataset("parquet", data_files="articles/*/*.parquet")`. '
        "`croissant.json` (Croissant 1.1) and `datapackage.json` (Frictionless) describe the same files.",
        "",
        "## Columns",
    ]
    for name in DATASETS:
        lines += ["", f"### {name}", "", "| column | type | null | meaning |", "|---|---|---|---|"]
        for field in SCHEMAS[name]:
            column = COLUMNS[name][field.name]
            null = "yes" if field.nullable else "no"
            lines.append(f"| {field.name} | {type_name(field.type)} | {null} | {column.meaning} |")
    return "\n".join(lines) + "\n"
