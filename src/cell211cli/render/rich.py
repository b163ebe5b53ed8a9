"""Rich terminal output. Pack text reaches rich only as ``Text`` objects, never parsed as markup."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.style import Style
from rich.text import Text

from cell211cli.document import Block, Document
from cell211cli.render import Terminal
from cell211cli.render.plain import refs


def _text(block: Block, style: str = "") -> Text:
    text = Text(style=style, overflow="fold")
    for span in block.spans:
        text.append(span.text, style="bold reverse" if span.match else "")
    if block.refs:
        text.append(refs(block), style="dim")
    return text


def _hanging(console: Console, lead: Text, body: Text) -> None:
    """Print ``body`` wrapped after ``lead``, continuation lines indented to match, no trailing spaces."""
    indent = Text(" " * lead.cell_len)
    for number, line in enumerate(body.wrap(console, max(console.width - lead.cell_len, 10))):
        line.rstrip()
        console.print(Text.assemble(lead if number == 0 else indent, line), soft_wrap=True)


def render(document: Document, out: TextIO, terminal: Terminal) -> None:
    console = Console(
        file=out,
        width=terminal.width,
        no_color=not terminal.color,
        color_system="auto" if terminal.color else None,
        force_terminal=terminal.color or None,
        highlight=False,
        markup=False,
        emoji=False,
    )
    console.print(Text(document.title, style="bold underline"))
    for block in document.blocks:
        if block.kind in ("heading", "subheading"):
            console.print()
            console.print(_text(block, "bold cyan"))
        elif block.kind == "item":
            _hanging(console, Text("  • ", style="cyan"), _text(block))
        else:
            _hanging(console, Text("  "), _text(block, "italic dim" if block.kind == "note" else ""))
    if document.footer:
        console.print()
        for line in document.footer:
            console.print(Text(line, style="yellow"))
    if document.sources:
        console.print()
        console.print(Text("Sources", style="bold"))
        for number, source in enumerate(document.sources, 1):
            entry = Text(source.title, style=Style(link=source.url) if terminal.interactive and source.url else "")
            if source.url:
                entry.append(f"\n{source.url}", style="dim")
            _hanging(console, Text(f"  [{number}] ", style="dim"), entry)
