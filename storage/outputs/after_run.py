"""After an archive run commits: the report rebuilt and the dataset card refreshed, as one call the
flow makes (``flows/archive.py``), so the report and the card always describe the latest run."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from storage import read
from storage.outputs.dataset_card import write_card
from storage.outputs.research_report import ReportResult, build_report

REPORT_FOLDER = "report"  # under the run's local data directory


@dataclass(slots=True)
class RunOutputs:
    report: ReportResult
    card: list[str]  # the card's files (in the datasets root)

    def health_png_base64(self) -> str:
        return base64.b64encode(self.report.health_chart.read_bytes()).decode("ascii")

    def markdown(self) -> str:
        """The run's health chart (embedded) and the report's summary, for a Prefect artifact."""
        return "\n".join(
            [
                "## Archive health per run",
                "",
                f"![Archive health per run](data:image/png;base64,{self.health_png_base64()})",
                "",
                self.report.summary_markdown(),
                "",
                "Dataset card: " + ", ".join(f"`{path}`" for path in self.card),
            ]
        )


def refresh_outputs(datasets_root: read.Root, data_dir: str | Path) -> RunOutputs:
    """Rebuild ``<data_dir>/report/`` from the datasets and rewrite the card in the datasets root."""
    report = build_report(datasets_root, Path(data_dir) / REPORT_FOLDER)
    return RunOutputs(report, write_card(datasets_root))
