from __future__ import annotations

from flows.report import FailureLine, RunReport, check_drift, to_markdown, to_table


def _report(pages: int, failed: int) -> RunReport:
    report = RunReport(flow="archive", run_id="r1", site="http://127.0.0.1:1", day_label="2025-03-04")
    report.article_pages = pages
    report.failures = [
        FailureLine(f"https://russiancouncil.ru/en/news/{i}/", "no-body", "empty") for i in range(failed)
    ]
    return report


def test_drift_alarm_fires_above_threshold_only() -> None:
    assert check_drift(_report(100, 30), threshold=0.3) is None
    message = check_drift(_report(100, 31), threshold=0.3)
    assert message is not None
    assert "31 of 100" in message and "layout" in message and "no-body" in message


def test_drift_alarm_ignores_tiny_runs_and_http_failures() -> None:
    assert check_drift(_report(5, 5), threshold=0.3) is None
    report = _report(20, 0)
    report.failures = [FailureLine("u", "http", "503")] * 20
    assert check_drift(report, threshold=0.3) is None


def test_markdown_and_table_show_every_figure() -> None:
    report = _report(50, 2)
    report.pages_fetched, report.articles_new, report.sitemap_listed, report.sitemap_covered = 70, 48, 50, 49
    report.http_status.update({200: 68, 404: 2})
    text = to_markdown(report)
    for expected in ("| Pages fetched | 70 |", "| New articles | 48 |", "49 of 50", "404: 2", "## Failures"):
        assert expected in text
    table = {row["figure"]: row["value"] for row in to_table(report)}
    assert table["pages fetched"] == 70
    assert table["failures"] == 2
    assert table["sitemap coverage"] == "98.0%"
