"""The check for names before their reveal finds what one regular expression over every name finds."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from hypothesis import given
from hypothesis import strategies as st

from cell211cli.errors import Location
from cell211cli.pack.checks import names_before_reveal
from cell211cli.pack.positions import Scale
from cell211cli.text import fold

SCALE = Scale.build([(1, 5)], {})
CHARACTERS = "ab éÉ'-_1(.)\u00adñ"
NAMES = (
    st.text(CHARACTERS, min_size=1, max_size=6)
    .map(lambda name: fold(name).strip())
    .filter(lambda name: any(character.isalpha() for character in name))
)


def by_one_pattern(
    texts: Iterable[tuple[Location, str, int]], reveals: dict[str, int]
) -> Iterator[tuple[Location, str | None]]:
    """The check as first written: a zero-width match at every point a name can begin, capturing the
    longest name there."""
    alternatives = "|".join(re.escape(name) for name in sorted(reveals, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?=({alternatives})(?!\w))")
    for location, text, at in texts:
        for match in pattern.finditer(fold(text)):
            if reveals[match[1]] > at:
                yield location, match[1]
                break


@st.composite
def names_and_texts(draw: st.DrawFn) -> tuple[dict[str, int], list[tuple[Location, str, int]]]:
    """Names with reveal positions, and texts made of those names (any case) and other bits of text."""
    reveals = draw(st.dictionaries(NAMES, st.integers(0, 5), min_size=1, max_size=6))
    piece = st.sampled_from(sorted(reveals)).map(lambda name: name.title()) | st.text(CHARACTERS, max_size=3)
    texts = draw(st.lists(st.tuples(st.lists(piece, max_size=6).map("".join), st.integers(0, 5)), max_size=6))
    return reveals, [((index,), text, at) for index, (text, at) in enumerate(texts)]


@given(names_and_texts())
def test_names_are_found_as_one_pattern_over_all_names_finds_them(
    case: tuple[dict[str, int], list[tuple[Location, str, int]]],
) -> None:
    reveals, texts = case
    found = [(location, subject) for location, _, _, subject in names_before_reveal(texts, reveals, SCALE)]
    assert found == list(by_one_pattern(texts, reveals))


def test_a_name_inside_a_longer_one_is_found() -> None:
    reveals = {"mr green": 1, "tobias": 4}
    found = list(names_before_reveal([(("x",), "Mr Green (Tobias) waits", 2)], reveals, SCALE))
    assert [subject for *_, subject in found] == ["tobias"]
