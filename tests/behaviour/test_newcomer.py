"""What a second newcomer tripped on (issue 29): each answer as a person would expect it, in both languages."""

from __future__ import annotations

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
    assert invoke("recap", "--format", "plain", "--lang", "es").stdout.startswith("Celda 211: resumen hasta la premisa\n")
