"""Each command, on the fixture pack, through the real CLI."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from cell211cli import __version__
from cell211cli.viewer.session import premise_hint
from tests.helpers import MINI, Invoke


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_names_the_tool_without_reading_a_pack(invoke: Invoke, flag: str, tmp_path: Path) -> None:
    """--version (and -V) print the version alone, before any command, pack or config file is read: a
    pack or config file that cannot be used does not stop it (``cell211 paths`` names the pack in use)."""
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "pack.yaml").write_text("id: [", encoding="utf-8")
    from cell211cli.paths import config_dir

    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "config.toml").write_text("pack = [", encoding="utf-8")  # nor the config file
    for env in ({}, {"CELL211_PACK": str(broken)}):
        result = invoke(flag, env=env)
        assert (result.exit_code, result.stdout, result.stderr) == (0, f"cell211 {__version__}\n", "")
    assert invoke(flag, "recap").stdout == f"cell211 {__version__}\n"


def test_help_examples_run_as_written(invoke: Invoke) -> None:
    """Every example line in every help page is a command that works when pasted (or a placeholder pack)."""
    from cell211cli.cli.app import COMMANDS

    commands = list(COMMANDS)
    examples = []
    for page in ["--help", *(f"{name} --help" for name in commands)]:
        lines = invoke(*page.split()).stdout.splitlines()
        examples += [line.strip() for line in lines if line.strip().startswith("cell211 ")]
    placeholders = ("my-show", "history.csv", ">", "COMMAND")
    runnable = [e for e in examples if not any(placeholder in e for placeholder in placeholders)]
    assert len(runnable) >= 15
    for example in runnable:
        result = invoke(*shlex.split(example)[1:])
        assert result.exit_code == 0, (example, result.stderr)


@pytest.mark.parametrize("command", ["recap", "characters", "facts", "levels"])
def test_every_command_has_help_with_examples(invoke: Invoke, command: str) -> None:
    """-h works on every command and shows examples."""
    result = invoke(command, "-h")
    assert result.exit_code == 0
    assert "Examples" in result.stdout


def test_recap_upto_2_shows_episodes_1_and_2_only(mini: Invoke) -> None:
    """Position 2 shows the premise and episodes 1-2, nothing of 3-4, and counts what is hidden."""
    result = mini("recap", "--upto", "2")
    assert result.exit_code == 0
    out = result.stdout
    assert "A keeper tends a remote lighthouse." in out
    assert "Ana arrives at the lighthouse with a letter." in out
    assert "A storm cuts the island off." in out
    assert "Bruno" not in out and "falls" not in out and "Keeper Falls" not in out
    assert "Episode 3" not in out
    assert "hidden" not in out  # hints go to stderr, so pipes and files hold only the content
    assert result.stderr == "2 later episodes are hidden. Use --upto to look further ahead.\n"


def test_no_upto_means_premise_with_a_hint(mini: Invoke) -> None:
    """Without --upto only the premise shows, and stderr says how to see more."""
    result = mini("recap")
    assert result.exit_code == 0
    assert "A keeper tends" in result.stdout
    assert "Ana" not in result.stdout
    assert premise_hint() in result.stderr


def test_upto_from_environment(mini: Invoke) -> None:
    """CELL211_UPTO works like --upto."""
    result = mini("recap", env={"CELL211_UPTO": "1"})
    assert "Ana arrives" in result.stdout and "storm" not in result.stdout


def test_recap_from_starts_after_a_position(mini: Invoke) -> None:
    """--from 2 --upto 4 shows episodes 3 and 4 only."""
    out = mini("recap", "--upto", "4", "--from", "2").stdout
    assert "Bruno" in out and "falls from the gallery" in out
    assert "storm" not in out and "Premise" not in out


def test_recap_from_must_precede_upto(mini: Invoke) -> None:
    """--from at or after the position is a usage error."""
    result = mini("recap", "--upto", "2", "--from", "2")
    assert result.exit_code == 2
    assert "--from must be before" in result.stderr


def test_recap_single_episode(mini: Invoke) -> None:
    """--episode shows that episode only."""
    out = mini("recap", "--upto", "4", "--episode", "e2").stdout
    assert "A storm cuts the island off." in out
    assert "Ana arrives" not in out and "Bruno" not in out


def test_recap_episode_beyond_position_is_refused_without_content(mini: Invoke) -> None:
    """Asking for a later episode exits 2 and reveals nothing of it."""
    result = mini("recap", "--upto", "2", "--episode", "4")
    assert result.exit_code == 2
    assert "after your position" in result.stderr
    assert "Keeper Falls" not in result.stderr + result.stdout
    assert "falls" not in result.stderr + result.stdout


def test_recap_brief_is_one_line_per_episode(mini: Invoke) -> None:
    """--brief uses the episode summary, or the first item when there is none."""
    out = mini("recap", "--upto", "2", "--brief", "--format", "plain").stdout
    assert "Ana arrives at the lighthouse." in out
    assert "The keeper Tomás hides the lamp key." not in out
    assert "A storm cuts the island off." in out


def test_an_episode_without_recap_items_says_little_is_documented(invoke: Invoke, tmp_path: Path) -> None:
    """An episode with no recap item and no summary says so plainly, in the full recap and in --brief."""
    text = (MINI / "pack.yaml").read_text(encoding="utf-8")
    item = "  - {id: e3-1, at: ep3, text: Ana learns that the keeper is her father Bruno., sources: [guide-3]}\n"
    assert item in text
    (tmp_path / "pack.yaml").write_text(text.replace(item, ""), encoding="utf-8")
    for brief in ([], ["--brief"]):
        result = invoke("recap", "--upto", "3", "--episode", "3", "--pack", str(tmp_path), *brief)
        assert result.exit_code == 0, result.stderr
        assert "Episode 3\n" in result.stdout and "Bruno" not in result.stdout
        assert "Little is documented about this part: the pack has no recap of it." in result.stdout
    assert "Little is documented" not in invoke("recap", "--upto", "3", "--episode", "3", "--pack", str(MINI)).stdout


def test_unknown_position_lists_accepted_values_without_titles(mini: Invoke) -> None:
    """A bad --upto exits 2 and lists the spellings; no episode title appears."""
    result = mini("recap", "--upto", "9")
    assert result.exit_code == 2
    assert "premise" in result.stderr and "S01E04" in result.stderr and "midseason" in result.stderr
    for title in ("Arrival", "The Storm", "Keeper Falls"):
        assert title not in result.stderr


def test_characters_lists_only_introduced_with_revealed_facts(mini: Invoke) -> None:
    """Characters, aliases and facts appear only from their own position on."""
    at_2 = mini("characters", "--upto", "2").stdout
    assert "Ana" in at_2 and "Tomás" in at_2 and "He fears the storm season." in at_2
    assert "Bruno" not in at_2 and "daughter" not in at_2 and "Vidal" not in at_2
    at_4 = mini("characters", "--upto", "4").stdout
    assert "Bruno" in at_4 and "Inspector Vidal" in at_4


def test_character_lookup_ignores_case_and_accents(mini: Invoke) -> None:
    """`tomas` finds Tomás; a revealed alias finds its character."""
    assert "The lighthouse keeper." in mini("characters", "TOMAS", "--upto", "1").stdout
    assert "The lighthouse keeper." in mini("characters", "bruno", "--upto", "3").stdout


def test_hidden_character_answers_exactly_like_a_missing_one(mini: Invoke) -> None:
    """A name revealed later and a name that never exists get the same message and exit code."""
    hidden = mini("characters", "Bruno", "--upto", "2")
    absent = mini("characters", "Bruxo", "--upto", "2")
    assert hidden.exit_code == absent.exit_code == 1
    assert hidden.stdout == absent.stdout == ""
    assert hidden.stderr.replace("Bruno", "NAME") == absent.stderr.replace("Bruxo", "NAME")


def test_suggestions_come_from_the_view(mini: Invoke) -> None:
    """A typo gets a suggestion drawn only from visible names."""
    result = mini("characters", "Tomas Vidal", "--upto", "1")
    assert result.exit_code == 1
    assert "Inspector Vidal" not in result.stderr
    assert "did you mean 'Ana'" in mini("characters", "Anna", "--upto", "1").stderr


def test_facts_lists_topics_visible_at_position(mini: Invoke) -> None:
    """Without a topic: the topics listed so far; gated topics stay out."""
    out = mini("facts", "--upto", "2").stdout
    assert "true-story" in out and "ending" not in out.replace("explained", "")
    assert "The ending explained" not in out


def test_facts_topic_shows_facts_up_to_position(mini: Invoke) -> None:
    """A topic's later facts stay hidden until their position."""
    early = mini("facts", "true-story", "--upto", "3").stdout
    assert "modelled on a real one" in early and "also fell" not in early
    assert "also fell" in mini("facts", "true-story", "--upto", "ending").stdout


def test_hidden_topic_answers_like_a_missing_one(mini: Invoke) -> None:
    """A topic listed later gets the same answer as one that does not exist."""
    hidden = mini("facts", "ending", "--upto", "3")
    absent = mini("facts", "endive", "--upto", "3")
    assert hidden.exit_code == absent.exit_code == 1
    assert hidden.stderr.replace("ending", "X") == absent.stderr.replace("endive", "X")


def test_levels_shows_titles_only_up_to_position(mini: Invoke) -> None:
    """Levels lists every position but only the titles already revealed."""
    out = mini("levels", "--upto", "2").stdout
    assert "Arrival" in out and "The Storm" in out and "Keeper Falls" not in out
    assert "S01E04" in out and "midseason" in out


@pytest.mark.parametrize("command", [["recap"], ["characters"], ["facts"], ["facts", "true-story"], ["levels"]])
def test_json_is_one_object_with_the_resolved_position(mini: Invoke, command: list[str]) -> None:
    """Every command's JSON starts from the resolved position and parses."""
    result = mini(*command, "--upto", "e2", "--format", "json")
    data = json.loads(result.stdout)
    assert data["upto"] == {"id": "S01E02", "label": "Episode 2"}
    assert "Bruno" not in result.stdout and "Keeper Falls" not in result.stdout


def test_plain_is_default_off_a_terminal(mini: Invoke) -> None:
    """Not a terminal: plain output with no escape sequences."""
    out = mini("recap", "--upto", "1").stdout
    assert "\x1b[" not in out and out.startswith("Lighthouse: recap up to episode 1")


def test_rich_format_honours_no_color(mini: Invoke) -> None:
    """--format rich with NO_COLOR prints no colour codes; FORCE_COLOR adds them."""
    plain = mini("recap", "--upto", "1", "--format", "rich", env={"NO_COLOR": "1"}).stdout
    assert "\x1b[" not in plain and "Ana arrives" in plain
    coloured = mini("recap", "--upto", "1", "--format", "rich", env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" in coloured


def test_missing_pack_is_a_usage_error(invoke: Invoke) -> None:
    """--pack pointing nowhere exits 2 with one line."""
    result = invoke("recap", "--pack", "/nonexistent/pack")
    assert result.exit_code == 2
    assert "no recap pack" in result.stderr
    assert "Traceback" not in result.stderr


def test_unexpected_errors_print_one_line(mini: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug becomes one line on stderr and exit 3, with a hint for the traceback."""
    import cell211cli.pages.facts

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cell211cli.pages.facts, "levels_page", broken)
    result = mini("levels")
    assert result.exit_code == 3
    assert "boom" in result.stderr and "CELL211_TRACEBACK" in result.stderr


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_help_sends_a_pip_user_to_the_readme(invoke: Invoke, language: str) -> None:
    """A pip install has no README: every help page says what it needs itself (progress import included)."""
    from cell211cli.cli.app import COMMANDS

    for page in ["--help", *(f"{name} --help" for name in COMMANDS)]:
        out = invoke("--lang", language, *page.split()).stdout
        assert "README" not in out, page
    progress = invoke("--lang", language, "progress", "--help").stdout
    assert "ViewingActivity.csv" in progress and "NetflixViewingHistory.csv" in progress and "trakt.tv" in progress
