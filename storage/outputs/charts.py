"""The report's charts, drawn with matplotlib's Agg backend (no display, no network) as PNG files.

Each function takes the series of ``storage.outputs.series`` and a path, draws one figure and
closes it. A chart with no data says so instead of drawing empty axes.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # before pyplot: render to files only

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pyarrow as pa
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

DPI = 100
MAX_POLL_PANELS = 8  # the most recently observed questions (the CSV has them all)


def _save(figure: Figure, path: Path) -> Path:
    figure.tight_layout()
    figure.savefig(path, dpi=DPI)
    plt.close(figure)
    return path


def _empty(path: Path, title: str) -> Path:
    figure, axes = plt.subplots(figsize=(8, 2.5))
    axes.set_axis_off()
    axes.text(0.5, 0.5, f"{title}: no data in this period", ha="center", va="center", fontsize=12)
    return _save(figure, path)


MAX_BAR_MONTHS = 36  # more months than this: stacked step areas (one shape per section, not a bar each)


def _month_range(first: str, last: str) -> list[str]:
    year, month = map(int, first.split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def publications(table: pa.Table, path: Path) -> Path:
    """Articles per publication month stacked by section, one panel per language (every month from
    the first to the last, empty ones included)."""
    if table.num_rows == 0:
        return _empty(path, "Publications")
    rows = table.to_pylist()
    langs = sorted({r["lang"] for r in rows})
    sections = sorted({r["section"] for r in rows})
    months = _month_range(min(r["month"] for r in rows), max(r["month"] for r in rows))
    index = {m: i for i, m in enumerate(months)}
    counts = {(r["lang"], r["section"], index[r["month"]]): r["articles"] for r in rows}
    figure, panels = plt.subplots(len(langs), 1, figsize=(11, 2.8 * len(langs)), sharex=True, squeeze=False)
    positions = range(len(months))
    for axes, lang in zip(panels[:, 0], langs, strict=True):
        stacks = [[counts.get((lang, section, i), 0) for i in positions] for section in sections]
        if len(months) > MAX_BAR_MONTHS:
            axes.stackplot(positions, *stacks, labels=sections, step="mid")
        else:
            bottom = [0] * len(months)
            for section, heights in zip(sections, stacks, strict=True):
                axes.bar(positions, heights, bottom=bottom, label=section, width=0.9)
                bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
        axes.set_ylabel(f"{lang}: articles")
        axes.set_title(f"Publications per month by section ({lang})", fontsize=10)
    panels[0, 0].legend(fontsize=8, ncol=len(sections), loc="upper left")
    step = max(1, len(months) // 24)
    panels[-1, 0].set_xticks(range(0, len(months), step), months[::step], rotation=60, fontsize=7)
    return _save(figure, path)


def ratings(trajectories: pa.Table, averages: pa.Table, path: Path) -> Path:
    """Left: the average rating over time of the most-voted articles; right: distribution of averages."""
    figure, (left, right) = plt.subplots(1, 2, figsize=(12, 4), gridspec_kw={"width_ratios": [3, 2]})
    series: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in trajectories.to_pylist():
        series[r["article_id"]].append(r)
    for article, points in series.items():
        label = (points[0]["title"] or article)[:40] + f" ({points[-1]['votes']} votes)"
        left.plot([p["observed_at"] for p in points], [p["average"] for p in points], marker="o", label=label)
    moments = [p["observed_at"] for points in series.values() for p in points]
    if moments and max(moments) - min(moments) < timedelta(days=1):
        # one observation round (a short archive): a day either side, not ticks in milliseconds
        left.set_xlim(min(moments) - timedelta(days=1), max(moments) + timedelta(days=1))  # type: ignore[arg-type]
    left.set_title("Average rating of the most-voted articles", fontsize=10)
    left.set_ylabel("average (1-5)")
    left.xaxis.set_major_formatter(mdates.ConciseDateFormatter(left.xaxis.get_major_locator()))
    left.tick_params(axis="x", labelrotation=30, labelsize=7)
    if series:
        left.legend(fontsize=6, loc="lower left")
    bins = averages.to_pylist()
    right.bar(
        [b["bin_start"] for b in bins],
        [b["articles"] for b in bins],
        width=[b["bin_end"] - b["bin_start"] for b in bins],
        align="edge",
        edgecolor="white",
    )
    right.set_title("Distribution of averages (rated articles)", fontsize=10)
    right.set_xlabel("average rating")
    right.set_ylabel("articles")
    return _save(figure, path)


def polls(table: pa.Table, path: Path) -> Path:
    """Stacked shares of each option over time, one panel per question and language copy."""
    if table.num_rows == 0:
        return _empty(path, "Polls")
    questions: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in table.to_pylist():
        questions[(r["lang"], r["poll_id"])].append(r)
    latest = sorted(questions, key=lambda key: max(r["observed_at"] for r in questions[key]), reverse=True)
    shown = sorted(latest[:MAX_POLL_PANELS])
    columns = 2 if len(shown) > 1 else 1
    lines = (len(shown) + columns - 1) // columns
    figure, panels = plt.subplots(lines, columns, figsize=(12, 3.2 * lines), squeeze=False)
    for axes, key in zip(panels.flat, shown, strict=False):
        rows = questions[key]
        times = sorted({r["observed_at"] for r in rows})
        options = sorted({(r["option_index"], r["option_text"]) for r in rows})
        share = {(r["observed_at"], r["option_index"]): r["share"] for r in rows}
        stacks = [[share.get((t, index), 0.0) for t in times] for index, _ in options]
        labels = [text[:35] for _, text in options]
        if len(times) == 1:  # one observation: a single stacked bar
            bottom = 0.0
            for values, label in zip(stacks, labels, strict=True):
                axes.bar([0], values, bottom=bottom, label=label, width=0.5)
                bottom += values[0]
            axes.set_xticks([0], [times[0].strftime("%Y-%m-%d")])
        else:
            axes.stackplot(times, *stacks, labels=labels)
            axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(axes.xaxis.get_major_locator()))
        question = rows[0]["question"]
        axes.set_title(f"[{key[0]}] {question[:70]}", fontsize=8)
        axes.set_ylim(0, 1)
        axes.set_ylabel("share of votes", fontsize=7)
        axes.legend(fontsize=6, loc="upper left")
    for axes in list(panels.flat)[len(shown) :]:
        axes.set_axis_off()
    return _save(figure, path)


def edits(versions: pa.Table, gaps: pa.Table, path: Path) -> Path:
    """Left: articles by number of stored versions; right: days between an article's versions."""
    figure, (left, right) = plt.subplots(1, 2, figsize=(12, 3.6))
    rows = versions.to_pylist()
    left.bar([str(r["versions"]) for r in rows], [r["articles"] for r in rows])
    left.set_yscale("log" if rows and max(r["articles"] for r in rows) > 100 else "linear")
    left.set_title("Articles by number of stored versions", fontsize=10)
    left.set_xlabel("versions")
    left.set_ylabel("articles")
    rows = gaps.to_pylist()
    right.bar([r["days"] for r in rows], [r["edits"] for r in rows], width=0.8)
    right.xaxis.set_major_locator(MaxNLocator(integer=True))
    right.set_title("Days between an article's versions", fontsize=10)
    right.set_xlabel("days")
    right.set_ylabel("edits")
    return _save(figure, path)


def withdrawals(table: pa.Table, path: Path) -> Path:
    """Articles found withdrawn per day, stacked by language."""
    if table.num_rows == 0:
        return _empty(path, "Withdrawals")
    rows = table.to_pylist()
    days = sorted({r["day"] for r in rows})
    figure, axes = plt.subplots(figsize=(11, 3))
    bottom = [0] * len(days)
    for lang in sorted({r["lang"] for r in rows}):
        counts = {r["day"]: r["withdrawn"] for r in rows if r["lang"] == lang}
        heights = [counts.get(d, 0) for d in days]
        axes.bar(days, heights, bottom=bottom, label=lang, width=0.8)
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    axes.set_title("Articles found withdrawn per day", fontsize=10)
    axes.set_ylabel("articles")
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(axes.xaxis.get_major_locator()))
    axes.tick_params(axis="x", labelrotation=30, labelsize=7)
    axes.legend(fontsize=8)
    return _save(figure, path)


def health(table: pa.Table, path: Path) -> Path:
    """Per run: pages fetched, new and changed articles, failures; and the sitemap coverage."""
    if table.num_rows == 0:
        return _empty(path, "Archive health")
    rows = table.to_pylist()
    runs = list(range(1, len(rows) + 1))
    figure, (left, right) = plt.subplots(1, 2, figsize=(12, 3.6), gridspec_kw={"width_ratios": [3, 2]})
    for key, label in (
        ("pages", "pages fetched"),
        ("new", "new"),
        ("changed", "changed"),
        ("failures", "failures"),
    ):
        left.plot(runs, [r[key] for r in rows], marker=".", label=label)
    left.set_yscale("symlog")
    left.set_title("Per run", fontsize=10)
    left.set_xlabel("run (oldest first)")
    left.xaxis.set_major_locator(MaxNLocator(integer=True))
    left.legend(fontsize=8)
    coverage = [r["coverage"] * 100 if r["coverage"] is not None else float("nan") for r in rows]
    if any(r["coverage"] is not None for r in rows):
        right.plot(runs, coverage, marker="o", color="tab:green")
    else:
        right.text(0.5, 0.5, "no run in this period recorded it", ha="center", va="center")
        right.set_xticks([])
    right.set_ylim(0, 105)
    right.set_title("Sitemap coverage (% of listed articles archived)", fontsize=10)
    right.set_xlabel("run (oldest first)")
    right.xaxis.set_major_locator(MaxNLocator(integer=True))
    return _save(figure, path)
