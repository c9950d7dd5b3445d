from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from flows.demo import run_demo
from storage.run_report import RunReport


def test_demo_archives_the_replica_over_days_and_prints_working_one_liners(tmp_path: Path) -> None:
    out = io.StringIO()
    data = tmp_path / "demo"
    reports = run_demo(data=data, days=2, articles=20, console=Console(file=out, width=300))
    assert [type(r) for r in reports] == [RunReport, RunReport]
    assert reports[0].articles_new == 20 and reports[1].articles_new == 4
    text = out.getvalue()
    assert "day 2 (2025-03-04)" in text and "Load the data" in text
    commands = [line for line in text.splitlines() if " -c " in line]
    assert len(commands) == 3
    for command in commands:  # the printed one-liners run as printed
        done = subprocess.run(command, shell=True, capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr.decode()
    assert str(sys.executable) in commands[0]
    # the demo ends with the report and the dataset card of what it archived (24 articles, 2 runs)
    page = (data / "report" / "index.html").read_text(encoding="utf-8")
    assert "24 (" in page and "Report: " in text
    health = (data / "report" / "archive_health.csv").read_text(encoding="utf-8").splitlines()
    assert len(health) == 1 + 2  # a header and one line per run
    card = (data / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\n") and "configs:" in card
    assert (data / "croissant.json").is_file() and (data / "datapackage.json").is_file()


def test_demo_never_empties_a_directory_it_did_not_create(tmp_path: Path) -> None:
    import pytest

    from flows.demo import prepare_data_dir

    precious = tmp_path / "data"
    precious.mkdir()
    (precious / "thesis.tex").write_text("x")
    with pytest.raises(SystemExit, match="not a demo directory"):
        prepare_data_dir(precious)
    assert (precious / "thesis.tex").exists()
    demo_dir = tmp_path / "demo"
    prepare_data_dir(demo_dir)
    (demo_dir / "articles").mkdir()
    prepare_data_dir(demo_dir)
    assert [p.name for p in demo_dir.iterdir()] == [".riac-demo"]
