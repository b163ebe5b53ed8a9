"""Text helpers shared by the loader, the gate and the renderers."""

from __future__ import annotations

import functools
import re

# Characters that show nothing but can split a word ("Tobi\u00adas") so that a name check misses it:
# soft hyphen, Arabic letter mark, Mongolian vowel separator, zero-width space/non-joiners/joiner and
# direction marks, direction overrides and isolates, word joiner and invisible operators, BOM, tag characters.
_INVISIBLE_RANGES = (
    (0x00AD, 0x00AD),
    (0x061C, 0x061C),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x2069),
    (0xFEFF, 0xFEFF),
    (0xE0000, 0xE007F),
)
_INVISIBLE = "".join(f"{chr(low)}-{chr(high)}" for low, high in _INVISIBLE_RANGES)
# C0/C1 controls (ESC starts every terminal escape sequence), DEL, and the invisible characters above.
_UNSAFE = f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_INVISIBLE}]"
# Line breaks of every kind: inside one field they would forge extra lines of output.
_LINE_BREAKS = "[\t\n\r\x85\u2028\u2029]+"
# Lone surrogates: how Python keeps the bytes of a file name that is not UTF-8; they cannot be written out.
_SURROGATES = "[\ud800-\udfff]"


def clean(text: str) -> str:
    """Text safe to print on one line: control characters, escape sequences' lead bytes, invisible and
    direction-changing characters removed, line breaks folded into a space, undecodable bytes of a file
    name shown as U+FFFD. Every string that came from a
    file or a path is printed only after this."""
    if text.isprintable():  # none of the characters removed or replaced below is printable (a test checks)
        return text
    # Patterns compiled on first use (re keeps them): most runs print only printable text.
    return re.sub(_SURROGATES, "\ufffd", re.sub(_LINE_BREAKS, " ", re.sub(_UNSAFE, "", text)))


_NOT_ASCII = "[^\x00-\x7f]+"
_COMBINING_RANGES = ((0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F))


@functools.cache
def _dropped_in_fold() -> dict[int, None]:
    """Combining marks left by NFKD decomposition (accents, tildes, cedillas ...) and invisible characters,
    for str.translate to delete: built on the first text that is not ASCII."""
    return {c: None for low, high in (*_COMBINING_RANGES, *_INVISIBLE_RANGES) for c in range(low, high + 1)}


def fold(text: str) -> str:
    """Case- and accent-insensitive form for matching: ``Tomás`` and ``tomas`` fold alike, and
    invisible characters inside a word (``Tobi\u00adas``) are dropped."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    import unicodedata  # here: most runs fold only ASCII, and the Unicode database costs 120 kB of memory

    return unicodedata.normalize("NFKD", folded).translate(_dropped_in_fold())


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` plus, for each folded character, the index of the original character it came from."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    folded: list[str] = []
    offsets: list[int] = []
    done = 0
    for run in re.finditer(_NOT_ASCII, text):  # ASCII between the runs folds as lower() does, in one step
        folded.append(text[done : run.start()].lower())
        offsets += range(done, run.start())
        for index in range(run.start(), run.end()):
            piece = fold(text[index])
            folded.append(piece)
            offsets += [index] * len(piece)
        done = run.end()
    folded.append(text[done:].lower())
    offsets += range(done, len(text))
    return "".join(folded), offsets
