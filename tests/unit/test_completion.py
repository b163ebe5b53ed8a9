"""Shell completion offers only what is visible at the position the command would use."""

from __future__ import annotations

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
    assert "Inspector Vidal" not in " ".join(complete(f"cell211 characters --upto 3 --pack {MINI} "))
    assert complete(f"cell211 characters --upto 2 --pack {MINI} B") == []


def test_character_completion_follows_saved_progress() -> None:
    """Without --upto, completion uses the saved position (premise when none)."""
    assert complete(f"cell211 characters --pack {MINI} ") == []
    CliRunner().invoke(app, ["progress", "4", "--pack", str(MINI)])
    assert "Inspector Vidal" in " ".join(complete(f"cell211 characters --pack {MINI} "))


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
