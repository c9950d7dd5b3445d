"""The fixed words of the dataset card: name, description, licence and citation, and where each
dataset's files are."""

from __future__ import annotations

from storage.schemas import PARTITIONS

NAME = "riac-archive"
SITE = "https://russiancouncil.ru"
DESCRIPTION = (
    "An archive over time of the analytical publications of the Russian International Affairs "
    "Council (russiancouncil.ru), in English and Russian: every version of every article (full text, "
    "short version, authors, dates), rating and site poll observations, and every fetch, failure and "
    "run of the archive. Each row points back to the raw HTTP response kept in WARC files."
)
LICENSE = "other"
LICENSE_NAME = "riac-content"
LICENSE_URL = "https://russiancouncil.ru/en/"
LICENSE_NOTE = (
    "The texts, ratings and polls are the Russian International Affairs Council's publications, "
    "archived for research; their copyright stays with the Council and their authors (check the "
    "site's terms before redistributing them). The archive's code is MIT-licensed."
)
CITATION = "riac-archive: an archive of russiancouncil.ru analytical publications over time"


def glob_of(dataset: str) -> str:
    """The data files of a dataset, relative to the root, as a glob (partition folders, if any)."""
    partition = PARTITIONS[dataset]
    return f"{dataset}/*.parquet" if partition is None else f"{dataset}/{partition[0]}=*/*.parquet"
