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


# Combining marks left by NFKD decomposition (accents, tildes, cedillas ...), deleted by str.translate.
_COMBINING_RANGES = ((0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F))
_DROP_COMBINING = {c: None for low, high in _COMBINING_RANGES for c in range(low, high + 1)}


def fold(text: str) -> str:
    """Case- and accent-insensitive form for matching: ``Gándara`` and ``gandara`` fold alike."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    return unicodedata.normalize("NFKD", folded).translate(_DROP_COMBINING)


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` plus, for each folded character, the index of the original character it came from."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    folded: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        for piece in fold(char):
            folded.append(piece)
            offsets.append(index)
    return "".join(folded), offsets
