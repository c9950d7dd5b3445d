"""The data dictionary: what every column of every dataset means, defined once.

Read by the exports (DuckDB column comments), the dataset card (Croissant, Frictionless, the Hugging
Face README) and rendered into the tables of ``docs/datasets.md`` (``python -m storage.dictionary``
prints them; a test keeps the docs in step). Types and nullability come from ``storage.schemas``;
a test fails when a schema gains a column this module does not describe.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from storage.schemas import DATASETS, SCHEMAS


@dataclass(frozen=True, slots=True)
class Column:
    meaning: str
    example: str = ""  # Markdown, as the docs show it
    null_note: str = ""  # said after "no"/"yes" in the docs, e.g. "may be empty"
    json: bool = False  # a string holding JSON


DATASET_MEANINGS: dict[str, str] = {
    "articles": "one row per article version (a new row only when `content_digest` changes)",
    "ratings": "one row per rating observation",
    "polls": "one row per poll option per observation",
    "fetches": "every fetch of a run",
    "failures": "what went wrong, per URL",
    "runs": "one row per committed run",
}

COLUMNS: dict[str, dict[str, Column]] = {
    "articles": {
        "article_id": Column(
            "canonical path, no outer slashes",
            example="`en/analytics-and-comments/analytics/the-art-of-expectation-management`",
        ),
        "url": Column(
            "canonical URL (https, bare host, trailing slash)",
            example=(
                "`https://russiancouncil.ru/en/analytics-and-comments/analytics/the-art-of-expectation-mana"
                "gement/`"
            ),
        ),
        "lang": Column("`en` or `ru`", example="`en`"),
        "section": Column("analytics, comments, interview, blogs, news", example="`analytics`"),
        "title": Column("headline", example="`The Art of Expectation Management`"),
        "published": Column(
            'publication date of the article (the same in every version; see "Publication dates" below)',
            example="`2018-07-12`",
        ),
        "published_raw": Column(
            (
                "the exact string `published` was read from, from the strongest source that dates the "
                'article (see "Publication dates" below): the page\'s meta or JSON-LD, the stored value '
                "carried forward, the listing next to the link, the feed's `pubDate`, the sitemap's `lastmod`"
            ),
            example="`2018-07-12T09:00:00+03:00`, `12.07.2018`, `Thu, 12 Jul 2018 09:00:00 +0300`",
        ),
        "authors": Column(
            "authors with their position as shown at crawl time",
            example=(
                '`[{name: "Andrey Kortunov", position: "Director General of the Russian International '
                'Affairs Council, RIAC member"}]`'
            ),
            null_note="may be empty",
        ),
        "region": Column("`Region:` line", example='`["Russia", "USA"]`', null_note="may be empty"),
        "type": Column("`Type:` line", example="`Analytics`"),
        "tags": Column("tags", example='`["Russia-US relations"]`', null_note="may be empty"),
        "summary": Column(
            "the short version (teaser), paragraphs joined by one blank line",
            example="`It is evident that…\\n\\nFollowing a Russian proverb…`",
            null_note='`""` if none',
        ),
        "body": Column(
            "the full text, each paragraph once, joined by one blank line", example="`It is evident that…`"
        ),
        "word_count": Column("words in the body", example="`1873`"),
        "body_digest": Column("`sha256:` of body", example="`sha256:9f2c…`"),
        "content_digest": Column(
            (
                "`sha256:` of title, date, authors, region, type, tags, summary, body, translation link: "
                "decides a new version"
            ),
            example="`sha256:7413…`",
        ),
        "translation_url": Column(
            "link to the twin in the other language",
            example=(
                "`https://russiancouncil.ru/analytics-and-comments/analytics/iskusstvo-upravleniya-ozhidani"
                "yami/`"
            ),
        ),
        "work_id": Column(
            "id shared with the twin: the smaller of the two article ids",
            example="`analytics-and-comments/analytics/iskusstvo-upravleniya-ozhidaniyami`",
        ),
        "first_seen": Column(
            "when the archive first saw this article (any version)", example="`2026-11-28 12:00:03Z`"
        ),
        "fetched_at": Column("when the page of this version was fetched", example="`2026-11-28 12:00:03Z`"),
        "fetched_url": Column(
            (
                "the URL actually requested for this version, as `fetches.url` and the WARC record's "
                "`WARC-Target-URI` hold it (alias host, AMP copy, search link, or the replica/mirror "
                "address); `url` is its canonical form"
            ),
            example="`https://www.russiancouncil.ru/en/amp/news/foo/?sphrase_id=3`",
        ),
        "stored_at": Column(
            "when this version was stored; orders versions (also re-extractions of old captures)",
            example="`2026-11-28 12:04:10Z`",
        ),
        "run_id": Column("run that stored this version", example="`0c5c2a4e-…`"),
        "warc_file": Column(
            "WARC file of the capture, relative to the root",
            example="`warc/<run_id>/riac-<run_id>-00000.warc.gz`",
        ),
        "warc_offset": Column("byte offset of the response record", example="`183402`"),
        "warc_digest": Column("payload digest of the capture", example="`sha1:Q3…`"),
        "extractor_version": Column("version of the page classes that produced the row", example="`1.0`"),
        "warc_length": Column(
            "bytes of the response record as stored in `warc_file` (its gzip member): read `warc_offset` … "
            "`warc_offset + warc_length - 1`",
            example="`5210`",
            null_note="schema 3; null in files of schema 1 and 2",
        ),
        "warc_record_id": Column(
            "the response record's `WARC-Record-ID`",
            example="`<urn:uuid:5b1c…>`",
            null_note="schema 3; null in files of schema 1 and 2",
        ),
    },
    "ratings": {
        "article_id": Column("article observed", example="`en/news/foo`"),
        "observed_at": Column("when the page was fetched", example="`2026-11-28 12:00:03Z`"),
        "votes": Column("number of votes (0 when nobody voted)", example="`6`"),
        "average": Column("average rating, null when no votes", example="`4.5`"),
        "run_id": Column("observing run"),
    },
    "polls": {
        "poll_id": Column(
            "stable id of a question and its option wording (not counts)", example="`534d68eb14333ef4`"
        ),
        "lang": Column(
            (
                "the language copy the question belongs to, `en` or `ru`; null in files of schema version "
                "1, where `read.poll_history` tells it by the question's script"
            ),
            example="`en`",
            null_note="schema 2",
        ),
        "question": Column(
            "question without its `1. ` numbering",
            example="`In your opinion, what are the US long-term goals for Russia?`",
        ),
        "question_index": Column(
            (
                "position of the question within its language copy of the poll, from 0 (schema 1 counted "
                "across both copies; `read.poll_history` renumbers those rows)"
            ),
            example="`0`",
        ),
        "option_index": Column("position of the option, from 0", example="`2`"),
        "option_text": Column("option wording", example="`Containment`"),
        "votes": Column("votes for the option", example="`33`"),
        "percent": Column("rounded percentage shown", example="`31`"),
        "observed_at": Column("observation time (once per crawl)"),
        "run_id": Column("observing run"),
    },
    "fetches": {
        "url": Column("URL requested", example="`http://www.russiancouncil.ru/en/news/foo/?sphrase_id=1`"),
        "canonical_url": Column("its canonical form", example="`https://russiancouncil.ru/en/news/foo/`"),
        "article_id": Column("article id when it is an article URL", example="`en/news/foo`"),
        "status": Column("HTTP status, null when no response", example="`200`"),
        "content_type": Column("Content-Type header", example="`text/html; charset=windows-1251`"),
        "length": Column("payload bytes", example="`48211`"),
        "payload_digest": Column("WARC payload digest", example="`sha1:Q3…`"),
        "warc_file": Column(
            "WARC file of the response, relative to the root (for an unchanged re-fetch: the original "
            "capture's, the run wrote a `revisit` record)"
        ),
        "warc_offset": Column("byte offset of the response record in `warc_file`"),
        "fetched_at": Column("fetch time"),
        "run_id": Column("run"),
        "outcome": Column("`article`, `not-article`, `failed`, `withdrawn`", example="`article`"),
        "warc_length": Column(
            "bytes of that record as stored (its gzip member)",
            example="`5210`",
            null_note="schema 3; null in files of schema 1 and 2",
        ),
        "warc_record_id": Column(
            "that record's `WARC-Record-ID`",
            example="`<urn:uuid:5b1c…>`",
            null_note="schema 3; null in files of schema 1 and 2",
        ),
    },
    "failures": {
        "url": Column("URL concerned"),
        "run_id": Column("run"),
        "stage": Column("`fetch`, `extract` or `store`", example="`extract`"),
        "error_type": Column("short machine-readable kind", example="`empty-body`"),
        "message": Column(
            "one line a person can read (page failures: `<outcome>: <reason>`)",
            example="`failed: no paragraphs after boilerplate removal`",
        ),
        "at": Column("when"),
    },
    "runs": {
        "run_id": Column("run id (Prefect flow run id when there is one)"),
        "flow": Column("flow name", example="`archive`"),
        "parameters": Column("the run's parameters", example='`{"articles": 50}`', json=True),
        "started_at": Column("when the run started"),
        "finished_at": Column("when the run finished"),
        "status": Column("final state", example="`completed`"),
        "counts": Column(
            "counters (`json_extract(counts, '$.articles_new')` in DuckDB)",
            example='`{"fetched": 120, "articles_new": 12}`',
            json=True,
        ),
        "extractor_version": Column("extractor used by the run", example="`1.0`"),
    },
}

# columns that readers add (not stored in the files): latest_articles' withdrawn_at
DERIVED_COLUMNS: dict[str, dict[str, Column]] = {
    "latest_articles": {
        "withdrawn_at": Column(
            "when the archive first found the article withdrawn (a 404 or 410 for a known article: the "
            "first `fetches` row with `outcome = 'withdrawn'` after its last fetch as an article); null "
            "while it is live, and again once it comes back (which stores a new version)",
            example="`2025-03-05 06:00:07Z`",
        ),
    },
}


def describe(dataset: str, column: str) -> str:
    """The column's meaning as plain text (no Markdown backticks), for comments and catalogues."""
    return plain(COLUMNS[dataset][column].meaning)


def plain(text: str) -> str:
    return text.replace("`", "")


def type_name(type_: pa.DataType) -> str:
    """An Arrow type as the docs write it: ``string``, ``timestamp UTC``, ``list<struct<...>>``."""
    if pa.types.is_timestamp(type_):
        return "timestamp UTC" if type_.tz == "UTC" else f"timestamp {type_.tz or ''}".strip()
    if pa.types.is_float64(type_):
        return "float64"
    if pa.types.is_date32(type_):
        return "date32"
    if pa.types.is_list(type_):
        return f"list<{type_name(type_.value_type)}>"
    if pa.types.is_struct(type_):
        inner = ", ".join(f"{field.name}: {type_name(field.type)}" for field in type_)
        return f"struct<{inner}>"
    return str(type_)


def markdown_table(dataset: str) -> str:
    """The docs' table of one dataset: column, type, null, meaning, example."""
    lines = ["| column | type | null | meaning | example |", "|---|---|---|---|---|"]
    for field in SCHEMAS[dataset]:
        column = COLUMNS[dataset][field.name]
        type_ = type_name(field.type) + (" (JSON)" if column.json else "")
        null = "yes" if field.nullable else "no"
        if column.null_note:
            null += f" ({column.null_note})"
        example = f" {column.example} |" if column.example else " |"
        lines.append(f"| {field.name} | {type_} | {null} | {column.meaning} |{example}")
    return "\n".join(lines)


def undescribed() -> dict[str, list[str]]:
    """Columns of the schemas that this dictionary does not describe (should be none)."""
    missing = {name: [f for f in SCHEMAS[name].names if f not in COLUMNS.get(name, {})] for name in DATASETS}
    return {name: columns for name, columns in missing.items() if columns}


if __name__ == "__main__":
    for name in DATASETS:
        print(f"### {name} — {DATASET_MEANINGS[name]}\n{markdown_table(name)}\n")
