"""The run context: argv scanned once, the config read once, usable terminal widths only."""

from __future__ import annotations

from pathlib import Path

import pytest

from cell211cli.cli.context import Arguments, RunContext, terminal_columns


@pytest.mark.parametrize(
    ("args", "command", "help_first", "language"),
    [
        (["recap", "--upto", "2"], "recap", False, None),
        (["--lang", "es", "characters", "--help"], "characters", False, "es"),
        (["--lang=es", "recap"], "recap", False, "es"),
        (["--help", "recap"], "recap", True, None),
        (["-h"], None, True, None),
        (["--", "recap"], None, False, None),
        (["search", "--", "--lang", "es"], "search", False, None),
        ([], None, False, None),
    ],
)
def test_arguments_are_read_once_before_click(
    args: list[str], command: str | None, help_first: bool, language: str | None
) -> None:
    """The command named, --help before it, and --lang, as click will read them."""
    assert Arguments.scan(args) == Arguments(command, help_first, language)


@pytest.mark.parametrize(
    ("value", "width"),
    [("80", 80), (" 60 ", 60), ("0", None), ("-5", None), ("²", None), ("x", None), ("", None), ("9" * 50, None)],
)
def test_only_a_usable_columns_value_sets_the_width(value: str, width: int | None) -> None:
    """COLUMNS that int() refuses, zero or absurd is ignored, as shutil.get_terminal_size does."""
    assert terminal_columns({"COLUMNS": value}) == width


def test_a_broken_config_file_is_read_once_and_reported_only_when_needed(isolated_env: Path) -> None:
    """A config file that cannot be used does not stop building the context; using its settings fails."""
    from cell211cli.errors import Cell211Error
    from cell211cli.viewer.config import config_file

    config_file().parent.mkdir(parents=True)
    config_file().write_text("[" * 4000, encoding="utf-8")
    context = RunContext.build(["--help"], {})
    assert context.configured_pack() is None
    with pytest.raises(Cell211Error, match="config file"):
        _ = context.config
