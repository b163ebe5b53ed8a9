"""The rich page wraps one-cell text by counting; it must give the very bytes rich's own wrap gives."""

from __future__ import annotations

from io import StringIO

from hypothesis import given, settings
from hypothesis import strategies as st

from cell211cli.render import rich as rich_render

WORDS = st.text(alphabet="abcdeéñÁ.,;'-", min_size=1, max_size=14)
SPACES = st.sampled_from([" ", " ", " ", "  ", "   "])
TEXT = st.builds(
    lambda words, gaps, tail: "".join(w + g for w, g in zip(words, gaps, strict=False)) + tail,
    st.lists(WORDS, min_size=1, max_size=12),
    st.lists(SPACES, min_size=12, max_size=12),
    st.sampled_from(["", " ", "   "]),
)
PIECES = st.lists(st.tuples(TEXT, st.sampled_from(["", "", "bold reverse", "dim"])), min_size=1, max_size=4)
LEADS = st.sampled_from([("", ""), ("  ", ""), ("  • ", "cyan"), ("  [12] ", "dim")])
BASES = st.sampled_from(["", "bold cyan", "italic dim", "bold underline"])


def page(width: int) -> tuple[rich_render._Page, StringIO]:
    out = StringIO()
    console = rich_render._Console(file=out, width=width, force_terminal=True, color_system="truecolor")
    return rich_render._Page(console), out


@settings(max_examples=400, deadline=None)
@given(pieces=PIECES, lead=LEADS, base=BASES, width=st.integers(min_value=12, max_value=70))
def test_counting_wraps_as_rich_does(
    pieces: list[rich_render.Piece], lead: rich_render.Piece, base: str, width: int
) -> None:
    counted, counted_out = page(width)
    counted.hanging(lead, rich_render._merged(pieces), base)
    counted.print()
    by_rich, rich_out = page(width)
    room = max(width - len(lead[0]), 10)
    by_rich._wrapped_by_rich(lead, rich_render._merged(pieces), base, room)
    by_rich.print()
    assert counted_out.getvalue() == rich_out.getvalue() == rich_itself(lead, pieces, base, width)


def rich_itself(lead: rich_render.Piece, pieces: list[rich_render.Piece], base: str, width: int) -> str:
    """The same block wrapped and written by rich alone: its ``Text.wrap``, its console's styling."""
    console, out = page(width)[0].console, StringIO()
    console.file = out
    body = rich_render.Text(style=base, overflow="fold")
    for text, style in pieces:
        body.append(text, style=style)
    lead_text, indent = rich_render.Text(lead[0], style=lead[1]), rich_render.Text(" " * len(lead[0]))
    room = max(width - len(lead[0]), 10)
    lines = [body] if body.cell_len <= room else body.wrap(console, room)
    for number, line in enumerate(lines):
        line.rstrip()
        console.print(rich_render.Text.assemble(lead_text if number == 0 else indent, line), soft_wrap=True)
    return out.getvalue()


def test_pack_prose_is_wrapped_by_counting_and_other_text_by_rich() -> None:
    prose = "Juan Oliver, a lawyer, takes off his jacket; el motín empieza en Cereso 3."
    assert rich_render.one_cell_each(prose)
    assert not rich_render.one_cell_each("a\tb")  # tabs
    assert not rich_render.one_cell_each("a\u00a0b")  # a space other than " "
    assert not rich_render.one_cell_each("celda 二一一")  # wide characters
    assert not rich_render.one_cell_each("cafe\u0301")  # a combining accent
    assert not rich_render.one_cell_each(" leading")
    assert rich_render.line_breaks("aaa bbb ccc", 6) == [4, 8]
    assert rich_render.line_breaks("aaa bbb ccc", 7) == [8]
    assert rich_render.line_breaks("a" * 31, 30) is None  # a word longer than the line is folded by rich
    assert rich_render.line_breaks("aa " + "b" * 31 + " c", 30) is None


def test_a_legacy_windows_console_gets_the_page_without_escape_codes() -> None:
    """Rich styles an old Windows console through the Windows API, not escape codes: the page is plain."""
    out = StringIO()
    console = rich_render._Console(
        file=out, width=40, force_terminal=True, color_system="truecolor", legacy_windows=True
    )
    legacy = rich_render._Page(console)
    legacy.hanging(("  • ", "cyan"), [("Ana arrives at the lighthouse and meets the keeper.", "bold")])
    legacy.print()
    assert out.getvalue() == "  • Ana arrives at the lighthouse and\n    meets the keeper.\n"
