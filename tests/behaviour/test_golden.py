"""Rendered output compared with golden files. Regenerate with UPDATE_GOLDEN=1 after a deliberate change."""

from __future__ import annotations

import os

import pytest

from tests.helpers import GOLDEN, Invoke

CASES = {
    "recap-ending.txt": ["recap", "--upto", "ending", "--format", "plain"],
    "recap-ending.md": ["recap", "--upto", "ending", "--format", "markdown"],
    "recap-ending.json": ["recap", "--upto", "ending", "--format", "json"],
    "recap-2-rich.ansi": ["recap", "--upto", "2", "--format", "rich"],
    "recap-brief-3.txt": ["recap", "--upto", "3", "--brief", "--format", "plain"],
    "characters-3.txt": ["characters", "--upto", "3", "--format", "plain"],
    "characters-3.md": ["characters", "--upto", "3", "--format", "markdown"],
    "facts-4.json": ["facts", "true-story", "--upto", "4", "--format", "json"],
    "levels-2.txt": ["levels", "--upto", "2", "--format", "plain"],
    "recap-before-3.txt": ["recap", "--before", "3", "--format", "plain"],
    "recap-before-3-es.md": ["recap", "--before", "3", "--format", "markdown", "--lang", "es"],
    "characters-before-4.txt": ["characters", "--before", "4", "--format", "plain"],
    "characters-before-4-es.txt": ["characters", "--before", "4", "--format", "plain", "--lang", "es"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_golden_file(mini: Invoke, name: str) -> None:
    """Each format's output is exactly what was reviewed and committed."""
    env = {"COLUMNS": "60", "FORCE_COLOR": "1" if name.endswith(".ansi") else ""}
    result = mini(*CASES[name], "--yes", env=env) if "--before" in CASES[name] else mini(*CASES[name], env=env)
    assert result.exit_code == 0, result.stderr
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")
