"""The ``riac-archive`` command.

Sub-commands live next to the code they drive and are imported only when invoked, so
``riac-archive extract`` does not pay for importing Prefect and Scrapy.
"""

from __future__ import annotations

import importlib

import click

EXIT_CODES = (
    "Exit codes: 0 done; 1 the run failed (nothing answered, too many failed fetches, layout drift) "
    "or the data directory cannot be used; 2 usage error; 75 busy (another run holds the data "
    "directory)."
)

# name -> "module:attribute" of a click command
COMMANDS: dict[str, str] = {
    "replica": "crawler.replica.cli:replica",
    "extract": "crawler.pages.cli:extract",
    "sql": "storage.cli:sql",
    "crawl": "flows.commands:crawl",
    "demo": "flows.commands:demo",
    "serve": "flows.commands:serve",
    "refresh": "flows.commands:refresh",
    "compact": "flows.maintenance_commands:compact",
    "reextract": "flows.maintenance_commands:reextract",
    "export": "flows.export_command:export",
    "card": "flows.card_command:card",
    "report": "flows.report_command:report",
    "wacz": "flows.wacz_command:wacz",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                raise click.ClickException(f"'{cmd_name}' is not available in this build") from exc
            raise
        command = getattr(module, attribute)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, epilog=EXIT_CODES)
@click.version_option(package_name="riac-archive")
def main() -> None:
    """Archive the analytical publications of russiancouncil.ru over time."""


if __name__ == "__main__":
    main()
