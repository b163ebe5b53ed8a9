"""Shell completion offers only what is visible at the position the command would use."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cell211cli.cli.full_app import app
from tests.helpers import MINI, shell_candidates


def complete(words: str) -> list[str]:
    """Ask the real completion machinery (bash protocol) for the candidates of the last word."""
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    env = {"_CELL211_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    result = CliRunner().invoke(app, [], env=env, prog_name="cell211")
    return result.stdout.split()


def test_character_completion_follows_the_position() -> None:
    """Names and aliases appear only from their reveal on."""
    assert complete(f"cell211 characters --upto 1 --pack {MINI} ") == ["Ana", "Tomás"]
    assert complete(f"cell211 characters --upto 3 --pack {MINI} ") == ["Ana", "Tomás", "Bruno"]
    assert "Vidal" not in " ".join(complete(f"cell211 characters --upto 3 --pack {MINI} "))
    assert complete(f"cell211 characters --upto 2 --pack {MINI} B") == []


def test_character_completion_follows_saved_progress() -> None:
    """Without --upto, completion uses the saved position (premise when none)."""
    assert complete(f"cell211 characters --pack {MINI} ") == []
    CliRunner().invoke(app, ["progress", "4", "--pack", str(MINI)])
    assert "Inspector\\ Vidal" in " ".join(complete(f"cell211 characters --pack {MINI} "))  # escaped for bash


def test_topic_completion_hides_later_topics() -> None:
    """A topic listed at episode 4 is not offered before it."""
    assert complete(f"cell211 facts --upto 3 --pack {MINI} ") == ["true-story"]
    assert complete(f"cell211 facts --upto 4 --pack {MINI} ") == ["true-story", "ending"]


def test_position_completion_has_no_titles() -> None:
    """--upto completes to position ids and named depths only."""
    candidates = complete(f"cell211 recap --pack {MINI} --upto ")
    assert "S01E04" in candidates and "midseason" in candidates
    assert not any("Keeper" in c or "Storm" in c for c in candidates)


def test_bash_candidates_are_escaped_and_match_without_accents() -> None:
    """A name with a space or a quote stays one word once bash inserts it; `gan` finds Gándara."""
    assert shell_candidates("bash", "cell211 characters --upto 2 ju") == ["Juan\\ Olvera"]
    assert shell_candidates("bash", "cell211 characters --upto 2 Juan\\ O") == ["Juan\\ Olvera"]
    assert shell_candidates("bash", "cell211 characters --upto 2 cal") == ["Calancho", "Calancho\\'s\\ family"]
    assert shell_candidates("bash", "cell211 characters --upto 2 GAN") == ["Gándara"]
    assert shell_candidates("bash", "cell211 facts TRUE") == ["true-story"]
    assert shell_candidates("bash", "cell211 re") == ["recap"]


def test_zsh_and_fish_match_without_accents() -> None:
    """zsh gets compadd -U (no prefix check of its own); fish, which compares starts itself, gets the typed
    start (tried in both shells in tmux)."""
    assert shell_candidates("zsh", "cell211 characters --upto 2 gan") == ["compadd -U -- 'Gándara'"]
    assert shell_candidates("zsh", "cell211 characters --upto 2 ju") == ["compadd -U -- 'Juan Olvera'"]
    assert shell_candidates("fish", "cell211 characters --upto 2 gan") == ["gandara"]
    assert shell_candidates("fish", "cell211 characters --upto 2 Gá") == ["Gándara"]


def test_search_words_never_complete_to_file_names() -> None:
    """A word that starts no visible name is kept as typed (bash would otherwise offer files)."""
    assert shell_candidates("bash", "cell211 search --upto 2 gan") == ["Gándara"]
    assert shell_candidates("bash", "cell211 search --upto 2 prison") == ["prison"]


def test_names_match_inside_as_the_commands_do() -> None:
    """`mos`, `bomba` and `flame` find The Mostros, La Bomba and the flamethrower inmate in every shell;
    fish, which compares the typed word itself, gets candidates that hold it."""
    assert shell_candidates("bash", "cell211 characters --upto 6 mos") == ["The\\ Mostros"]
    assert shell_candidates("bash", "cell211 characters --upto 6 bomba") == ["La\\ Bomba"]
    assert shell_candidates("bash", "cell211 characters --upto 6 flame") == ["The\\ flamethrower\\ inmate"]
    assert shell_candidates("zsh", "cell211 characters --upto 6 MOS") == ["compadd -U -- 'The Mostros'"]
    assert shell_candidates("fish", "cell211 characters --upto 6 mos") == ["The Mostros"]
    assert shell_candidates("fish", "cell211 characters --upto 6 andara") == ["Gandara"]
    assert shell_candidates("bash", "cell211 search --upto 6 bomba") == ["La\\ Bomba"]


def test_inside_matches_never_offer_a_hidden_name() -> None:
    """A name revealed later is not offered, however much of it is typed."""
    assert shell_candidates("bash", "cell211 characters --upto premise bomba") in ([], [""])
    assert shell_candidates("bash", f"cell211 characters --pack {MINI} --upto 3 vidal") in ([], [""])
    assert shell_candidates("bash", f"cell211 characters --pack {MINI} --upto 4 vidal") == ["Inspector\\ Vidal"]


def test_commands_and_positions_match_at_the_start_only() -> None:
    """`re` completes to recap, not progress; `--upto e` to ending, not every position holding an e."""
    assert shell_candidates("bash", "cell211 re") == ["recap"]
    assert shell_candidates("bash", "cell211 recap --upto e") == ["ending"]


def test_spanish_topics_complete_by_their_titles() -> None:
    """In Spanish, `facts hist` finds the true story by its title, as `facts historia-real` does; the
    language is completed without falling back to file names."""
    assert shell_candidates("bash", "cell211 facts --lang es --upto 6 hist") == [
        "historia-real",
        "donde-transcurre-la-historia",
    ]
    assert "historia-real" in shell_candidates("bash", "cell211 facts --lang es --upto 6 ")
    assert "true-story" in shell_candidates("bash", "cell211 facts --lang es --upto 6 ")
    assert shell_candidates("bash", "cell211 facts --upto 6 ") == [
        "true-story",
        "novel",
        "film",
        "production",
        "setting",
        "themes",
        "corrections",
    ]
    assert shell_candidates("bash", "cell211 recap --lang ") == ["en", "es"]
    assert shell_candidates("bash", "cell211 recap --lang E") == ["en", "es"]


def test_completion_asked_by_hand_without_the_shell_variables_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``_CELL211_COMPLETE=complete_bash cell211`` typed by hand (no COMP_WORDS, or a COMP_CWORD that is no
    number) says what is missing and exits 2, never a traceback."""
    from cell211cli.cli.app import run

    monkeypatch.setenv("_CELL211_COMPLETE", "complete_bash")
    for words, cword in ((None, None), ("cell211 rec", "x")):
        for name, value in (("COMP_WORDS", words), ("COMP_CWORD", cword)):
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        with pytest.raises(SystemExit) as exited:
            run([])
        assert exited.value.code == 2
        assert capsys.readouterr().err == (
            "cell211: _CELL211_COMPLETE=complete_bash asks for completion, which needs COMP_WORDS and COMP_CWORD "
            "as the shell sets them\n"
        )
