"""``riac-archive card``: README.md (Hugging Face front matter naming each dataset's files, provenance),
croissant.json that ``mlcroissant validate`` passes and that mlcroissant reads records from, and a
datapackage.json that ``frictionless validate`` passes, with every field typed and described."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from flows.cli import main
from storage import read
from storage.dictionary import describe
from storage.schemas import DATASETS, SCHEMAS
from storage.snapshot import snapshot
from storage.store import open_store

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def carded(demo_archive: Path) -> Path:
    done = CliRunner().invoke(main, ["card", "--data", str(demo_archive)])
    assert done.exit_code == 0, done.output
    assert done.output.split() == [
        str(demo_archive / n) for n in ("README.md", "croissant.json", "datapackage.json")
    ]
    return demo_archive


def test_readme_front_matter_names_each_datasets_files_and_the_provenance(carded: Path) -> None:
    text = (carded / "README.md").read_text(encoding="utf-8")
    _, matter, body = text.split("---\n", 2)
    front = yaml.safe_load(matter)
    assert front["license"] == "other" and front["language"] == ["en", "ru"]
    configs = {c["config_name"]: c["data_files"][0]["path"] for c in front["configs"]}
    assert list(configs) == list(DATASETS)
    store = open_store(carded)
    for name, pattern in configs.items():  # each config's glob names exactly the dataset's committed files
        on_disk = sorted(str(p.relative_to(carded)) for p in carded.glob(pattern))
        assert on_disk == sorted(snapshot(store, name).files), name
    con = read.connect(carded)
    first, last = con.sql("SELECT min(fetched_at), max(fetched_at) FROM fetches").fetchall()[0]
    [(runs,)] = con.sql("SELECT count(*) FROM runs").fetchall()
    [(version,)] = con.sql("SELECT DISTINCT extractor_version FROM articles").fetchall()
    assert f"{runs} runs, {first:%Y-%m-%d %H:%M} to {last:%Y-%m-%d %H:%M} UTC" in body
    assert version in body and "WARC" in body
    for name in DATASETS:
        assert f"| `{name}` | {read.count_rows(carded, name)} |" in body


def test_croissant_validates_and_reads_the_records(carded: Path) -> None:
    document = json.loads((carded / "croissant.json").read_text(encoding="utf-8"))
    assert document["conformsTo"] == "http://mlcommons.org/croissant/1.1"
    fields = {rs["name"]: [f["name"] for f in rs["field"]] for rs in document["recordSet"]}
    assert fields == {name: SCHEMAS[name].names for name in DATASETS}
    done = subprocess.run(
        [BIN / "mlcroissant", "validate", "--jsonld", "croissant.json"],
        cwd=carded,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "error" not in done.stderr.lower()
    import mlcroissant as mlc

    dataset = mlc.Dataset(jsonld=str(carded / "croissant.json"))
    assert sum(1 for _ in dataset.records("ratings")) == read.count_rows(carded, "ratings")


def test_datapackage_types_and_describes_every_field_and_frictionless_passes(carded: Path) -> None:
    package = json.loads((carded / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        name = resource["name"]
        assert [f["name"] for f in resource["schema"]["fields"]] == SCHEMAS[name].names
        for field in resource["schema"]["fields"]:
            assert field["type"] and field["arrowType"]
            assert field["description"] == describe(name, field["name"])
    types = {f["name"]: f["type"] for f in package["resources"][0]["schema"]["fields"]}
    assert (types["published"], types["stored_at"], types["word_count"]) == ("date", "datetime", "integer")
    done = subprocess.run(
        [BIN / "frictionless", "validate", "--json", "datapackage.json"],
        cwd=carded,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    report = json.loads(done.stdout)
    assert report["valid"] is True
    assert [task["name"] for task in report["tasks"]] == list(DATASETS)  # all six have files
    # Frictionless reads a resource of several Parquet files as one stream (so one file's rows): every
    # file as a resource of its own, with the same schema, checks every row
    split = dict(package, resources=[])
    for resource in package["resources"]:
        paths = resource["path"] if isinstance(resource["path"], list) else [resource["path"]]
        for number, path in enumerate(paths):
            split["resources"].append(dict(resource, name=f"{resource['name']}-{number}", path=path))
    (carded / "every-file.json").write_text(json.dumps(split), encoding="utf-8")
    done = subprocess.run(
        [BIN / "frictionless", "validate", "--json", "every-file.json"],
        cwd=carded,
        capture_output=True,
        text=True,
        timeout=300,
    )
    (carded / "every-file.json").unlink()
    assert done.returncode == 0, done.stdout[-3000:]
    tasks = json.loads(done.stdout)["tasks"]
    rows = sum(task["stats"].get("rows") or 0 for task in tasks if task["name"].startswith("articles-"))
    assert rows == read.count_rows(carded, "articles")
