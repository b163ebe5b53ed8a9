"""Markdown, for notes and wikis; pack text is escaped so it cannot inject markup."""

from __future__ import annotations

import re
from typing import TextIO

from cell211cli.document import Block, Document
from cell211cli.render import Terminal
from cell211cli.render.plain import refs

_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#|!~])")
_PREFIX = {"heading": "# ", "subheading": "## ", "item": "- ", "text": "", "note": "_"}


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def _line(block: Block) -> str:
    text = "".join(f"**{escape(s.text)}**" if s.match else escape(s.text) for s in block.spans)
    suffix = "_" if block.kind == "note" else ""
    return _PREFIX[block.kind] + text + suffix + escape(refs(block))


def render(document: Document, out: TextIO, terminal: Terminal) -> None:
    lines = [f"# {escape(document.title)}", ""]
    for block in document.blocks:
        if block.kind in ("heading", "subheading", "text", "note") and lines[-1]:
            lines.append("")
        lines.append(_line(block))
    if document.footer:
        lines += ["", *(f"_{escape(line)}_" for line in document.footer)]
    if document.sources:
        lines += ["", "## Sources", ""]
        lines += [
            f"{n}. [{escape(s.title)}](<{s.url}>)" if s.url else f"{n}. {escape(s.title)}"
            for n, s in enumerate(document.sources, 1)
        ]
    out.write("\n".join(lines) + "\n")
