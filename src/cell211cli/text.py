"""Text helpers shared by the loader, the gate and the renderers."""

from __future__ import annotations

import re
import unicodedata

# C0/C1 controls (tab and newline excepted), DEL, and the bidirectional overrides and isolates that can
# reorder what a terminal shows.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """Strip control characters and direction overrides; pack text is printed only after this."""
    return _UNSAFE.sub("", text)


def fold(text: str) -> str:
    """Case- and accent-insensitive form for matching: ``Gándara`` and ``gandara`` fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` plus, for each folded character, the index of the original character it came from."""
    folded: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        for piece in fold(char):
            folded.append(piece)
            offsets.append(index)
    return "".join(folded), offsets
