"""Folding for matching: case, accents and invisible characters ignored, with each folded character's origin."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cell211cli.text import fold, fold_with_offsets

# Accented letters, combining marks, invisible characters, ligatures and letters that fold to two or more.
_TRICKY = "áÁñÑüçÇ\u0301\u0303\u00ad\u200b\ufeffﬁßİΣςẞ—“”ǅ"


def _per_character(text: str) -> tuple[str, list[int]]:
    """The definition: each character folded on its own, every piece pointing back to it."""
    pieces = [(piece, index) for index, char in enumerate(text) for piece in fold(char)]
    return "".join(piece for piece, _ in pieces), [index for _, index in pieces]


@given(st.text(alphabet=st.sampled_from("abc XYZ.,'-0") | st.sampled_from(_TRICKY) | st.characters()))
def test_fold_with_offsets_is_each_character_folded_on_its_own(text: str) -> None:
    assert fold_with_offsets(text) == _per_character(text)


def test_accents_and_case_fold_alike_and_point_back() -> None:
    folded, offsets = fold_with_offsets("Tomás GÁNDARA")
    assert folded == "tomas gandara" and fold("Tomás") == fold("TOMAS")
    assert [("Tomás GÁNDARA")[offset] for offset in offsets][3:5] == ["á", "s"]
