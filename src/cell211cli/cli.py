"""The ``cell211`` command: parse options, ask the core for a View, hand a Document to a renderer."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from cell211cli import __version__
from cell211cli.document import Document
from cell211cli.errors import Cell211Error, ExitCode
from cell211cli.positions import Position, UnknownPosition
from cell211cli.render import OutputFormat, Terminal, renderer_for
from cell211cli.session import Session, open_session

app = typer.Typer(
    name="cell211",
    help=(
        "Spoiler-aware recaps, characters and background for Prison Cell 211 (Celda 211).\n\n"
        "Nothing past the position you give is ever shown: `--upto 3` means "
        "'I have finished episode 3'. Without --upto you get the premise only."
    ),
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)

Command = TypeVar("Command", bound=Callable[..., Any])

UptoOption = Annotated[
    str | None,
    typer.Option(
        "--upto",
        "-u",
        envvar="CELL211_UPTO",
        metavar="POSITION",
        help="Show everything up to this position: premise, 3, e3, S01E03, midseason, ending ...",
    ),
]
FormatOption = Annotated[
    OutputFormat | None,
    typer.Option("--format", "-f", help="Output format (default: rich on a terminal, plain otherwise)."),
]
PackOption = Annotated[
    str | None,
    typer.Option(
        "--pack", envvar="CELL211_PACK", metavar="PATH", help="Use another recap pack (file or folder)."
    ),
]


def _error(message: str) -> None:
    typer.echo(f"cell211: {message}", err=True)


def boundary(command: Command) -> Command:
    """Turn every exception into one message on stderr and an exit code; never a traceback."""

    @functools.wraps(command)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except Cell211Error as error:
            _error(str(error))
            raise typer.Exit(error.exit_code) from None
        except UnknownPosition as error:
            _error(str(error))
            raise typer.Exit(ExitCode.BAD_INPUT) from None
        except (typer.Exit, BrokenPipeError):
            raise
        except Exception as error:
            if os.environ.get("CELL211_TRACEBACK"):
                raise
            _error(
                f"unexpected error ({type(error).__name__}: {error}); set CELL211_TRACEBACK=1 to see where"
            )
            raise typer.Exit(ExitCode.UNEXPECTED) from None

    return guarded  # type: ignore[return-value]


def _terminal() -> Terminal:
    interactive = sys.stdout.isatty()
    if os.environ.get("NO_COLOR"):
        color = False
    elif os.environ.get("FORCE_COLOR"):
        color = True
    else:
        color = interactive
    columns = os.environ.get("COLUMNS", "")
    return Terminal(color=color, width=int(columns) if columns.isdigit() else None, interactive=interactive)


def _show(document: Document, output_format: OutputFormat | None) -> None:
    terminal = _terminal()
    chosen = output_format or (OutputFormat.rich if terminal.interactive else OutputFormat.plain)
    renderer_for(chosen)(document, sys.stdout, terminal)


def _session(upto: str | None, pack: str | None) -> Session:
    session = open_session(pack, upto)
    if session.hint:
        typer.echo(session.hint, err=True)
    return session


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cell211 {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Spoiler-aware companion for Prison Cell 211."""


@app.command()
@boundary
def recap(
    upto: UptoOption = None,
    after: Annotated[
        str | None,
        typer.Option(
            "--from", metavar="POSITION", help="Start after this position (catching up after a break)."
        ),
    ] = None,
    episode: Annotated[
        str | None,
        typer.Option("--episode", "-e", metavar="N", help="Show one episode (within your position)."),
    ] = None,
    brief: Annotated[bool, typer.Option("--brief", "-b", help="One line per episode.")] = False,
    output_format: FormatOption = None,
    pack: PackOption = None,
) -> None:
    """The story so far, grouped by episode, and not a word past your position.

    Examples:

      cell211 recap --upto 3            everything up to the end of episode 3

      cell211 recap --upto 5 --from 3   only episodes 4 and 5

      cell211 recap --upto ending --brief --format markdown
    """
    session = _session(upto, pack)
    after_position = session.parse(after) if after else None
    episode_position: Position | None = session.parse(episode) if episode else None
    from cell211cli.pages import recap_page

    _show(recap_page(session.view, after_position, episode_position, brief), output_format)


@app.command()
@boundary
def characters(
    name: Annotated[
        str | None, typer.Argument(help="A name or alias; accents and case do not matter.")
    ] = None,
    upto: UptoOption = None,
    output_format: FormatOption = None,
    pack: PackOption = None,
) -> None:
    """Everyone introduced so far, with what is known of them at your position.

    Examples:

      cell211 characters --upto 2

      cell211 characters gandara --upto 4
    """
    session = _session(upto, pack)
    from cell211cli.pages import characters_page

    _show(characters_page(session.view, name), output_format)


@app.command()
@boundary
def facts(
    topic: Annotated[
        str | None, typer.Argument(help="A topic id such as true-story; omit to list topics.")
    ] = None,
    upto: UptoOption = None,
    output_format: FormatOption = None,
    pack: PackOption = None,
) -> None:
    """Background topics: the true story, the novel, the film, the production ...

    Examples:

      cell211 facts

      cell211 facts true-story

      cell211 facts themes --upto ending
    """
    session = _session(upto, pack)
    from cell211cli.pages import facts_page

    _show(facts_page(session.view, topic), output_format)


@app.command()
@boundary
def levels(upto: UptoOption = None, output_format: FormatOption = None, pack: PackOption = None) -> None:
    """The spoiler scale: positions, accepted spellings, and titles up to your position.

    Examples:

      cell211 levels

      cell211 levels --upto 4
    """
    session = _session(upto, pack)
    from cell211cli.pages import levels_page

    _show(levels_page(session.view), output_format)


def run() -> None:
    """Console-script entry point."""
    try:
        app()
    except BrokenPipeError:
        # The reader went away (`cell211 recap | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(ExitCode.OK) from None
