"""Rich terminal output. Pack text reaches rich only as ``Text`` objects, never parsed as markup."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.style import Style
from rich.text import Text

from cell211cli.document import Block, Document
from cell211cli.i18n import _
from cell211cli.render import Terminal, safe_url
from cell211cli.render.plain import refs


def _text(block: Block, style: str = "") -> Text:
    text = Text(style=style, overflow="fold")
    for span in block.spans:
        text.append(span.text, style="bold reverse" if span.match else "")
    if block.refs:
        text.append(refs(block), style="dim")
    return text


class _Page:
    """Lines of styled text, wrapped here and printed in batches (one print per line is slow, and one
    print for a whole thousand-episode recap holds it all in memory)."""

    BATCH = 400

    def __init__(self, console: Console) -> None:
        self.console = console
        self.width = console.width  # asking the console measures the terminal each time
        self.lines: list[Text] = []

    def add(self, text: Text | str = "") -> None:
        self.lines.append(Text(text) if isinstance(text, str) else text)
        if len(self.lines) >= self.BATCH:
            self.print()

    def hanging(self, lead: Text, body: Text) -> None:
        """``body`` wrapped after ``lead``, continuation lines indented to match, no trailing spaces."""
        room = max(self.width - lead.cell_len, 10)
        if "\n" not in body.plain and body.cell_len <= room:  # fits on one line: nothing to wrap
            body.rstrip()
            self.add(Text.assemble(lead, body))
            return
        indent = Text(" " * lead.cell_len)
        for number, line in enumerate(body.wrap(self.console, room)):
            line.rstrip()
            self.add(Text.assemble(lead if number == 0 else indent, line))

    def print(self) -> None:
        if self.lines:
            self.console.print(Text("\n").join(self.lines), soft_wrap=True)
            self.lines = []


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """Let the CLI boundary handle a closed pipe the same way for every format (rich exits 1)."""
        raise BrokenPipeError


def render(document: Document, out: TextIO, terminal: Terminal) -> None:
    console = _Console(
        file=out,
        width=terminal.width,
        no_color=not terminal.color,
        color_system="auto" if terminal.color else None,
        force_terminal=terminal.color or None,
        highlight=False,
        markup=False,
        emoji=False,
    )
    page = _Page(console)
    page.hanging(Text(""), Text(document.title, style="bold underline"))
    for block in document.blocks:
        if block.kind in ("heading", "subheading"):
            page.add()
            page.add(_text(block, "bold cyan"))
        elif block.kind == "item":
            page.hanging(Text("  • ", style="cyan"), _text(block))
        else:
            page.hanging(Text("  "), _text(block, "italic dim" if block.kind == "note" else ""))
    if document.sources:
        page.add()
        # TRANSLATORS: the heading of the list of sources cited, below a page.
        page.add(Text(_("Sources"), style="bold"))
        for number, source in document.sources:
            lead = Text(f"  [{number}] ", style="dim")
            if source.url and terminal.hyperlinks and safe_url(source.url):
                # The title is the link: one line per source, the address a click away.
                page.hanging(lead, Text(source.title, style=Style(link=source.url, underline=True)))
                continue
            page.hanging(lead, Text(source.title))
            if source.url:
                # The address on a line of its own, never broken: the terminal may fold it on screen, but it
                # copies and clicks as one piece.
                page.add(Text(" " * lead.cell_len + source.url, style="dim", no_wrap=True, overflow="ignore"))
    page.print()
