"""The output formats, what a terminal can do, and the shape every renderer has."""

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


@dataclass(eq=False, repr=False)
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


def safe_url(url: str) -> bool:
    """Only web and mail addresses become links (never ``javascript:``, ``file:`` or ``data:``)."""
    return url.split(":", 1)[0].casefold() in ("http", "https", "mailto") and ":" in url
