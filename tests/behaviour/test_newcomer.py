"""What a second newcomer tripped on (issue 29): each answer as a person would expect it, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Invoke


def test_one_episode_is_titled_as_that_episode(invoke: Invoke) -> None:
    """`recap -e 2` at episode 3 is headed as episode 2, not "up to episode 3"."""
    out = invoke("recap", "-u", "3", "-e", "2", "--format", "plain").stdout
    assert out.splitlines()[0] == "Prison Cell 211: recap of episode 2"
    spanish = invoke("recap", "-u", "3", "-e", "2", "--format", "plain", "--lang", "es").stdout
    assert spanish.splitlines()[0] == "Celda 211: resumen del episodio 2"


def test_episode_and_from_together_are_a_usage_error(invoke: Invoke) -> None:
    """`recap -e 1 --from 2` asked for two contradictory things: exit 2 with a message, no header."""
    result = invoke("recap", "-u", "3", "-e", "1", "--from", "2")
    assert result.exit_code == 2 and result.stdout == ""
    assert "--episode" in result.stderr and "--from" in result.stderr


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "cell211: episode 5 is after your position (episode 3); add --upto S01E05"),
        ("es", "cell211: el episodio 5 es posterior a tu posición (el episodio 3); agrega --upto S01E05"),
    ],
)
def test_an_episode_past_the_position_reads_as_a_sentence(invoke: Invoke, language: str, expected: str) -> None:
    """Positions inside the message are written as in a sentence, with their article in Spanish."""
    result = invoke("recap", "-u", "3", "-e", "5", "--lang", language)
    assert result.exit_code == 2 and result.stderr.startswith(expected)


def test_the_premise_is_said_the_way_a_person_would(invoke: Invoke) -> None:
    """Saving the premise is not "finishing" it; titles say "up to the premise"."""
    assert invoke("progress", "premise").stdout == "Saved: you are at the premise (nothing watched yet).\n"
    assert invoke("progress").stdout == "You are at the premise (nothing watched yet).\n"
    assert invoke("recap", "--format", "plain").stdout.startswith("Prison Cell 211: recap up to the premise\n")
    spanish = invoke("progress", "premisa", "--lang", "es").stdout
    assert spanish == "Guardado: estás en la premisa (todavía no has visto nada).\n"
    assert invoke("recap", "--format", "plain", "--lang", "es").stdout.startswith(
        "Celda 211: resumen hasta la premisa\n"
    )


def test_through_a_pipe_the_question_is_asked_on_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """`cell211 recap -u 3 | less`: stdin is no answer, so the question goes to the terminal device
    (here a pseudo-terminal standing in for /dev/tty), as git and gh ask."""
    import os

    from typer.testing import CliRunner

    from cell211cli.cli.app import build_app
    from cell211cli.cli.context import RunContext
    from tests.helpers import MINI

    controller, device = os.openpty()
    monkeypatch.setattr(RunContext, "person_at_terminal", property(lambda self: True))
    monkeypatch.setattr(RunContext, "answer_device", property(lambda self: os.ttyname(device)))
    runner = CliRunner()
    app = build_app()
    runner.invoke(app, ["progress", "1", "--pack", str(MINI)])
    os.write(controller, b"y\n")
    result = runner.invoke(app, ["recap", "--upto", "3", "--pack", str(MINI)], input="n\n")
    asked = os.read(controller, 4096).decode()
    os.close(controller)
    os.close(device)
    assert "Show up to episode 3 anyway?" in asked and "anyway?" not in result.stderr
    assert result.exit_code == 0 and "Bruno" in result.stdout


def test_nobody_is_asked_without_a_terminal(mini: Invoke) -> None:
    """A script (stderr captured, no terminal) is never asked: the look-ahead note is all it gets."""
    mini("progress", "1")
    result = mini("recap", "--upto", "3")
    assert result.exit_code == 0 and "anyway?" not in result.stderr


def test_an_exported_cell211_upto_is_named_once_per_terminal(monkeypatch: pytest.MonkeyPatch, mini: Invoke) -> None:
    """Named on the first command in a terminal session, not on the next ones, again for a new value; never
    when stderr is not a terminal."""
    from cell211cli.cli.context import RunContext

    assert "CELL211_UPTO=2 is set" not in mini("recap", env={"CELL211_UPTO": "2"}).stderr
    said: list[str] = []

    def once(self: RunContext, note: str) -> bool:
        first = note not in said
        said.append(note)
        return first

    monkeypatch.setattr(RunContext, "once_per_terminal", once)
    runs = [mini("recap", env={"CELL211_UPTO": value}).stderr for value in ("2", "2", "3")]
    assert ["CELL211_UPTO" in run for run in runs] == [True, False, True]
    assert "it replaces your saved progress" in runs[0]


def test_once_per_terminal_keeps_its_word(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    """The marker in the state folder: the same note in the same terminal session is said once."""
    import os
    import sys

    from cell211cli.cli.context import RunContext

    controller, device = os.openpty()
    terminal = os.fdopen(device, "w")
    monkeypatch.setattr(sys, "stderr", terminal)
    run = RunContext.build([])
    assert [run.once_per_terminal("A"), run.once_per_terminal("A"), run.once_per_terminal("B")] == [True, False, True]
    terminal.close()
    os.close(controller)


def test_hints_can_be_turned_off(mini: Invoke) -> None:
    """`hints = false` in config.toml silences the hints on stderr; the output is unchanged."""
    from cell211cli.viewer.config import config_file

    loud = mini("recap", "--upto", "1")
    assert "later episodes are hidden" in loud.stderr
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text("hints = false\n", encoding="utf-8")
    quiet = mini("recap", "--upto", "1")
    assert quiet.stdout == loud.stdout and "hidden" not in quiet.stderr
    config_file().write_text('hints = "no"\n', encoding="utf-8")
    assert mini("recap", "--upto", "1").exit_code == 2


def test_config_shows_each_setting_and_its_origin(invoke: Invoke) -> None:
    """`cell211 config` names where each setting comes from: the file, the environment or the default."""
    import json

    from cell211cli.viewer.config import config_file

    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text('hints = false\nformat = "plain"\n', encoding="utf-8")
    result = invoke("config", env={"CELL211_LANG": "es", "NO_COLOR": "1"})
    assert result.exit_code == 0
    lines = {line.split()[0]: line for line in result.stdout.splitlines()[2:]}
    assert lines["hints"].split()[1:] == ["false", "de", "config.toml"]
    assert lines["lang"].endswith("CELL211_LANG") and lines["color"].endswith("NO_COLOR")
    data = json.loads(invoke("config", "--json").stdout)
    assert data["settings"]["format"] == {"value": "plain", "origin": "config.toml"}
    assert data["settings"]["lang"] == {"value": "en", "origin": "LANG"}
    assert data["exists"] is True


@pytest.mark.parametrize(
    ("words", "same_as"),
    [
        (["help", "recap"], ["recap", "--help"]),
        (["help"], ["--help"]),
        (["help", "characters", "--lang", "es"], ["characters", "--help", "--lang", "es"]),
    ],
)
def test_help_command(invoke: Invoke, words: list[str], same_as: list[str]) -> None:
    """`cell211 help COMMAND` is `cell211 COMMAND --help`, as in git and gh."""
    result = invoke(*words)
    assert result.exit_code == 0 and result.stdout == invoke(*same_as).stdout


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["recap", "-x"], "cell211: no such option: -x; see 'cell211 recap --help'\n"),
        (["recap", "-x", "--lang", "es"], "cell211: no existe la opción: -x; consulta 'cell211 recap --help'\n"),
        (["bogus"], "cell211: no such command 'bogus'; see 'cell211 --help'\n"),
        (["help", "bogus"], "cell211: no such command 'bogus'; see 'cell211 --help'\n"),
    ],
)
def test_usage_errors_are_one_line_in_our_style(invoke: Invoke, words: list[str], expected: str) -> None:
    """Click's usage errors read like ours: `cell211: message`, one line, exit 2."""
    result = invoke(*words)
    assert result.exit_code == 2 and result.stderr == expected


def test_pager_forced_on_a_pipe(mini: Invoke, tmp_path: Path) -> None:
    """--pager pages even when stdout is not a terminal (the README's promise), as bat --paging=always."""
    import shlex
    import sys

    paged = tmp_path / "paged.txt"
    script = f"import sys; open({str(paged)!r}, 'a').write(sys.stdin.read())"
    pager = f"{shlex.quote(sys.executable)} -c {shlex.quote(script)}"
    assert mini("recap", "--upto", "1", env={"CELL211_PAGER": pager}).exit_code == 0
    assert not paged.exists()
    assert mini("recap", "--upto", "1", "--pager", env={"CELL211_PAGER": pager}).exit_code == 0
    assert "Ana" in paged.read_text(encoding="utf-8")


def test_the_man_page_names_every_variable_and_the_config_file() -> None:
    """ENVIRONMENT lists CELL211_LANG, CELL211_TRACEBACK (cited under EXIT STATUS) and the locale variables;
    FILES names config.toml and its settings, hints included."""
    from cell211cli.cli.manpage import render

    page = render()
    environment = page.split(".SH ENVIRONMENT", 1)[1].split(".SH FILES", 1)[0]
    for name in ("CELL211_LANG", "CELL211_TRACEBACK", "LANGUAGE", "LANG", "CELL211_UPTO", "CELL211_PAGER"):
        assert name in environment, name
    files = page.split(".SH FILES", 1)[1]
    assert "config.toml" in files and "hints = false" in files and "cell211 config" in files
