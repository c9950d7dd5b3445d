from __future__ import annotations

from storage.run_report import FailureLine, RunReport, check_drift, to_markdown, to_table


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
    for expected in (
        "| Pages fetched | 70 |",
        "| New articles | 48 |",
        "49 of 50",
        "404: 2",
        "## Failed for good",
    ):
        assert expected in text
    table = {row["figure"]: row["value"] for row in to_table(report)}
    assert table["pages fetched"] == 70
    assert table["failures"] == 2
    assert table["sitemap coverage"] == "98.0%"


def test_failures_a_retry_fixed_are_not_failed_for_good_and_missing_articles_are_named() -> None:
    report = _report(3, 0)
    flaky, dead = "https://russiancouncil.ru/en/news/flaky/", "https://russiancouncil.ru/en/news/dead/"
    report.failures = [
        FailureLine(flaky, "http", "HTTP 503", "fetch", article=True),
        FailureLine(dead, "timeout", "timed out", "fetch", article=True),
        FailureLine(dead, "timeout", "timed out", "fetch", article=True),
    ]
    report.answered_urls = {flaky}  # a later attempt of it was fetched
    report.sitemap_listed, report.sitemap_covered = 150, 149
    report.missing_articles = [dead]
    text = to_markdown(report)
    good, recovered = text.split("## Failed for good")[1].split("## Recovered on retry")
    assert dead in good and flaky not in good
    assert flaky in recovered and dead not in recovered.split("## Listed but not archived")[0]
    assert "| … failed for good | 2 |" in text and "| … recovered on retry | 1 |" in text
    assert text.split("## Listed but not archived")[1].strip().splitlines() == [f"- {dead}"]
    table = {row["figure"]: row["value"] for row in to_table(report)}
    assert (table["failed for good"], table["recovered on retry"], table["listed but not archived"]) == (
        2,
        1,
        1,
    )


def test_a_run_that_reached_nothing_or_lost_most_articles_fails() -> None:
    from storage.run_report import FETCH_FAILURE_THRESHOLD, check_outcome

    report = _report(0, 0)
    report.entry_points_tried, report.entry_points_answered = 20, 0
    report.failures = [FailureLine("http://127.0.0.1:1/robots.txt", "connection-refused", "refused", "fetch")]
    message = check_outcome(report, drift_threshold=0.3)
    assert message is not None and message.startswith("Run failed: none of 20 fetches of robots.txt")
    assert "connection-refused ×1" in message
    report.entry_points_answered = 1  # the site answered something: not this failure
    assert check_outcome(report, drift_threshold=0.3) is None

    urls = [f"https://russiancouncil.ru/en/news/{i}/" for i in range(10)]
    report.article_urls = set(urls)
    failing = int(len(urls) * FETCH_FAILURE_THRESHOLD) + 1
    report.failures = [FailureLine(u, "http", "HTTP 500", "fetch", article=True) for u in urls[:failing]]
    report.answered_urls = set(urls[failing:])
    message = check_outcome(report, drift_threshold=0.3)
    assert message is not None and f"{failing} of 10 article pages" in message
    report.answered_urls.add(urls[0])  # recovered on retry: now exactly at the threshold, not above
    assert check_outcome(report, drift_threshold=0.3) is None
    report.idle = "nothing to refresh"
    report.answered_urls.discard(urls[0])
    assert check_outcome(report, drift_threshold=0.3) is None
