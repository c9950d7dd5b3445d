"""The layers' boundaries, read from the source (every import, lazy ones included).

storage/ knows Arrow and files: no Scrapy, Twisted, Prefect and nothing of flows/; crawler/pages/
knows HTML and text: no Scrapy, Twisted, Prefect, storage/ or flows/; nothing in crawler/ imports
Prefect or flows/ (flows/ wires crawler/ and storage/ together, never the other way round).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "storage": {"scrapy", "twisted", "prefect", "flows"},
    "crawler/pages": {"scrapy", "twisted", "prefect", "flows", "storage"},
    "crawler": {"prefect", "flows"},
}


def imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_nothing_across_its_boundary(package: str) -> None:
    crossing = {
        str(path.relative_to(REPO)): sorted(imported_roots(path) & FORBIDDEN[package])
        for path in sorted((REPO / package).rglob("*.py"))
    }
    assert {path: roots for path, roots in crossing.items() if roots} == {}


def test_flows_holds_no_module_of_the_other_layers() -> None:
    """The crawl-and-extract stage lives in crawler/stage/, the known state and planning in storage/."""
    names = {path.stem for path in (REPO / "flows").glob("*.py")}
    moved = {"extract_batch", "stream", "spill", "coverage", "crawl_stage"}  # now crawler/stage/
    moved |= {"known", "store", "policy", "report"}  # now storage/
    assert names & moved == set()


def test_no_two_modules_share_a_name() -> None:
    """A module's name tells where it is: only ``__init__`` and a ``cli`` per package repeat."""
    by_name: dict[str, list[str]] = {}
    for package in ("crawler", "flows", "storage"):
        for path in sorted((REPO / package).rglob("*.py")):
            by_name.setdefault(path.stem, []).append(str(path.relative_to(REPO)))
    repeated = {name: paths for name, paths in by_name.items() if len(paths) > 1}
    assert set(repeated) <= {"__init__", "cli"}, repeated


def test_only_the_report_charts_import_matplotlib() -> None:
    """Plotting stays in storage/outputs/charts.py, which only the report's modules import (and the
    flows import those lazily, inside the task that draws)."""
    importers = {
        str(path.relative_to(REPO))
        for package in ("crawler", "flows", "storage")
        for path in sorted((REPO / package).rglob("*.py"))
        if "matplotlib" in imported_roots(path)
    }
    assert importers == {"storage/outputs/charts.py"}


def private_imports(path: Path) -> list[str]:
    """``from a.b import _name`` of the product's own modules: a name another module keeps to itself."""
    return [
        f"{node.module}.{alias.name}"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
        if node.module.split(".")[0] in {"crawler", "flows", "storage"}
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]


def test_no_module_imports_another_modules_private_names() -> None:
    """Shared helpers get a public home (the command modules' is flows/command_support.py)."""
    found = {
        str(path.relative_to(REPO)): private_imports(path)
        for package in ("crawler", "flows", "storage", "benchmarks")
        for path in sorted((REPO / package).rglob("*.py"))
    }
    assert {path: names for path, names in found.items() if names} == {}
