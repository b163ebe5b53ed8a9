"""Renderers: ``Document`` → text on a stream, one module per ``--format``.

Only ``render.rich`` imports rich, and only when that format is chosen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from cell211cli.document import Document


class ColorMode(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


class OutputFormat(StrEnum):
    rich = "rich"
    plain = "plain"
    markdown = "markdown"
    json = "json"
    html = "html"


class ReportFormat(StrEnum):
    """Reports that are text or data only (progress, packs, validate)."""

    plain = "plain"
    json = "json"


class MapFormat(StrEnum):
    """The map's formats: every other command's, and graph languages."""

    rich = "rich"
    plain = "plain"
    markdown = "markdown"
    json = "json"
    html = "html"
    dot = "dot"
    mermaid = "mermaid"
    svg = "svg"


@dataclass(frozen=True, eq=False, repr=False)
class Terminal:
    """What the output stream can do: colour, width, whether a person is reading it, and whether it shows
    OSC 8 hyperlinks."""

    color: bool
    width: int | None
    interactive: bool
    hyperlinks: bool = False


# Terminals known to show OSC 8 hyperlinks, by the variables they set (others print the URL instead).
_HYPERLINK_PROGRAMS = ("iTerm.app", "WezTerm", "vscode", "ghostty", "Hyper", "Tabby")
_HYPERLINK_TERMS = ("kitty", "alacritty", "foot", "wezterm", "ghostty")


def supports_hyperlinks(environ: Mapping[str, str]) -> bool:
    """Whether the terminal shows OSC 8 links; ``CELL211_HYPERLINKS=0`` or ``1`` decides for it."""
    if (setting := environ.get("CELL211_HYPERLINKS")) in ("0", "1"):
        return setting == "1"
    version = environ.get("VTE_VERSION", "")
    return (
        environ.get("TERM_PROGRAM") in _HYPERLINK_PROGRAMS
        or any(name in environ for name in ("KITTY_WINDOW_ID", "WT_SESSION", "KONSOLE_VERSION", "DOMTERM"))
        or any(name in environ.get("TERM", "") for name in _HYPERLINK_TERMS)
        or (version.isdigit() and int(version) >= 5000)
    )


class Renderer(Protocol):
    def __call__(self, document: Document, out: TextIO, terminal: Terminal) -> None: ...


def renderer_for(output_format: str) -> Renderer:
    """The render function for one format (an ``OutputFormat`` or ``MapFormat``), importing only its module."""
    if output_format == "rich":
        from cell211cli.render.rich import render
    elif output_format == "markdown":
        from cell211cli.render.markdown import render
    elif output_format == "json":
        from cell211cli.render.json import render
    elif output_format == "html":
        from cell211cli.render.html import render
    elif output_format in ("dot", "mermaid", "svg"):
        from cell211cli.render import graph

        return {"dot": graph.render_dot, "mermaid": graph.render_mermaid, "svg": graph.render_svg}[output_format]
    else:
        from cell211cli.render.plain import render
    return render


def safe_url(url: str) -> bool:
    """Only web and mail addresses become links (never ``javascript:``, ``file:`` or ``data:``)."""
    return url.split(":", 1)[0].casefold() in ("http", "https", "mailto") and ":" in url
