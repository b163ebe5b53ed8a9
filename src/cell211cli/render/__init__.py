"""Renderers: ``Document`` → text on a stream, one module per ``--format``.

Only ``render.rich`` imports rich, and only when that format is chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from cell211cli.document import Document


class OutputFormat(StrEnum):
    rich = "rich"
    plain = "plain"
    markdown = "markdown"
    json = "json"


@dataclass(frozen=True, eq=False, repr=False)
class Terminal:
    """What the output stream can do: colour, width, and whether a person is reading it."""

    color: bool
    width: int | None
    interactive: bool


class Renderer(Protocol):
    def __call__(self, document: Document, out: TextIO, terminal: Terminal) -> None: ...


def renderer_for(output_format: OutputFormat) -> Renderer:
    """The render function for one format, importing only its module."""
    if output_format is OutputFormat.rich:
        from cell211cli.render.rich import render
    elif output_format is OutputFormat.markdown:
        from cell211cli.render.markdown import render
    elif output_format is OutputFormat.json:
        from cell211cli.render.json import render
    else:
        from cell211cli.render.plain import render
    return render


def safe_url(url: str) -> bool:
    """Only web and mail addresses become links (never ``javascript:``, ``file:`` or ``data:``)."""
    return url.split(":", 1)[0].casefold() in ("http", "https", "mailto") and ":" in url
