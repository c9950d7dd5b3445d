"""The one options object: built from the CLI's forms, validated once, round-tripped through JSON
(a flow run's parameters and a deployment's defaults are its JSON form)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from flows.cli import main
from flows.options import DEFAULT_POLICY, ArchiveOptions
from storage.refresh_policy import RefreshPolicy


def test_the_cli_forms_are_read_once() -> None:
    options = ArchiveOptions.model_validate(
        {"langs": "ru, en,ru", "policy": "3:1,30:5,60", "as_of": datetime(2025, 3, 3, 6)}
    )
    assert options.langs == ("ru", "en")
    assert options.policy == RefreshPolicy.parse("3:1,30:5,60")
    assert options.as_of == datetime(2025, 3, 3, 6, tzinfo=UTC)  # a naive moment is UTC


def test_the_json_form_round_trips_with_the_policy_as_its_spec(tmp_path: Path) -> None:
    options = ArchiveOptions(
        site="http://127.0.0.1:9", data=tmp_path, unthrottled=True, max_pages=5, datasets="s3://b/p"
    )
    shown = options.model_dump(mode="json")
    assert shown["policy"] == DEFAULT_POLICY == "7:1,365:7,30"
    assert shown["data"] == str(tmp_path) and shown["langs"] == ["en", "ru"]
    assert ArchiveOptions.model_validate(shown) == options
    schema = ArchiveOptions.model_json_schema()["properties"]
    assert schema["policy"]["default"] == DEFAULT_POLICY  # the UI's form shows the spec


def test_options_are_frozen_and_closed() -> None:
    with pytest.raises(ValueError, match="frozen"):
        ArchiveOptions().full = True  # type: ignore[misc]
    with pytest.raises(ValueError, match="refresh_policy"):
        ArchiveOptions.model_validate({"refresh_policy": DEFAULT_POLICY})  # no unknown fields


def test_a_bad_flag_value_is_named_by_its_flag() -> None:
    result = CliRunner().invoke(main, ["crawl", "--refresh-policy", "7:1", "--data", "unused"])
    assert result.exit_code == 2 and "Invalid value for --refresh-policy" in result.output
    result = CliRunner().invoke(main, ["refresh", "--lang", "de", "--data", "unused"])
    assert result.exit_code == 2 and "Invalid value for --lang" in result.output and "en, ru" in result.output
    result = CliRunner().invoke(main, ["crawl", "--drift-threshold", "2", "--data", "unused"])
    assert result.exit_code == 2 and "share between 0 and 1" in result.output
