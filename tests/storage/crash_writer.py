"""A writer for the crash test: commits runs in a loop (compacting now and then) until it is killed.

``python crash_writer.py ROOT PREFIX`` prints ``ready`` once imported, waits for a line on stdin
(so the test can start the next writer while it checks the last), then prints ``start <run_id>
<index>`` before each run.
``one_run`` is also imported by the test to retry the run the kill interrupted.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

from crawler.items import Outcome, Poll, PollOption, Rating
from storage.compact import compact
from storage.rows import fetch_row, poll_rows, rating_row, run_row
from storage.write import RunWriter

RATINGS_PER_RUN = 60
FETCHES_PER_RUN = 20
POLL = (Poll("Вопрос?", (PollOption("Да", 1, 50), PollOption("Нет", 1, 50))),)
T0 = datetime(2026, 3, 1, tzinfo=UTC)


def one_run(root: str, run_id: str, index: int) -> None:
    at = T0 + timedelta(hours=index)
    writer = RunWriter(root, run_id)
    for batch in range(3):
        size = RATINGS_PER_RUN // 3
        writer.write(
            "ratings",
            [
                rating_row(f"ru/news/a{k}", Rating(k, 4.25), observed_at=at, run_id=run_id)
                for k in range(batch * size, (batch + 1) * size)
            ],
        )
    writer.write("polls", poll_rows(POLL, observed_at=at, run_id=run_id))
    writer.write(
        "fetches",
        [
            fetch_row(
                f"https://russiancouncil.ru/news/a{k}/", fetched_at=at, run_id=run_id, outcome=Outcome.ARTICLE
            )
            for k in range(FETCHES_PER_RUN)
        ],
    )
    writer.commit(run_row(run_id, flow="crash", started_at=at, finished_at=at, status="completed"))


def main(root: str, prefix: str) -> None:
    print("ready", flush=True)
    sys.stdin.readline()
    for index in range(10_000):
        run_id = f"{prefix}-{index}"
        print(f"start {run_id} {index}", flush=True)
        one_run(root, run_id, index)
        if index % 4 == 3:
            compact(root, "ratings")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
