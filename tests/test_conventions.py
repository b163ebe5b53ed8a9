"""Behaving like gh, ripgrep and bat: exit codes, streams, colour, pager, environment, hints."""

from __future__ import annotations

import subprocess

import pytest

from cell211cli import pager
from cell211cli.errors import ExitCode
from tests.conftest import MINI, Invoke


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
    pager.page("text\n", force=True)
    monkeypatch.setenv("PAGER", "more")
    pager.page("text\n", force=True)
    monkeypatch.setenv("CELL211_PAGER", "most -s")
    pager.page("text\n", force=True)
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
    pager.page("text\n", force=True)
    assert pager_calls == [] and capsys.readouterr().out == "text\n"
