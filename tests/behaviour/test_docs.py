"""The CLI reference in docs/cli.md is generated from --help and must stay in sync."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cell211cli.cli.full_app import app
from tests.helpers import ROOT

REFERENCE = ROOT / "docs" / "cli.md"


def generated_reference() -> str:
    command = [sys.executable, "-m", "typer", "cell211cli.cli.full_app", "utils", "docs", "--name", "cell211"]
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


MAN_PAGE = REFERENCE.parent / "cell211.1"


def test_man_page_is_current() -> None:
    """docs/cell211.1 is generated from the same help (UPDATE_GOLDEN=1 rewrites it)."""
    from cell211cli.cli.manpage import render

    text = render()
    if os.environ.get("UPDATE_GOLDEN"):
        MAN_PAGE.write_text(text, encoding="utf-8")
    assert MAN_PAGE.read_text(encoding="utf-8") == text
    for name in (c.name or c.callback.__name__ for c in app.registered_commands if c.callback):
        assert f".SS cell211 {name}\n" in text


def test_wheel_installs_the_man_page_and_license(tmp_path: Path) -> None:
    """The built wheel carries LICENSE and puts the man page in share/man/man1."""
    import zipfile

    root = REFERENCE.parents[1]
    command = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(root)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    (wheel,) = tmp_path.glob("cell211-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert any(name.endswith(".data/data/share/man/man1/cell211.1") for name in names)
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
