"""Behaving like gh, ripgrep and bat: exit codes, streams, colour, pager, environment, hints."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from cell211cli.cli import pager
from cell211cli.errors import ExitCode
from tests.helpers import MINI, Invoke


def test_position_and_clear_together_is_a_usage_error(mini: Invoke) -> None:
    """`progress 3 --clear` is a usage mistake: exit 2 with a message, not an unexpected error."""
    result = mini("progress", "3", "--clear")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "not both" in result.stderr and "unexpected" not in result.stderr


def test_hints_go_to_stderr(mini: Invoke) -> None:
    """`facts` without a topic: the list on stdout, "Show one with" on stderr."""
    result = mini("facts", "--upto", "1")
    assert "true-story" in result.stdout and "Show one with" not in result.stdout
    assert "Show one with: cell211 facts TOPIC" in result.stderr


def test_a_bad_environment_value_names_the_variable(mini: Invoke, invoke: Invoke) -> None:
    """An error caused by CELL211_UPTO or CELL211_PACK says where the value came from."""
    result = mini("recap", env={"CELL211_UPTO": "bogus"})
    assert result.exit_code == ExitCode.BAD_INPUT and "CELL211_UPTO" in result.stderr
    assert "CELL211_UPTO" not in mini("recap", "--upto", "bogus").stderr
    result = invoke("recap", env={"CELL211_PACK": "/no/such/pack"})
    assert result.exit_code == ExitCode.BAD_INPUT and "CELL211_PACK" in result.stderr


def test_premise_hint_repeats_the_pack_option(invoke: Invoke) -> None:
    """With --pack, the hint's command works as typed: it saves progress for that pack."""
    result = invoke("recap", "--pack", str(MINI))
    assert f"cell211 progress N --pack {MINI}" in result.stderr


def test_progress_says_when_the_environment_overrides_it(mini: Invoke) -> None:
    result = mini("progress", "1", env={"CELL211_UPTO": "3"})
    assert result.exit_code == 0 and "CELL211_UPTO=3 is set" in result.stderr


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        ((), {}, False),
        (("--color", "always"), {}, True),
        ((), {"FORCE_COLOR": "1"}, True),
        (("--color", "always", "--no-color"), {}, False),
        (("--no-color",), {"FORCE_COLOR": "1"}, False),
    ],
)
def test_colour_on_a_pipe_follows_the_options(mini: Invoke, args: tuple[str, ...], env: dict, coloured: bool) -> None:
    """stdout is not a terminal here: colour only when asked for, and --no-color always wins."""
    out = mini("recap", "--upto", "1", *args, env=env).stdout
    assert ("\x1b[" in out) is coloured


@pytest.fixture
def pager_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Record pager commands instead of running them; every command looks installed."""
    calls: list[list[str]] = []
    monkeypatch.setattr(pager.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(subprocess, "run", lambda command, **_: calls.append(command))
    for name in ("PAGER", "CELL211_PAGER", "TERM"):
        monkeypatch.delenv(name, raising=False)
    return calls


def test_pager_setting_order(pager_calls: list[list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    """CELL211_PAGER wins over PAGER, which wins over less -FRX (like GIT_PAGER)."""
    pager.page("text\n", os.environ, force=True)
    monkeypatch.setenv("PAGER", "more")
    pager.page("text\n", os.environ, force=True)
    monkeypatch.setenv("CELL211_PAGER", "most -s")
    pager.page("text\n", os.environ, force=True)
    assert pager_calls == [["less", "-FRX"], ["more"], ["most", "-s"]]


@pytest.mark.parametrize(("name", "value"), [("TERM", "dumb"), ("CELL211_PAGER", "")])
def test_no_pager_on_a_dumb_terminal_or_when_turned_off(
    pager_calls: list[list[str]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    value: str,
) -> None:
    monkeypatch.setenv(name, value)
    pager.page("text\n", os.environ, force=True)
    assert pager_calls == [] and capsys.readouterr().out == "text\n"


def _numbers(out: str) -> dict[str, str]:
    """Source title → its number, from a plain source list."""
    listed = out.split("\nSources\n", 1)[1].splitlines()
    return {line.split("] ", 1)[1].split(" <")[0]: line.split("]")[0].strip(" [") for line in listed}


def test_a_source_has_the_same_number_in_every_command(mini: Invoke) -> None:
    """Numbers follow the sources visible at the position, not the order a command happens to cite them."""
    recap = _numbers(mini("recap", "--upto", "4").stdout)
    ending = _numbers(mini("facts", "ending", "--upto", "4").stdout)
    assert recap["Episode guide to episode 4"] == ending["Episode guide to episode 4"] == "5"
    assert ending == {"Episode guide to episode 4": "5"}
    # The real-story topic cites the 6th and 8th visible sources (the recap cites the 7th): numbered as listed.
    facts = _numbers(mini("facts", "true-story", "--upto", "4").stdout)
    assert facts == {"News report": "6", "News report on the fall": "8"}
    assert recap["News report on the storm"] == "7" and "News report" not in recap


def test_no_sources_leaves_out_numbers_and_list(mini: Invoke) -> None:
    for output_format in ("plain", "rich", "markdown"):
        out = mini("recap", "--upto", "2", "--no-sources", "--format", output_format).stdout
        assert "Sources" not in out and "[1]" not in out and "example.org" not in out
    data = json.loads(mini("recap", "--upto", "2", "--no-sources", "--format", "json").stdout)
    assert data["sources"] == []


LONG_URL = "https://example.org/" + "a-very-long-path-segment/" * 6


@pytest.mark.parametrize("columns", ["40", "60"])
def test_rich_never_breaks_a_url(tmp_path: Path, invoke: Invoke, columns: str) -> None:
    """At any width the address stays on one line, so it copies and clicks as one piece."""
    folder = tmp_path / "pack"
    folder.mkdir()
    text = (MINI / "pack.yaml").read_text(encoding="utf-8").replace("https://example.org/guide", LONG_URL)
    (folder / "pack.yaml").write_text(text, encoding="utf-8")
    out = invoke("recap", "--upto", "1", "--pack", str(folder), "--format", "rich", env={"COLUMNS": columns}).stdout
    assert any(line.strip() == LONG_URL for line in out.splitlines()), out


def test_hyperlinks_where_the_terminal_shows_them() -> None:
    """The title becomes an OSC 8 link and the address is not printed; elsewhere the address is printed."""
    from io import StringIO

    from cell211cli.document import Document
    from cell211cli.gate import reveal
    from cell211cli.pack.loader import load_pack
    from cell211cli.render.formats import Terminal, supports_hyperlinks
    from cell211cli.render.rich import render

    view = reveal(loaded := load_pack(MINI), loaded.scale.positions[1])
    document = Document.for_view(view, "Title", {})
    document.add("item", "An item.", ("guide",))
    document.attach_sources(view)
    for hyperlinks in (True, False):
        out = StringIO()
        render(document, out, Terminal(color=True, width=60, interactive=True, hyperlinks=hyperlinks))
        assert ("\x1b]8;" in out.getvalue()) is hyperlinks
        assert ("https://example.org/guide\x1b[0m\n" in out.getvalue()) is not hyperlinks
    assert supports_hyperlinks({"TERM_PROGRAM": "WezTerm"}) and supports_hyperlinks({"VTE_VERSION": "7200"})
    assert not supports_hyperlinks({"TERM": "xterm-256color"})
    assert not supports_hyperlinks({"TERM_PROGRAM": "WezTerm", "CELL211_HYPERLINKS": "0"})


def test_progress_next_moves_one_episode_on(mini: Invoke) -> None:
    assert mini("progress", "next").stdout == "Saved: you have finished episode 1.\n"
    assert mini("progress", "next").stdout == "Saved: you have finished episode 2.\n"
    mini("progress", "4")
    result = mini("progress", "next")
    assert result.exit_code == 2 and "already finished the last episode" in result.stderr


@pytest.mark.parametrize(("answer", "exit_code", "shown"), [("n\n", 1, False), ("y\n", 0, True)])
def test_looking_past_saved_progress_asks_a_person_first(
    monkeypatch: pytest.MonkeyPatch, answer: str, exit_code: int, shown: bool
) -> None:
    """At a terminal, --upto past the saved position asks; no answer or n shows nothing."""
    from typer.testing import CliRunner

    from cell211cli.cli.app import build_app
    from cell211cli.cli.context import RunContext

    monkeypatch.setattr(RunContext, "person_at_terminal", property(lambda self: True))
    monkeypatch.setattr(RunContext, "answer_device", property(lambda self: None))  # stdin is the terminal
    app = build_app()
    runner = CliRunner()
    runner.invoke(app, ["progress", "1", "--pack", str(MINI)])
    result = runner.invoke(app, ["recap", "--upto", "3", "--pack", str(MINI)], input=answer)
    assert result.exit_code == exit_code
    assert ("Bruno" in result.stdout) is shown and "Show up to episode 3 anyway?" in result.stderr
    quiet = runner.invoke(app, ["recap", "--upto", "3", "--yes", "--pack", str(MINI)])
    assert quiet.exit_code == 0 and "anyway?" not in quiet.stderr
    behind = runner.invoke(app, ["recap", "--upto", "1", "--pack", str(MINI)])
    assert behind.exit_code == 0 and "anyway?" not in behind.stderr


def write_config(text: str) -> None:
    from cell211cli.viewer.config import config_file

    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text(text, encoding="utf-8")


def test_config_file_sets_defaults_that_options_override(mini: Invoke, invoke: Invoke) -> None:
    write_config(f'format = "json"\ncolor = "always"\npack = "{MINI}"\n')
    data = json.loads(invoke("recap", "--upto", "1").stdout)
    assert data["show"] == "Lighthouse"
    out = invoke("recap", "--upto", "1", "--format", "rich").stdout
    assert "\x1b[" in out
    assert "\x1b[" not in invoke("recap", "--upto", "1", "--format", "rich", "--no-color").stdout
    assert "\x1b[" not in invoke("recap", "--upto", "1", "--format", "rich", env={"NO_COLOR": "1"}).stdout
    assert "config file:" in invoke("paths").stdout and "(none)" not in invoke("paths").stdout


@pytest.mark.parametrize(
    ("text", "message"),
    [("format = [", "config file"), ('format = "pdf"', "format must be one of"), ("colour = 1", "not a setting")],
)
def test_a_bad_config_file_is_a_clear_error(invoke: Invoke, text: str, message: str) -> None:
    write_config(text)
    result = invoke("recap")
    assert result.exit_code == 2 and message in result.stderr and "config.toml" in result.stderr


@pytest.mark.parametrize("pack", ["mini", "saga"])
def test_position_hints_only_offer_positions_the_pack_has(invoke: Invoke, pack: str) -> None:
    """Every example spelling in an unknown-position message is a position of that pack."""
    import re

    from cell211cli.pack.loader import load_pack
    from tests.helpers import FIXTURES

    folder = FIXTURES / pack
    message = invoke("recap", "--upto", "s9e9", "--pack", str(folder)).stderr.split("accepted:", 1)[1]
    examples = re.findall(r"\b(?:s\d+e\d+|S\d+E\d+|\d+x\d+|e\d+|ep\d+|episode-\d+)\b", message)
    assert len(examples) >= 6, message
    scale = load_pack(folder).scale
    for example in examples:
        scale.parse(example)  # raises UnknownPosition for a position the pack does not have
