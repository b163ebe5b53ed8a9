"""Rich terminal output. Pack text reaches rich only as styled pieces of plain text, never parsed as markup.

Rich does the styling (the terminal's colour system, and the codes of each style and link in it) and the
writing; the page wraps the lines itself. Text whose every character takes one cell, which is nearly all
of a pack, is wrapped by counting, with the rules of rich's own word wrap (``Text.wrap``); other text (wide
or combining characters, other spaces) goes through ``Text.wrap``. A property test checks that both give
the bytes rich itself writes: a long recap spent most of its time in rich's per-character wrapping and its
``Text`` objects.
"""

from __future__ import annotations

import re
from typing import TextIO

from rich.cells import cell_len, get_character_cell_size
from rich.console import COLOR_SYSTEMS, Console
from rich.segment import Segment, Segments
from rich.style import Style
from rich.text import Text

from cell211cli.document import Block, Document
from cell211cli.i18n import _
from cell211cli.render.formats import Terminal, safe_url
from cell211cli.render.plain import refs

_NOT_A_SPACE = re.compile("[^ ]")

Piece = tuple[str, str | Style]
"""A run of text and the style it is shown in ("" for none)."""


def _pieces(block: Block) -> list[Piece]:
    """The block's text (search hits reversed) and its citation numbers, dimmed."""
    if len(block.spans) == 1 and not block.spans[0].match:  # one piece of plain text: most blocks
        pieces: list[Piece] = [(block.spans[0].text, "")]
    else:
        pieces = _merged([(span.text, "bold reverse" if span.match else "") for span in block.spans])
    if block.refs:
        pieces.append((refs(block), "dim"))
    return pieces


def one_cell_each(text: str) -> bool:
    """True when every character of ``text`` takes one cell, the only space is " " and the text does not
    start with a space: then wrapping it is counting (``line_breaks``), unless a word is longer than a line."""
    if not text.isprintable() or text.startswith(" "):  # isprintable: no newline, tab or other space
        return False
    return text.isascii() or (all(get_character_cell_size(c) == 1 for c in set(text)) and cell_len(text) == len(text))


def line_breaks(text: str, width: int) -> list[int] | None:
    """Where rich's word wrap breaks ``text`` (see ``one_cell_each``) to ``width`` cells: a line keeps
    every word that ends within it (spaces after a word may run past the edge), and the next line starts
    at the first word that does not. None when a word is longer than a line (rich folds it)."""
    breaks: list[int] = []
    end = len(text.rstrip(" "))
    start = 0
    while start + width < end:
        edge = start + width
        # Between words, the next line starts at the next word (there is one: `end` is past the edge);
        # inside a word, it starts with that word, which begins past `start` unless it is longer than a line.
        next_word = _NOT_A_SPACE.search(text, edge) if text[edge] == " " else None
        if next_word:
            start = next_word.start()
        else:
            space = text.rfind(" ", start, edge)
            if space < start:
                return None
            start = space + 1
        breaks.append(start)
    return breaks


class _Page:
    """Lines of styled text, wrapped here and handed to rich in batches (one print per line is slow, and
    one print for a whole thousand-episode recap holds it all in memory).

    Each piece is written with the escape codes rich renders for its style (``Style.render``), worked out
    once per style, and a batch goes to the console as one unstyled segment: rich still picks the colour
    system and writes to the stream, without a segment object per piece. A legacy Windows console, which
    rich styles through the Windows API rather than escape codes, gets the page without colour."""

    BATCH = 400

    def __init__(self, console: Console) -> None:
        self.console = console
        self.width = console.width  # asking the console measures the terminal each time
        self.parts: list[str] = []
        self.lines = 0
        self.styles: dict[tuple[str | Style, str | Style], tuple[str, str]] = {}
        self.codes: dict[Style | None, tuple[str, str]] = {}
        self.leads: dict[Piece, tuple[str, str, int]] = {}
        system = None if console.legacy_windows else console.color_system
        self.color_system = COLOR_SYSTEMS[system] if system else None

    def style(self, base: str | Style, style: str | Style) -> tuple[str, str]:
        """The codes before and after text in ``style`` over ``base`` (combined as rich's ``Text`` combines
        a span's style with the text's)."""
        if (codes := self.styles.get((base, style))) is None:
            get_style = self.console.get_style
            combined = get_style(base, default=Style.null()) + get_style(style, default=Style.null())
            codes = self.styles[base, style] = self.codes_of(combined)
        return codes

    def codes_of(self, style: Style | None) -> tuple[str, str]:
        """The codes rich writes before and after text in ``style`` (none without a colour system: the
        page is in colour or not at all, see ``render``)."""
        if (codes := self.codes.get(style)) is None:
            rendered = style.render("\0", color_system=self.color_system) if style else "\0"
            before, _, after = rendered.partition("\0")
            codes = self.codes[style] = (before, after)
        return codes

    def add(self, pieces: list[Piece] | None = None, base: str = "") -> None:
        """One line, not wrapped (a blank one without ``pieces``)."""
        line = [_styled(text, self.style(base, style)) for text, style in pieces or () if text]
        self.parts.append("".join(line) + "\n")
        self._ended(1)

    def _ended(self, count: int) -> None:
        """Count the lines just ended; print a batch when it is full."""
        self.lines += count
        if self.lines >= self.BATCH:
            self.print()

    def lead(self, lead: Piece) -> tuple[str, str, int]:
        """A lead as written on a first line, the indent of the lines after it, and the room left beside."""
        if (found := self.leads.get(lead)) is None:
            width = cell_len(lead[0])
            first, indent = _styled(lead[0], self.style("", lead[1])), _styled(" " * width, self.style("", ""))
            found = self.leads[lead] = (first, indent, max(self.width - width, 10))
        return found

    def hanging(self, lead: Piece, pieces: list[Piece], base: str = "") -> None:
        """``pieces`` (merged: see ``_merged``) wrapped after ``lead``, continuation lines indented to match,
        no trailing spaces."""
        first, indent, room = self.lead(lead)
        plain = "".join([text for text, _ in pieces])
        if not one_cell_each(plain) or (breaks := line_breaks(plain, room)) is None:
            self._wrapped_by_rich(lead, pieces, base, room)
            return
        styled = [(text, self.style(base, style)) for text, style in pieces if text]
        if not breaks and not plain.endswith(" "):  # one line, nothing to cut: most items of a pack
            self.parts.append(first + "".join([codes[0] + text + codes[1] for text, codes in styled]) + "\n")
            self._ended(1)
            return
        spans, offset = [], 0  # each piece's place in the plain text
        for text, codes in styled:
            spans.append((offset, offset + len(text), text, codes))
            offset += len(text)
        starts = [0, *breaks]
        piece = 0  # the first piece the line reaches into (lines and pieces both go forward)
        for number, start in enumerate(starts):
            stop = starts[number + 1] if number < len(breaks) else len(plain)
            end = start + len(plain[start:stop].rstrip(" "))
            while spans[piece][1] <= start:
                piece += 1
            low, high, text, (before, after) = spans[piece]
            if end <= high:  # the whole line is in one piece: most lines of a long item
                self.parts.append(f"{indent if number else first}{before}{text[start - low : end - low]}{after}\n")
                continue
            line = [indent if number else first, before, text[start - low :], after]
            for low, high, text, (before, after) in spans[piece + 1 :]:
                if low >= end:
                    break
                line += (before, text[: min(end, high) - low], after)
            line.append("\n")
            self.parts.append("".join(line))
        self._ended(len(starts))

    def _wrapped_by_rich(self, lead: Piece, pieces: list[Piece], base: str, room: int) -> None:
        body = Text(style=base, overflow="fold")
        for text, style in pieces:
            body.append(text, style=style)
        lead_text = Text(lead[0], style=lead[1])
        indent = Text(" " * lead_text.cell_len)
        lines = [body] if "\n" not in body.plain and body.cell_len <= room else body.wrap(self.console, room)
        for number, line in enumerate(lines):
            line.rstrip()
            segments = Text.assemble(lead_text if number == 0 else indent, line).render(self.console)
            self.parts.append("".join([_styled(text, self.codes_of(style)) for text, style, _ in segments]) + "\n")
        self._ended(len(lines))

    def print(self) -> None:
        if self.parts:
            self.console.print(Segments([Segment("".join(self.parts))]), end="", soft_wrap=True)
            self.parts, self.lines = [], 0


def _styled(text: str, codes: tuple[str, str]) -> str:
    """``text`` between its style's codes; nothing for no text (rich writes no codes around it)."""
    return codes[0] + text + codes[1] if text else ""


def _merged(pieces: list[Piece]) -> list[Piece]:
    """Neighbouring unstyled pieces as one, as rich's ``Text.append`` leaves them."""
    merged: list[Piece] = []
    for text, style in pieces:
        if merged and not style and not merged[-1][1]:
            merged[-1] = (merged[-1][0] + text, "")
        else:
            merged.append((text, style))
    return merged


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """Let the CLI boundary handle a closed pipe the same way for every format (rich exits 1)."""
        raise BrokenPipeError


def _size(terminal: Terminal) -> tuple[int, int]:
    """The terminal's width and height, given to rich in full: left to itself, it reads ``COLUMNS`` and
    ``LINES`` with ``int()`` (a ``²`` fails) and prints nothing for ``COLUMNS=0``."""
    import shutil

    measured = shutil.get_terminal_size() if terminal.interactive else None  # ignores unusable values
    width = terminal.width or (measured.columns if measured else 80)
    return width, measured.lines if measured else 25


def render(document: Document, out: TextIO, terminal: Terminal) -> None:
    width, height = _size(terminal)
    console = _Console(
        file=out,
        width=width,
        height=height,
        no_color=not terminal.color,
        color_system="auto" if terminal.color else None,
        force_terminal=terminal.color or None,
        highlight=False,
        markup=False,
        emoji=False,
    )
    page = _Page(console)
    page.hanging(("", ""), [(document.title, "")], "bold underline")
    for block in document.blocks:
        if block.kind in ("heading", "subheading"):
            page.add()
            page.add(_pieces(block), "bold cyan")
        elif block.kind == "item":
            page.hanging(("  • ", "cyan"), _pieces(block))
        else:
            page.hanging(("  ", ""), _pieces(block), "italic dim" if block.kind == "note" else "")
    if document.sources:
        page.add()
        # TRANSLATORS: the heading of the list of sources cited, below a page.
        page.add([(_("Sources"), "bold")])
        for number, source in document.sources:
            lead = (f"  [{number}] ", "dim")
            if source.url and terminal.hyperlinks and safe_url(source.url):
                # The title is the link: one line per source, the address a click away.
                page.hanging(lead, [(source.title, Style(link=source.url, underline=True))])
                continue
            page.hanging(lead, [(source.title, "")])
            if source.url:
                # The address on a line of its own, never broken: the terminal may fold it on screen, but it
                # copies and clicks as one piece.
                page.add([(" " * cell_len(lead[0]) + source.url, "dim")])
    page.print()
