"""The spoiler scale: every accepted spelling, and refusals."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cell211cli.pack.positions import Scale, UnknownPosition, spelling_examples, spoken
from tests.helpers import Invoke

SINGLE = Scale.build([(1, 6)], {"midseason": "3", "finale": "ending", "all": "ending"})
MULTI = Scale.build([(1, 3), (2, 4)], {"season-one": "s1e3"})


@pytest.mark.parametrize(
    ("spelling", "ordinal"),
    [
        ("premise", 0),
        ("PREMISE", 0),
        ("3", 3),
        ("e3", 3),
        ("E3", 3),
        ("ep3", 3),
        ("episode-3", 3),
        ("episode3", 3),
        ("s1e3", 3),
        ("S01E03", 3),
        ("1x03", 3),
        (" 3 ", 3),
        ("midseason", 3),
        ("ending", 6),
        ("finale", 6),
        ("all", 6),
        ("Ending", 6),
        (6, 6),
    ],
)
def test_single_season_spellings(spelling: str, ordinal: int) -> None:
    """Each documented spelling resolves to the same ordinal."""
    assert SINGLE.parse(spelling).ordinal == ordinal


@pytest.mark.parametrize("spelling", ["0", "7", "e0", "s1e7", "s2e1", "foo", "", "-1", "3.5", "s01", "ep"])
def test_unknown_spellings_are_refused(spelling: str) -> None:
    """Anything outside the scale raises, listing accepted values."""
    with pytest.raises(UnknownPosition) as raised:
        SINGLE.parse(spelling)
    assert "premise" in raised.value.accepted and "S01E06" in raised.value.accepted


def test_multi_season_positions() -> None:
    """Seasons are ordered; bare numbers count across seasons; SxxEyy and NxMM address one episode."""
    assert MULTI.parse("S02E04").ordinal == 7
    assert MULTI.parse("2x01").ordinal == 4
    assert MULTI.parse("4") == MULTI.parse("s2e1")
    assert MULTI.parse("season-one").id == "S01E03"
    assert MULTI.parse("ending").id == "S02E04"
    assert MULTI.label(MULTI.parse("s2e2")) == "Season 2, episode 2"
    assert SINGLE.label(SINGLE.parse("2")) == "Episode 2"


def test_mistyped_depth_gets_a_suggestion() -> None:
    """A near miss of a named depth is suggested; a number is not."""
    with pytest.raises(UnknownPosition) as raised:
        SINGLE.parse("endign")
    assert "did you mean 'ending'?" in str(raised.value)
    with pytest.raises(UnknownPosition) as raised:
        SINGLE.parse("9")
    assert "did you mean" not in str(raised.value)


def test_a_mistyped_depth_is_never_matched_to_a_depth_not_yet_revealed() -> None:
    """``finale`` is revealed at episode 4: at the premise ``finael`` gets no suggestion (and no list naming
    it); at episode 4 it gets ``finale``."""
    scale = Scale.build([(1, 6)], {"finale": ("6", "4")})
    with pytest.raises(UnknownPosition) as raised:
        scale.parse("finael", scale.positions[0])
    assert "did you mean" not in str(raised.value) and "finale" not in str(raised.value)
    with pytest.raises(UnknownPosition) as raised:
        scale.parse("finael", scale.positions[4])
    assert "did you mean 'finale'?" in str(raised.value)


@pytest.fixture
def spanish() -> Iterator[None]:
    """Messages and spellings in Spanish for one test."""
    from cell211cli import i18n

    before = i18n.current()
    i18n.use("es")
    yield
    i18n.use(before)


def test_spanish_spellings_are_the_ones_shown(spanish: None) -> None:
    """In Spanish the examples and an error's list use premisa, final, episodio-N and tN eM, and each of
    them parses; a pack's own depth names keep their one spelling."""
    examples = spelling_examples()
    assert examples[0] == "premisa" and "episodio-3" in examples and "t1e3" in examples
    assert "premise" not in examples and "episode-3" not in examples and "s1e3" not in examples
    assert [SINGLE.parse(spelling).ordinal for spelling in examples] == [0, 3, 3, 3, 3, 3, 3, 3]
    assert spoken("premise") == "premisa" and spoken("ending") == "final" and spoken("midseason") == "midseason"
    with pytest.raises(UnknownPosition) as raised:
        SINGLE.parse("bogus", SINGLE.positions[6])
    message = str(raised.value)
    assert "premisa, midseason, all, final, finale;" in message and "episodio-6" in message and "t1e6" in message
    assert "premise" not in message and "episode-6" not in message and "s1e6" not in message
    for word in ("premisa", "final", "episodio-6", "t1e6"):
        assert SINGLE.parse(word).ordinal in (0, 6), word


def test_a_mistyped_spanish_depth_gets_its_spanish_name(spanish: None) -> None:
    with pytest.raises(UnknownPosition) as raised:
        SINGLE.parse("finl")
    assert "'final'" in str(raised.value)


def test_english_spellings_stay_english() -> None:
    assert spelling_examples() == ("premise", "3", "e3", "ep3", "episode-3", "s1e3", "S01E03", "1x03")
    assert spoken("ending") == "ending"


def test_levels_in_spanish(invoke: Invoke) -> None:
    """`levels --lang es`: Spanish depth names and spellings, no "premise = premise"; English unchanged."""
    out = invoke("levels", "--lang", "es", "--upto", "3").stdout
    assert "final = Episodio 6" in out and "midseason = Episodio 3" in out and "premise =" not in out
    assert "premisa, 3, e3, ep3, episodio-3, t1e3, S01E03, 1x03" in out and "episode-3" not in out
    english = invoke("levels", "--upto", "3").stdout
    assert "ending = Episode 6" in english and "premise = " not in english and "episode-3, s1e3" in english
    error = invoke("recap", "--lang", "es", "--upto", "bogus").stderr
    assert "se aceptan: premisa, midseason, final;" in error and "episodio-6" in error


ACCEPTED_SINGLE = (
    "an episode number 1-6 written as 6, e6, ep6 or episode-6; or a season and episode written as s1e6, S01E06 or 1x06"
)


def test_an_unknown_position_says_what_was_typed_and_every_accepted_spelling() -> None:
    """The whole message: the spelling as typed, the suggestion, the depth names revealed (in scale order)
    and the episode spellings for the last episode."""
    with pytest.raises(UnknownPosition) as raised:
        SINGLE.parse("endign")
    accepted = f"premise, ending; {ACCEPTED_SINGLE}"
    assert str(raised.value) == f"unknown position 'endign'; did you mean 'ending'? accepted: {accepted}"
    assert (raised.value.spelling, raised.value.accepted) == ("endign", accepted)
    with pytest.raises(UnknownPosition) as raised:
        SINGLE.parse("9", SINGLE.positions[6])
    assert str(raised.value) == (
        f"unknown position '9'; accepted: premise, midseason, all, ending, finale; {ACCEPTED_SINGLE}"
    )


def test_only_a_close_spelling_gets_a_suggestion() -> None:
    """``end`` is too far from ``ending`` to be a typo of it (similarity 0.67, under 0.75): no suggestion."""
    with pytest.raises(UnknownPosition) as raised:
        SINGLE.parse("end")
    assert "did you mean" not in str(raised.value)
    with pytest.raises(UnknownPosition) as raised:
        SINGLE.parse("endin")
    assert "did you mean 'ending'?" in str(raised.value)


def test_a_long_unknown_spelling_is_cut_in_the_message() -> None:
    with pytest.raises(UnknownPosition) as raised:
        SINGLE.parse("x" * 41)
    assert str(raised.value).startswith(f"unknown position '{'x' * 40}...'; accepted: premise, ending; ")


def test_several_seasons_are_named_by_season_and_episode() -> None:
    """In a sentence and in a refusal, a show of two seasons says which season."""
    assert MULTI.phrase(MULTI.parse("s2e2")) == "season 2, episode 2"
    with pytest.raises(UnknownPosition) as raised:
        MULTI.parse("9")
    assert str(raised.value).endswith(
        "accepted: premise, ending; an episode number 1-7 written as 7, e7, ep7 or episode-7; "
        "or a season and episode written as s2e4, S02E04 or 2x04"
    )


def test_a_two_season_position_is_phrased_in_spanish(spanish: None) -> None:
    assert MULTI.phrase(MULTI.parse("t2e2")) == "la temporada 2, episodio 2"


def test_numbers_of_up_to_six_digits_are_read() -> None:
    """Six digits are still a number (``000003`` is episode 3); seven are refused without being read."""
    assert SINGLE.parse("000003").ordinal == 3 and SINGLE.parse("s000001e000003").ordinal == 3
    for spelling in ("0000003", "s0000001e3"):
        with pytest.raises(UnknownPosition):
            SINGLE.parse(spelling)


def test_without_a_position_an_error_lists_what_the_premise_may_see() -> None:
    """``twist`` is revealed at episode 1: an error with no position given is the premise's, without it."""
    scale = Scale.build([(1, 6)], {"twist": ("3", "1")})
    with pytest.raises(UnknownPosition) as raised:
        scale.parse("x")
    assert "twist" not in str(raised.value)
    with pytest.raises(UnknownPosition) as raised:
        scale.parse("x", scale.positions[1])
    assert "premise, twist, ending" in str(raised.value)


def test_a_forty_character_spelling_is_shown_whole() -> None:
    with pytest.raises(UnknownPosition) as raised:
        SINGLE.parse("x" * 40)
    assert str(raised.value).startswith(f"unknown position '{'x' * 40}'; ")


def test_a_depth_named_like_a_built_in_word_keeps_its_name() -> None:
    """Only premise and ending are spoken in the language in use; a pack's depth called ``season`` stays so."""
    scale = Scale.build([(1, 6)], {"season": "6"})
    assert spoken("season") == "season" and scale.parse("season").ordinal == 6
