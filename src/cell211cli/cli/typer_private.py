"""Every private Typer API cell211 uses, in one place (``tests/unit/test_typer_private.py`` imports each
name, so an upgrade that moves one fails loudly there rather than somewhere in a command).

Typer 0.2x vendors click as ``typer._click``; the help formatter, usage errors and shell completion are
reached through it. ``PACIFIED_STDOUT`` names the wrapper click puts around stdout after a broken pipe.
"""

from __future__ import annotations

from collections.abc import Callable

import typer.core
from typer import _click as click
from typer._click.shell_completion import CompletionItem
from typer._click.shell_completion import _resolve_context as resolve_context
from typer._click.shell_completion import _resolve_incomplete as resolve_incomplete
from typer._completion_classes import BashComplete, FishComplete, ZshComplete
from typer._completion_shared import _get_shell_name as detect_shell
from typer._completion_shared import get_completion_script
from typer.main import get_command, get_command_name

PACIFIED_STDOUT = "PacifyFlushWrapper"

__all__ = [
    "PACIFIED_STDOUT",
    "BashComplete",
    "CompletionItem",
    "FishComplete",
    "ZshComplete",
    "click",
    "detect_shell",
    "get_command",
    "get_command_name",
    "get_completion_script",
    "resolve_context",
    "resolve_incomplete",
    "set_typer_gettext",
]


def set_typer_gettext(gettext: Callable[[str], str]) -> None:
    """Typer's own words ("Options", "Arguments", "[required]") through our catalog."""
    setattr(typer.core, "_", gettext)  # noqa: B010  (a private name, set on purpose)
