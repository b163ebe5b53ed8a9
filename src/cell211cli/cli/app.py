"""The ``cell211`` app: a registry of commands by name, and one run: context, app, boundary.

A run builds only the command it names (pip's ``commands_dict``): Typer reads every registered command's
signature and makes its options before parsing, and a run uses one. With no command named, or ``--help``
before it, every command is registered, so the list of commands can be shown.
"""

import importlib
import os
import sys
from collections.abc import Sequence
from typing import Annotated

import typer

from cell211cli import __version__
from cell211cli.cli.boundary import boundary, error
from cell211cli.cli.context import COMPLETE_VAR, Arguments, RunContext
from cell211cli.cli.localized import LocalizedCommand, LocalizedGroup
from cell211cli.cli.typer_private import PACIFIED_STDOUT
from cell211cli.errors import Cell211Error, ExitCode
from cell211cli.i18n import N_

COMMANDS = {
    "recap": "reading",
    "characters": "reading",
    "facts": "reading",
    "search": "reading",
    "levels": "reading",
    "map": "reading",
    "progress": "progress",
    "paths": "packs",
    "packs": "packs",
    "validate": "packs",
    "translate": "packs",
    "schema": "packs",
    "config": "settings",
    "completion": "shell",
}
"""Every command, in the order ``--help`` lists them, and the module of ``cli.commands`` that holds it."""

HELP = N_(
    "Spoiler-aware recaps, characters and background for a series, up to where you have watched "
    "(the packs it knows: cell211 packs).\n\n"
    "Nothing past your position is ever shown: `--upto 3` means you have finished episode 3. "
    "Save your place once with `cell211 progress 3`; without either you get the premise only.\n\n"
    "Examples:\n\n"
    "\b\n"
    "  # I have finished episode 3\n"
    "  cell211 progress 3\n"
    "  # the story so far, and who is who\n"
    "  cell211 recap\n"
    "  cell211 characters\n"
    "  # the real 2023 riot behind it\n"
    "  cell211 facts true-story\n"
    "  # one episode more, just this once\n"
    "  cell211 recap --upto 4 --from 3\n\n"
    "`cell211 COMMAND --help` (or `cell211 help COMMAND`) has more examples."
)


def _help_width() -> int:
    import shutil

    return min(shutil.get_terminal_size().columns, 80) - 2


def _version(value: bool) -> None:
    """The tool's version alone: it reads no pack (``cell211 paths`` names the pack in use)."""
    if value:
        typer.echo(f"cell211 {__version__}")
        raise typer.Exit()


def _install_completion(ctx: typer.Context, value: bool) -> None:
    if value:  # click calls every callback, with False when the option is absent
        from cell211cli.cli.commands.shell import install_callback

        install_callback(ctx)


def _show_completion(ctx: typer.Context, value: bool) -> None:
    if value:
        from cell211cli.cli.commands.shell import show_callback

        show_callback(ctx)


def _main(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help=N_("Print the version and exit.")),
    ] = False,
    install_completion: Annotated[
        bool,
        typer.Option(
            "--install-completion",
            callback=_install_completion,
            is_eager=True,
            expose_value=False,
            help=N_(
                "Install completion for this shell (or the one named: bash, zsh, fish), say where, "
                "and change nothing else."
            ),
        ),
    ] = False,
    show_completion: Annotated[
        bool,
        typer.Option(
            "--show-completion",
            callback=_show_completion,
            is_eager=True,
            expose_value=False,
            help=N_("Print the completion script for this shell (the completion command prints any)."),
        ),
    ] = False,
) -> None:
    """Spoiler-aware companion for the series its packs tell."""


def build_app(names: Sequence[str] | None = None, *, list_others: bool = False) -> typer.Typer:
    """The app with the commands ``names`` built (every command when None), each behind the error
    boundary; with ``list_others``, every other command registered by name and help alone, for the
    list of commands (help, "did you mean", completing a command's name), never to be run."""
    app = typer.Typer(
        name="cell211",
        cls=LocalizedGroup,
        help=HELP,
        # Help wraps to the terminal, 40 columns included (click would not go below 50), at most 80.
        context_settings={"help_option_names": ["-h", "--help"], "terminal_width": _help_width()},
        no_args_is_help=True,
        add_completion=False,  # ours: cli/commands/shell.py
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )
    app.callback()(_main)
    built = COMMANDS if names is None else names
    for name in COMMANDS:
        if name in built or list_others:
            spec = importlib.import_module(f"cell211cli.cli.commands.{COMMANDS[name]}").COMMANDS[name]
            function = boundary(spec.function) if name in built else _listed_only
            app.command(name=name, cls=LocalizedCommand, help=spec.help)(function)
    return app


def _listed_only() -> None:
    """A command listed, not built: never run, since a run builds the command its line names."""
    raise AssertionError("a command listed only was run")


def app_for(arguments: Arguments, args: Sequence[str]) -> typer.Typer:
    """The app a command line needs: the command it names built alone (with ``help NAME``, that one);
    for ``--version``, no command; for help on the app or a name that is no command, every command
    listed; after a bare ``--``, every command built."""
    if "--" in args[: args.index(arguments.command) if arguments.command in args else len(args)]:
        return build_app()
    if arguments.version_only:
        return build_app([])
    if arguments.command == "help":  # ``help NAME``: the named command's help
        words = list(args)
        words.remove("help")
        arguments = Arguments.scan(words)
    if arguments.command in COMMANDS and not arguments.help_before_command:
        return build_app([arguments.command])
    return build_app([], list_others=True)


def run(args: Sequence[str] | None = None) -> None:
    """Run one command line (``sys.argv`` by default), shell completion included."""
    args = list(sys.argv[1:] if args is None else args)
    if (instruction := os.environ.get(COMPLETE_VAR)) and instruction.startswith("complete_"):
        from cell211cli.cli.completion import COMPLETERS, complete, completed_words

        if instruction in COMPLETERS:
            try:
                words = completed_words(instruction)
            except Cell211Error as failure:
                error(str(failure))
                raise SystemExit(failure.exit_code) from None
            complete(app_for(Arguments.scan(words), words), instruction)
            return
    context = RunContext.build(args)
    started_on_pipe = _on_pipe()
    try:
        app_for(context.arguments, args)(args, prog_name="cell211", obj=context)
    except SystemExit as finished:
        # A reader that went away while Typer itself was writing (help, usage): Typer exits 1 after wrapping
        # stdout, rich exits 1 after pointing stdout at /dev/null. Exit 0 instead, like our own commands.
        went_away = type(sys.stdout).__name__ == PACIFIED_STDOUT or (started_on_pipe and not _on_pipe())
        if finished.code == 1 and went_away:
            raise SystemExit(ExitCode.OK) from None
        raise


def _on_pipe() -> bool:
    import stat

    try:
        return stat.S_ISFIFO(os.fstat(sys.stdout.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):
        return False
