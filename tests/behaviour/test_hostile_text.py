"""Valid but hostile pack text prints as plain text in every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import MINI, Invoke

HOSTILE = (
    r"[bold]loud[/bold] [link=https://evil.example]click[/link] \x1b[31mred\x1b[0m \u202eesrever \x07bell " + "W" * 300
)


@pytest.fixture
def hostile_pack(tmp_path: Path) -> Path:
    text = (MINI / "pack.yaml").read_text(encoding="utf-8")
    text = text.replace("text: A keeper tends a remote lighthouse.", f'text: "{HOSTILE}"')
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("output_format", ["rich", "plain", "markdown", "json"])
def test_markup_and_control_characters_are_neutralised(invoke: Invoke, hostile_pack: Path, output_format: str) -> None:
    """Rich markup prints literally; ANSI escapes, bells and direction overrides are stripped."""
    result = invoke(
        "recap",
        "--pack",
        str(hostile_pack),
        "--format",
        output_format,
        env={"FORCE_COLOR": "1", "COLUMNS": "80"},
    )
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)["episodes"][0]["items"][0]["text"] if output_format == "json" else result.stdout
    flat = out.replace("\n", "").replace(" ", "").replace("\\", "")
    assert "[bold]loud[/bold]" in flat
    assert "[link=https://evil.example]click[/link]" in flat
    assert "\x1b[31m" not in out and "\x07" not in out and "\u202e" not in out
    assert "W" * 60 in flat
    if output_format == "rich":
        assert "\x1b]8;" not in out  # no hyperlink was created from the pack text


def test_printable_text_is_already_clean() -> None:
    """``clean`` returns printable text as it is: no character it removes or replaces is printable,
    checked over every code point."""
    import re

    from cell211cli import text

    patterns = [re.compile(pattern) for pattern in (text._UNSAFE, text._LINE_BREAKS, text._SURROGATES)]
    changed = [chr(code) for code in range(0x110000) if any(pattern.match(chr(code)) for pattern in patterns)]
    assert changed and not any(char.isprintable() for char in changed)
    assert text.clean("a\x1b[31mb\u200bc\n") == "a[31mbc "
