"""Shell completion that matches names the way the commands do, and that bash can insert safely.

Typer keeps only candidates that start with the typed text exactly, so `tom` would never find Tomás,
and hands bash each candidate as is, so `Inspector Vidal` would become two arguments. The completers here
ask Typer for every candidate of the word being completed and keep those whose folded form (case and
accents ignored, as in every command) starts with the folded typed text; for bash they escape spaces
and shell characters. They replace Typer's for the `complete_*` instructions only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, MutableMapping
from typing import Any

import typer

from cell211cli.cli.context import COMPLETE_VAR, RunContext
from cell211cli.cli.options import MATCHED_INSIDE
from cell211cli.cli.typer_private import (
    BashComplete,
    CompletionItem,
    FishComplete,
    ZshComplete,
    get_command,
    resolve_context,
    resolve_incomplete,
)
from cell211cli.errors import BadUsage
from cell211cli.i18n import _
from cell211cli.text import fold, fold_with_offsets

PROG_NAME = "cell211"
_SHELL_SPECIAL = r"[^\w@%+=:,./-]"


class _Folding:
    """Candidates matched against the typed word with case and accents ignored."""

    ctx_args: MutableMapping[str, Any]

    def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
        # `--lang es` on the line being completed, else CELL211_LANG, the config file or the locale
        self.ctx_args["obj"] = RunContext.build(args)
        complete: Callable[[list[str], str], list[CompletionItem]] = super().get_completions  # type: ignore[misc]
        if incomplete.startswith("-"):  # an option name: Typer's own matching
            return complete(args, incomplete)
        typed = fold(incomplete)
        everything = complete(args, "")
        found = [item for item in everything if fold(str(item.value)).startswith(typed)]
        context = resolve_context(self.cli, self.ctx_args, self.prog_name, list(args))  # type: ignore[attr-defined]
        target, _ = resolve_incomplete(context, list(args), incomplete)
        if getattr(target, "name", None) in MATCHED_INSIDE:  # `mos` finds The Mostros, as the commands do
            found += [item for item in everything if typed in fold(str(item.value)) and item not in found]
        return found or complete(args, incomplete)  # what a parameter offers for the word as typed


class _Bash(_Folding, BashComplete):
    def format_completion(self, item: CompletionItem) -> str:
        return re.sub(_SHELL_SPECIAL, r"\\\g<0>", str(item.value))


class _Zsh(_Folding, ZshComplete):
    def complete(self) -> str:
        """``compadd -U``: zsh offers the candidates even when the typed word differs in case or accents
        (Typer's ``_arguments`` form keeps only exact prefixes)."""
        import shlex

        args, incomplete = self.get_completion_args()
        words = [shlex.quote(str(item.value)) for item in self.get_completions(args, incomplete)]
        return f"compadd -U -- {' '.join(words)}" if words else "_files"


class _Fish(_Folding, FishComplete):
    """fish keeps only candidates that hold the typed word (ignoring case, not accents; at the start first,
    then anywhere): a candidate that holds it only once accents are folded is offered with the typed
    letters in place of the matching ones (``gan`` → ``gandara``, ``andara`` → ``Gandara``), which every
    command accepts."""

    def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
        items = super().get_completions(args, incomplete)
        if not incomplete or incomplete.startswith("-"):
            return items
        return [CompletionItem(_with_typed_part(str(item.value), incomplete), help=item.help) for item in items]


def _with_typed_part(candidate: str, typed: str) -> str:
    if typed.casefold() in candidate.casefold():
        return candidate
    folded, offsets = fold_with_offsets(candidate)
    found = folded.find(fold(typed))
    if found < 0 or not typed:
        return candidate
    start, end = offsets[found], offsets[found + len(fold(typed)) - 1] + 1
    return candidate[:start] + typed + candidate[end:]


COMPLETERS: dict[str, type[Any]] = {"complete_bash": _Bash, "complete_zsh": _Zsh, "complete_fish": _Fish}


def completed_words(instruction: str) -> list[str]:
    """The words of the line being completed, before the one under the cursor, as the shell hands them;
    a ``BadUsage`` when the variables the completion scripts set are missing (someone ran it by hand)."""
    reader = COMPLETERS[instruction](None, {}, PROG_NAME, COMPLETE_VAR)  # reads the environment only
    try:
        args: list[str] = reader.get_completion_args()[0]
    except (KeyError, ValueError):
        message = _("{variable} asks for completion, which needs COMP_WORDS and COMP_CWORD as the shell sets them")
        raise BadUsage(message.format(variable=f"{COMPLETE_VAR}={instruction}")) from None
    return args


def complete(app: typer.Typer, instruction: str) -> None:
    """Print the candidates for the word being completed, as the shell's completion script expects."""
    completer = COMPLETERS[instruction](get_command(app), {}, PROG_NAME, COMPLETE_VAR)
    typer.echo(completer.complete())
