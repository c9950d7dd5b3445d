"""The report's ``index.html``: one static page (inline CSS, relative links to the PNG and CSV files
beside it), so it opens from disk and from any static file server."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from typing import Any

from storage.outputs.series import Window

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; }
img { max-width: 100%; border: 1px solid #eee; } .note { color: #555; }
table { border-collapse: collapse; font-size: 0.9em; } td, th { border: 1px solid #ddd; padding: 2px 8px; }
pre { background: #f6f8fa; padding: 0.8em; overflow-x: auto; font-size: 0.8em; }
.add { color: #116329; } .del { color: #82071e; } nav a { margin-right: 1em; }
"""


@dataclass(slots=True)
class Section:
    key: str
    title: str
    chart: str  # file name of the PNG beside index.html
    csvs: list[str]  # file names of the chart's data
    note: str = ""
    diffs: list[tuple[str, str]] = field(default_factory=list)  # (article id, unified diff)
    table: list[dict[str, Any]] = field(default_factory=list)  # a few rows shown under the chart


def render_page(sections: list[Section], summary: dict[str, Any], window: Window) -> str:
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>riac-archive report</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>riac-archive: what the archive holds and how it changed</h1>",
        f'<p class="note">Generated {made} from the committed datasets.</p>',
        "<table>",
        *(f"<tr><th>{escape(str(k))}</th><td>{escape(str(v))}</td></tr>" for k, v in summary.items()),
        "</table>",
        "<nav>",
        *(f'<a href="#{s.key}">{escape(s.title)}</a>' for s in sections),
        "</nav>",
    ]
    for section in sections:
        parts += [
            f'<h2 id="{section.key}">{escape(section.title)}</h2>',
            f'<p class="note">{escape(section.note)}</p>',
            f'<img src="{escape(section.chart)}" alt="{escape(section.title)}">',
            "<p>Data: " + ", ".join(f'<a href="{escape(c)}">{escape(c)}</a>' for c in section.csvs) + "</p>",
        ]
        if section.table:
            columns = list(section.table[0])
            parts.append("<table><tr>" + "".join(f"<th>{escape(c)}</th>" for c in columns) + "</tr>")
            for row in section.table:
                parts.append("<tr>" + "".join(f"<td>{escape(str(row[c]))}</td>" for c in columns) + "</tr>")
            parts.append("</table>")
        for article_id, diff in section.diffs:
            parts += [f"<h3>{escape(article_id)}</h3>", f"<pre>{_diff_html(diff)}</pre>"]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _diff_html(diff: str) -> str:
    lines = []
    for line in diff.splitlines():
        css = "add" if line.startswith("+") else "del" if line.startswith("-") else ""
        lines.append(f'<span class="{css}">{escape(line)}</span>' if css else escape(line))
    return "\n".join(lines)
