from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from flows.demo import run_demo
from flows.report import RunReport


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
