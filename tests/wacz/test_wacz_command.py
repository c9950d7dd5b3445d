"""``riac-archive wacz``: the WACZ 1.1.1 layout, its index and pages agree with the datasets'
rows, ``wacz validate`` accepts it, run selection takes the originals of revisits along, and the
command refuses with one line what it cannot do."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from flows.wacz_command import wacz


def _cdxj(archive: zipfile.ZipFile) -> list[dict[str, Any]]:
    text = gzip.decompress(archive.read("indexes/index.cdx.gz")).decode("utf-8")
    entries = []
    for line in text.splitlines():
        surt, timestamp, block = line.split(" ", 2)
        entries.append({"surt": surt, "timestamp": timestamp, **json.loads(block)})
    return entries


def test_the_package_has_the_wacz_layout_with_warc_files_stored(
    package: Path, archived: dict[str, Any]
) -> None:
    data = archived["data"]
    with zipfile.ZipFile(package) as archive:
        infos = {info.filename: info for info in archive.infolist()}
        warcs = sorted(name for name in infos if name.startswith("archive/"))
        on_disk = sorted(path.name for path in (data / "warc").glob("*/*.warc.gz"))
        assert [name.removeprefix("archive/") for name in warcs] == on_disk
        for name in warcs:  # stored, not deflated: a reader can range-request a record in the zip
            assert infos[name].compress_type == zipfile.ZIP_STORED
            assert archive.read(name) == next((data / "warc").glob(f"*/{Path(name).name}")).read_bytes()
        assert {
            "indexes/index.cdx.gz",
            "pages/pages.jsonl",
            "datapackage.json",
            "datapackage-digest.json",
        } <= set(infos)
        package_json = json.loads(archive.read("datapackage.json"))
        assert package_json["profile"] == "data-package" and package_json["wacz_version"] == "1.1.1"
        resources = {r["path"]: r for r in package_json["resources"]}
        assert set(resources) == set(infos) - {"datapackage.json", "datapackage-digest.json"}
        for path, resource in resources.items():
            content = archive.read(path)
            assert resource["bytes"] == len(content)
            assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
        digest = json.loads(archive.read("datapackage-digest.json"))
        assert digest["path"] == "datapackage.json"
        assert digest["hash"] == "sha256:" + hashlib.sha256(archive.read("datapackage.json")).hexdigest()


def test_pages_list_every_archived_article_with_its_text(package: Path, archived: dict[str, Any]) -> None:
    from storage import read

    with zipfile.ZipFile(package) as archive:
        lines = [json.loads(line) for line in archive.read("pages/pages.jsonl").decode().splitlines()]
    header, pages = lines[0], lines[1:]
    assert header["format"] == "json-pages-1.0" and header["hasText"] is True
    rows = read.read_table(archived["data"], "articles").to_pylist()
    assert len(pages) == len(rows) == 12
    by_url = {page["url"]: page for page in pages}
    for row in rows:
        page = by_url[row["fetched_url"]]
        assert page["title"] == row["title"] and page["text"] == row["body"]
        assert page["ts"] == read.warc_record(archived["data"], row).date  # the record's WARC-Date
        assert page["url"].startswith(archived["site"].base_url)  # the URL replay finds in the WARC


def test_the_cdxj_index_names_the_records_the_rows_point_at(package: Path, archived: dict[str, Any]) -> None:
    from storage import read

    with zipfile.ZipFile(package) as archive:
        index = _cdxj(archive)
    located = {(e["filename"], int(e["offset"]), int(e["length"])): e for e in index}
    fetches = read.read_table(archived["data"], "fetches").to_pylist()
    answered = [r for r in fetches if r["warc_file"]]
    assert len(answered) > 30
    for row in answered:
        entry = located[(Path(row["warc_file"]).name, row["warc_offset"], row["warc_length"])]
        assert entry["url"] == row["url"] and entry["digest"] == row["payload_digest"]
    revisits = [e for e in index if e.get("mime") == "warc/revisit"]
    assert len(revisits) >= 12  # the second run's unchanged pages


def test_wacz_validate_accepts_the_package(package: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "wacz", "validate", "-f", str(package)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Validation succeeded, the passed WACZ is valid" in done.stdout


def test_one_run_takes_the_files_of_its_revisits_originals(archived: dict[str, Any], tmp_path: Path) -> None:
    first, second = archived["runs"]
    out = tmp_path / "second.wacz"
    result = CliRunner().invoke(wacz, ["--data", str(archived["data"]), "--out", str(out), "--run", second])
    assert result.exit_code == 0, result.output
    assert "1 runs" in result.output
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        pages = archive.read("pages/pages.jsonl").decode().splitlines()
    assert any(f"riac-{second}-" in name for name in names)
    assert any(f"riac-{first}-" in name for name in names)  # the originals its revisits point at
    assert len(pages) == 1  # the header: the second run stored no new article version

    by_day = tmp_path / "day.wacz"
    day = archived["days"][1].isoformat()
    args = ["--data", str(archived["data"]), "--out", str(by_day), "--since", day, "--until", day]
    assert CliRunner().invoke(wacz, args).exit_code == 0
    with zipfile.ZipFile(by_day) as archive:
        assert sorted(n for n in archive.namelist() if n.startswith("archive/")) == sorted(
            n for n in names if n.startswith("archive/")
        )


def test_what_the_command_cannot_do_is_one_line_and_writes_nothing(
    archived: dict[str, Any], tmp_path: Path
) -> None:
    data = str(archived["data"])
    runner = CliRunner()
    cases = {
        "no runs selected": ["--data", data, "--out", str(tmp_path / "a.wacz"), "--since", "2099-01-01"],
        "no captures of run": ["--data", data, "--out", str(tmp_path / "a.wacz"), "--run", "no-such-run"],
        "does not exist": ["--data", str(tmp_path / "nothing"), "--out", str(tmp_path / "a.wacz")],
        "does not exist: no archive": [
            "--data",
            str(tmp_path / "nothing"),
            "--out",
            str(tmp_path / "a.wacz"),
        ],
        "cannot write in": ["--data", data, "--out", "/proc/a.wacz"],
        "the folder": ["--data", data, "--out", str(tmp_path / "missing" / "a.wacz")],
    }
    for expected, args in cases.items():
        result = runner.invoke(wacz, args)
        assert result.exit_code == 1, (expected, result.output)
        assert expected in result.output and len(result.output.strip().splitlines()) == 1, result.output
    assert list(tmp_path.iterdir()) == []
    bad_date = runner.invoke(wacz, ["--data", data, "--out", str(tmp_path / "a.wacz"), "--since", "March"])
    assert bad_date.exit_code == 2 and "YYYY-MM-DD" in bad_date.output


def test_a_crawl_packages_its_own_run_when_asked(replica: Any, tmp_path: Path) -> None:
    from flows.cli import main
    from storage import read

    data, folder = tmp_path / "data", tmp_path / "packages"
    args = ["crawl", "--site", replica.base_url, "--data", str(data), "--unthrottled", "--no-prefect"]
    result = CliRunner().invoke(main, [*args, "--lang", "en", "--wacz", str(folder)])
    assert result.exit_code == 0, result.output
    (run,) = read.read_table(data, "runs").column("run_id").to_pylist()
    package = folder / f"{run}.wacz"  # a folder: one package per run, named after it
    with zipfile.ZipFile(package) as archive:
        pages = archive.read("pages/pages.jsonl").decode().splitlines()
        names = archive.namelist()
    assert len(pages) - 1 == read.count_rows(data, "articles") > 0
    assert sorted(n.removeprefix("archive/") for n in names if n.startswith("archive/")) == sorted(
        p.name for p in (data / "warc" / run).glob("*.warc.gz")
    )


def test_a_row_reads_its_record_straight_from_the_package(package: Path, archived: dict[str, Any]) -> None:
    """The WARC files are stored as they are: a row's offset and length hold inside the zip too."""
    from storage import read
    from storage.warc_records import parse_record

    rows = read.read_table(archived["data"], "articles").to_pylist()
    with zipfile.ZipFile(package) as archive:
        for row in rows:
            with archive.open("archive/" + Path(row["warc_file"]).name) as member:
                member.seek(row["warc_offset"])
                raw = member.read(row["warc_length"])
            record = parse_record(raw)
            assert record.record_id == row["warc_record_id"]
            assert raw == read.warc_record(archived["data"], row).raw


def test_served_archive_runs_package_themselves_when_serve_is_given_a_folder(tmp_path: Path) -> None:
    """``serve --wacz DIR``: the daily archive deployment carries the folder, the flow accepts it
    (the flow's own packaging is tested in tests/flows/test_archive_flow.py); refresh runs do not."""
    from flows.archive import archive
    from flows.deploy import deployments

    served = {d.name: d for d in deployments("http://127.0.0.1:9", str(tmp_path), wacz=str(tmp_path / "p"))}
    options = served["archive-daily"].parameters["options"]  # the flow's one parameter, whole
    assert options["wacz"] == str(tmp_path / "p")
    assert archive.validate_parameters(served["archive-daily"].parameters)["options"].wacz == tmp_path / "p"
    assert served["refresh"].parameters["options"]["wacz"] is None
    assert "options" not in served["compact-weekly"].parameters
    plain = {d.name: d for d in deployments("http://127.0.0.1:9", str(tmp_path))}
    assert plain["archive-daily"].parameters["options"]["wacz"] is None
