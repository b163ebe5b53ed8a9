"""The spoiler scale: every accepted spelling, and refusals."""

from __future__ import annotations

import pytest

from cell211cli.pack.positions import Scale, UnknownPosition

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
