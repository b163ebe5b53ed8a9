"""Markdown, for notes and wikis; pack text is escaped so it cannot inject markup."""

from __future__ import annotations

import re
from typing import TextIO

from cell211cli.document import Block, Document
from cell211cli.i18n import _
from cell211cli.render.formats import Terminal, safe_url
from cell211cli.render.plain import refs

_SPECIAL = r"([\\`*_\[\]{}<>#|!~&])"
# What Markdown reads as a block when it starts a line: a list item, an ordered list, a setext heading line.
_BLOCK_START = r"^([-+=]|\d+(?=[.)]))"
_PREFIX = {"heading": "# ", "subheading": "## ", "item": "- ", "text": "", "note": "_"}


def escape(text: str) -> str:
    """Pack text as literal Markdown inline text: no emphasis, link, HTML or code."""
    return re.sub(_SPECIAL, r"\\\1", text)


def literal_line(markdown: str) -> str:
    """Escaped text that starts a line (or follows a list marker): it cannot open a block of its own."""
    markdown = markdown.lstrip()
    return re.sub(_BLOCK_START, lambda match: match[1] + "\\" if match[1][0].isdigit() else "\\" + match[1], markdown)


def link_target(url: str) -> str:
    """A URL as an angle-bracket link destination: characters that could end it are percent-encoded."""
    from urllib.parse import quote

    return quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


def _line(block: Block) -> str:
    text = literal_line("".join(f"**{escape(s.text)}**" if s.match else escape(s.text) for s in block.spans))
    suffix = "_" if block.kind == "note" else ""
    return _PREFIX[block.kind] + text + suffix + escape(refs(block))


def render(document: Document, out: TextIO, terminal: Terminal) -> None:
    lines = [f"# {literal_line(escape(document.title))}", ""]
    for block in document.blocks:
        if block.kind in ("heading", "subheading", "text", "note") and lines[-1]:
            lines.append("")
        lines.append(_line(block))
    if document.sources:
        # TRANSLATORS: the heading of the list of sources cited, below a page.
        lines += ["", "## " + literal_line(escape(_("Sources"))), ""]
        for number, source in document.sources:  # numbers can skip, so bullets (Markdown renumbers a 1. list)
            if source.url and safe_url(source.url):
                lines.append(f"- \\[{number}\\] [{escape(source.title)}](<{link_target(source.url)}>)")
            elif source.url:
                lines.append(f"- \\[{number}\\] {escape(source.title)}: {escape(source.url)}")
            else:
                lines.append(f"- \\[{number}\\] {escape(source.title)}")
    out.write("\n".join(lines) + "\n")
