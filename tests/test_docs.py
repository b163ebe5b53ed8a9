"""The CLI reference in docs/cli.md is generated from --help and must stay in sync."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cell211cli.cli import app

REFERENCE = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def generated_reference() -> str:
    command = [sys.executable, "-m", "typer", "cell211cli.cli", "utils", "docs", "--name", "cell211"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def test_cli_reference_is_current() -> None:
    """docs/cli.md equals what `typer ... utils docs` prints now (UPDATE_GOLDEN=1 rewrites it)."""
    text = generated_reference()
    if os.environ.get("UPDATE_GOLDEN"):
        REFERENCE.write_text(text, encoding="utf-8")
    assert REFERENCE.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("command", [c.name or c.callback.__name__ for c in app.registered_commands if c.callback])
def test_every_command_is_documented_with_examples(command: str) -> None:
    """Each command has a section in the reference with examples."""
    text = REFERENCE.read_text(encoding="utf-8")
    section = text.split(f"## `cell211 {command}`", 1)[1].split("\n## ", 1)[0]
    assert "Examples:" in section
