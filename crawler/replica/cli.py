"""``riac-archive replica`` / ``python -m crawler.replica``: serve the replica until stopped."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from pathlib import Path

import click

from crawler.replica.app import App, Options
from crawler.replica.faults import parse_faults
from crawler.replica.markups import SERVABLE
from crawler.replica.server import AccessLog, serve
from crawler.replica.themes import THEMES


@click.command("replica")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=0, show_default=True, type=int, help="Port (0 picks a free one).")
@click.option(
    "--articles", default=300, show_default=True, type=click.IntRange(1, 200_000), help="Articles on day 0."
)
@click.option("--seed", default=1, show_default=True, type=int, help="Generator seed.")
@click.option(
    "--day", default=0, show_default=True, type=click.IntRange(0), help="Simulated day to start on."
)
@click.option("--theme", default="classic", show_default=True, type=click.Choice(sorted(THEMES)))
@click.option(
    "--markup",
    default=None,
    type=click.Choice(SERVABLE),
    help="Serve full article pages in this markup generator's markup (docs/replica.md); truth unchanged.",
)
@click.option(
    "--faults", default=None, help="Fault spec, e.g. 5xx=0.1,429=0.02,timeout=0.02,reset=0.01,slow=0.05"
)
@click.option("--crawl-delay", default=0.5, show_default=True, type=float, help="Crawl-delay in robots.txt.")
@click.option(
    "--access-log", type=click.Path(dir_okay=False, path_type=Path), help="Append one line per request."
)
@click.option(
    "--dump-truth",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the ground truth of --day as JSON files into this directory and exit.",
)
def replica(
    host: str,
    port: int,
    articles: int,
    seed: int,
    day: int,
    theme: str,
    markup: str | None,
    faults: str | None,
    crawl_delay: float,
    access_log: Path | None,
    dump_truth: Path | None,
) -> None:
    """Serve the replica of russiancouncil.ru; the first stdout line is its base URL."""
    try:
        spec = parse_faults(faults)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--faults") from exc
    app = App(
        Options(
            articles=articles,
            seed=seed,
            day=day,
            theme=theme,
            faults=spec,
            crawl_delay=crawl_delay,
            markup=markup,
        )
    )
    if dump_truth is not None:
        from crawler.replica.truth import dump

        written = dump(app.site, day, dump_truth)
        click.echo(f"wrote {written} article truth files to {dump_truth}")
        return
    log_stream = access_log.open("a", encoding="utf-8") if access_log else None
    try:
        asyncio.run(_serve_forever(app, host, port, AccessLog(log_stream)))
    finally:
        if log_stream is not None:
            log_stream.close()


async def _serve_forever(app: App, host: str, port: int, log: AccessLog) -> None:
    server = await serve(app, host, port, log)
    bound_host, bound_port = server.sockets[0].getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    sys.stdout.write(f"http://{shown}:{bound_port}\n")  # only once SIGTERM is handled
    sys.stdout.flush()
    await stop.wait()
    server.close()  # not wait_closed(): kept-alive client connections must not delay the exit
