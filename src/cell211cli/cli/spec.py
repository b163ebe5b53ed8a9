"""What a command module hands the registry: the function and its help text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple


class CommandSpec(NamedTuple):
    function: Callable[..., Any]
    help: str
    """English, marked ``N_``; translated with the rest of the help when the app is built."""
