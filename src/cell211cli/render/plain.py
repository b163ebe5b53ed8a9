"""Plain text: no colour, no wrapping, one line per item (friendly to grep and pipes)."""

from __future__ import annotations

from typing import TextIO

from cell211cli.document import Block, Document
from cell211cli.i18n import _
from cell211cli.render.formats import Terminal

_PREFIX = {"heading": "", "subheading": "", "item": "  - ", "text": "  ", "note": "  "}


def refs(block: Block) -> str:
    return " [" + ",".join(map(str, block.refs)) + "]" if block.refs else ""


def render(document: Document, out: TextIO, terminal: Terminal) -> None:
    lines = [document.title, ""]
    for block in document.blocks:
        if block.kind in ("heading", "subheading") and lines[-1]:
            lines.append("")
        lines.append(_PREFIX[block.kind] + block.text + refs(block))
    if document.sources:
        # TRANSLATORS: the heading of the list of sources cited, below a page.
        lines += ["", _("Sources")]
        lines += [f"  [{n}] {s.title}" + (f" <{s.url}>" if s.url else "") for n, s in document.sources]
    out.write("\n".join(lines) + "\n")
