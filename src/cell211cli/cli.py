"""The ``cell211`` command: parse options, ask the core for a View, hand a Document to a renderer."""

import functools
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from cell211cli import __version__
from cell211cli.errors import BadUsage, Cell211Error, ExitCode, NotFound
from cell211cli.positions import IMPORT, NEXT, UnknownPosition
from cell211cli.render import (
    ColorMode,
    MapFormat,
    OutputFormat,
    ReportFormat,
    Terminal,
    renderer_for,
    supports_hyperlinks,
)
from cell211cli.text import clean, fold

if TYPE_CHECKING:
    from cell211cli.document import Document
    from cell211cli.model import LoadedPack
    from cell211cli.session import Session

# Only what parsing the command line needs is imported above; each command imports the rest, so that
# `--version`, `--help` and completion stay fast.


def _help_width() -> int:
    import shutil

    return min(shutil.get_terminal_size().columns, 80) - 2


app = typer.Typer(
    name="cell211",
    help=(
        "Spoiler-aware recaps, characters and background for Prison Cell 211 (Celda 211).\n\n"
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
        "`cell211 COMMAND --help` has more examples."
    ),
    # Help wraps to the terminal, 40 columns included (click would not go below 50), at most 80.
    context_settings={"help_option_names": ["-h", "--help"], "terminal_width": _help_width()},
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

Command = TypeVar("Command", bound=Callable[..., Any])


def _completion_session(ctx: typer.Context) -> "Session | None":
    """The session completion works in: the same pack and position as the command would use."""
    from cell211cli.session import open_session

    try:
        return open_session(ctx.params.get("pack"), ctx.params.get("upto"))
    except Exception:  # completion must never print a traceback into the shell
        return None


def _starting_with(candidates: list[str], incomplete: str) -> list[str]:
    """Candidates that start with what was typed, ignoring case and accents (``gan`` finds Gándara)."""
    prefix = fold(incomplete)
    return [c for c in dict.fromkeys(candidates) if fold(c).startswith(prefix)]


def complete_position(ctx: typer.Context, incomplete: str) -> list[str]:
    """Position ids and named depths: structure only, never a title."""
    session = _completion_session(ctx)
    if session is None:
        return []
    scale = session.loaded.scale
    return _starting_with([*session.view.depths, *(p.id for p in scale.positions[1:])], incomplete)


def complete_character(ctx: typer.Context, incomplete: str) -> list[str]:
    """Names and aliases visible at the position the command would use."""
    from cell211cli.pages import character_names

    session = _completion_session(ctx)
    return _starting_with(character_names(session.view), incomplete) if session else []


def complete_search_word(ctx: typer.Context, incomplete: str) -> list[str]:
    """Visible names; a word that starts none is kept as typed, so the shell never offers file names."""
    names = complete_character(ctx, incomplete)
    return names or ([incomplete] if incomplete else [])


def complete_topic(ctx: typer.Context, incomplete: str) -> list[str]:
    """Topic ids visible at the position the command would use."""
    session = _completion_session(ctx)
    return _starting_with([t.id for t in session.view.topics], incomplete) if session else []


UptoOption = Annotated[
    str | None,
    typer.Option(
        "--upto",
        "-u",
        envvar="CELL211_UPTO",
        metavar="POSITION",
        autocompletion=complete_position,
        help="Show everything up to this position: premise, 3, e3, S01E03, midseason, ending ... "
        "Overrides your saved progress for this command.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Short for --format json.")]
ReportFormatOption = Annotated[
    ReportFormat | None, typer.Option("--format", "-f", metavar="FORMAT", help="plain or json (default: plain).")
]
MapFormatOption = Annotated[
    MapFormat | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="rich, plain, markdown, json, html, or a graph: dot, mermaid, svg (svg needs Graphviz).",
    ),
]
FormatOption = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="rich, plain, markdown or json (default: rich on a terminal, plain otherwise).",
    ),
]
PackOption = Annotated[
    str | None,
    typer.Option("--pack", envvar="CELL211_PACK", metavar="PATH", help="Use another recap pack (file or folder)."),
]
ColorOption = Annotated[
    ColorMode | None,
    typer.Option(
        "--color",
        metavar="WHEN",
        help="auto, always or never. auto follows the terminal, NO_COLOR and FORCE_COLOR; always colours a pipe too.",
    ),
]
YesOption = Annotated[
    bool, typer.Option("--yes", "-y", help="Look past your saved progress without being asked first.")
]
NoColorOption = Annotated[bool, typer.Option("--no-color", help="No colour (the same as --color never).")]
NoSourcesOption = Annotated[
    bool, typer.Option("--no-sources", help="Leave out citation numbers and the list of sources.")
]
PagerOption = Annotated[
    bool | None,
    typer.Option("--pager/--no-pager", help="Page long output (default: only on an interactive terminal)."),
]


def _error(message: str) -> None:
    """One message on stderr; every line cleaned (it may quote a path, a YAML key or a typed value)."""
    typer.echo("cell211: " + "\n".join(clean(line) for line in message.splitlines()), err=True)


def _silence_stdout() -> None:
    """After the reader of our stdout went away: point it at /dev/null so no later flush fails again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def boundary(command: Command) -> Command:
    """Turn every exception into one message on stderr and an exit code; never a traceback.

    A reader that stops early (``cell211 recap | head -1``) ends the command quietly with exit 0 in every
    format, as ripgrep and bat do."""

    @functools.wraps(command)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            result = command(*args, **kwargs)
            sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit
            return result
        except BrokenPipeError:
            _silence_stdout()
            raise typer.Exit(ExitCode.OK) from None
        except Cell211Error as error:
            _error(str(error))
            raise typer.Exit(error.exit_code) from None
        except UnknownPosition as error:
            _error(str(error))
            raise typer.Exit(ExitCode.BAD_INPUT) from None
        except typer.Exit:
            raise
        except Exception as error:
            if os.environ.get("CELL211_TRACEBACK"):
                raise
            _error(f"unexpected error ({type(error).__name__}: {error}); set CELL211_TRACEBACK=1 to see where")
            raise typer.Exit(ExitCode.UNEXPECTED) from None

    return guarded  # type: ignore[return-value]


def _terminal(color: ColorMode | None) -> Terminal:
    """What stdout can do; colour from the option, else NO_COLOR or FORCE_COLOR, else the config file."""
    interactive = sys.stdout.isatty()
    if color is None and not os.environ.get("NO_COLOR") and not os.environ.get("FORCE_COLOR"):
        from cell211cli.config import load_config

        color = load_config().color
    if color not in (None, ColorMode.auto):
        use_color = color is ColorMode.always
    elif os.environ.get("NO_COLOR"):
        use_color = False
    elif os.environ.get("FORCE_COLOR"):
        use_color = True
    else:
        use_color = interactive
    columns = os.environ.get("COLUMNS", "")
    width = int(columns) if columns.isdigit() else None
    return Terminal(use_color, width, interactive, hyperlinks=interactive and supports_hyperlinks(os.environ))


def _show(
    document: "Document",
    output_format: str | None,
    color: ColorMode | None,
    no_color: bool,
    pager: bool | None,
    no_sources: bool,
) -> None:
    """Render to stdout, through a pager when a person is reading long output; hints to stderr. Options
    left unset take the config file's settings."""
    from cell211cli.config import load_config

    config = load_config()
    output_format = output_format or config.format
    pager = config.pager if pager is None else pager
    if no_sources:
        document.without_sources()
    terminal = _terminal(ColorMode.never if no_color else color)
    chosen = output_format or (OutputFormat.rich if terminal.interactive or terminal.color else OutputFormat.plain)
    if document.missing is not None:
        if chosen == "json":  # a script still gets an answer of the usual shape
            renderer_for(chosen)(document, sys.stdout, terminal)
        raise NotFound(document.missing)
    render = renderer_for(chosen)
    if pager is False or not terminal.interactive or chosen in ("html", "svg", "dot", "mermaid"):
        render(document, sys.stdout, terminal)
    else:
        from io import StringIO

        from cell211cli.pager import page

        buffer = StringIO()
        render(document, buffer, terminal)
        page(buffer.getvalue(), force=bool(pager))
    sys.stdout.flush()
    for hint in document.hints:  # hints are for the person, never part of the output
        typer.echo(clean(hint), err=True)


def _format(output_format: str | None, as_json: bool) -> str | None:
    """``--json`` is ``--format json``; given both, they must agree."""
    if as_json and output_format not in (None, "json"):
        raise BadUsage(f"--json and --format {output_format} ask for different formats")
    return OutputFormat.json if as_json else output_format


def _from_environment(ctx: typer.Context, name: str) -> bool:
    """True when the option ``name`` took its value from an environment variable."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name == "ENVIRONMENT"


def _session(ctx: typer.Context, upto: str | None, pack: str | None, yes: bool = False) -> "Session":
    from cell211cli.session import open_session

    try:
        session = open_session(pack, upto, pack_option=None if _from_environment(ctx, "pack") else pack)
    except UnknownPosition as error:
        if _from_environment(ctx, "upto"):
            raise BadUsage(f"CELL211_UPTO in your environment: {error}") from None
        raise
    except Cell211Error as error:
        if _from_environment(ctx, "pack"):
            raise type(error)(f"CELL211_PACK in your environment: {error}") from None
        raise
    for note in session.notes:
        typer.echo(clean(note), err=True)
    if session.ahead_of is not None and not yes and not _from_environment(ctx, "upto") and _person_at_terminal():
        # A typo such as -u 5 for -u 2 would spoil at once: a person at a terminal confirms first.
        scale = session.loaded.scale
        saved, wanted = scale.label(session.ahead_of).lower(), session.view.position_label.lower()
        question = f"Your saved progress is {saved}. Show up to {wanted} anyway?"
        if not typer.confirm(question, default=False, err=True):
            typer.echo("Nothing shown.", err=True)
            raise typer.Exit(ExitCode.NOT_FOUND)
    return session


def _person_at_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _version(value: bool) -> None:
    """The tool's version, then the pack it would use (``--pack`` is a command option, so CELL211_PACK
    or the shipped pack) and the date of its content."""
    if not value:
        return
    typer.echo(f"cell211 {__version__}")
    from cell211cli.cache import load_cached
    from cell211cli.packs import find_pack

    try:
        pack = load_cached(find_pack(os.environ.get("CELL211_PACK") or None)).pack
    except Cell211Error as error:
        _error(f"the recap pack cannot be used: {error}")
        raise typer.Exit(ExitCode.BAD_INPUT) from None
    updated = f", content of {pack.updated}" if pack.updated else ""
    typer.echo(clean(f"pack {pack.id}: {pack.show.title}{updated}"))
    raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version and the pack's, and exit."
        ),
    ] = False,
) -> None:
    """Spoiler-aware companion for Prison Cell 211."""


@app.command()
@boundary
def recap(
    ctx: typer.Context,
    upto: UptoOption = None,
    yes: YesOption = False,
    after: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="POSITION",
            autocompletion=complete_position,
            help="Start after this position (catching up after a break).",
        ),
    ] = None,
    episode: Annotated[
        str | None,
        typer.Option("--episode", "-e", metavar="N", help="Show one episode (within your position)."),
    ] = None,
    brief: Annotated[bool, typer.Option("--brief", "-b", help="One line per episode.")] = False,
    output_format: FormatOption = None,
    as_json: JsonOption = False,
    pack: PackOption = None,
    color: ColorOption = None,
    no_color: NoColorOption = False,
    no_sources: NoSourcesOption = False,
    pager: PagerOption = None,
) -> None:
    """The story so far, grouped by episode, and not a word past your position.

    Examples:

    \b
      # everything up to episode 3
      cell211 recap --upto 3
      # episodes 4 and 5, after a break
      cell211 recap --upto 5 --from 3
      # one line per episode, as Markdown
      cell211 recap -u 4 -b -f markdown
    """
    session = _session(ctx, upto, pack, yes)
    after_position = session.parse(after) if after else None
    episode_position = session.parse(episode) if episode else None
    from cell211cli.pages import recap_page

    _show(
        recap_page(session.view, after_position, episode_position, brief),
        _format(output_format, as_json),
        color,
        no_color,
        pager,
        no_sources,
    )


@app.command()
@boundary
def characters(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(help="A name or alias; accents and case do not matter.", autocompletion=complete_character),
    ] = None,
    upto: UptoOption = None,
    yes: YesOption = False,
    output_format: FormatOption = None,
    as_json: JsonOption = False,
    pack: PackOption = None,
    color: ColorOption = None,
    no_color: NoColorOption = False,
    no_sources: NoSourcesOption = False,
    pager: PagerOption = None,
) -> None:
    """Everyone introduced so far, with what is known of them at your position.

    Examples:

    \b
      # who is who after episode 2
      cell211 characters --upto 2
      # one character, accents optional
      cell211 characters gandara --upto 4
    """
    session = _session(ctx, upto, pack, yes)
    from cell211cli.pages import characters_page

    _show(characters_page(session.view, name), _format(output_format, as_json), color, no_color, pager, no_sources)


@app.command()
@boundary
def facts(
    ctx: typer.Context,
    topic: Annotated[
        str | None,
        typer.Argument(help="A topic id such as true-story; omit to list topics.", autocompletion=complete_topic),
    ] = None,
    upto: UptoOption = None,
    yes: YesOption = False,
    output_format: FormatOption = None,
    as_json: JsonOption = False,
    pack: PackOption = None,
    color: ColorOption = None,
    no_color: NoColorOption = False,
    no_sources: NoSourcesOption = False,
    pager: PagerOption = None,
) -> None:
    """Background topics: the true story, the novel, the film, the production ...

    Examples:

    \b
      # the topics you can read so far
      cell211 facts
      # the real 2023 riot behind it
      cell211 facts true-story
      # a topic by part of its name
      cell211 facts novel --upto 3
    """
    session = _session(ctx, upto, pack, yes)
    from cell211cli.pages import facts_page

    _show(facts_page(session.view, topic), _format(output_format, as_json), color, no_color, pager, no_sources)


@app.command()
@boundary
def search(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            help="Words to find, all of them in one place; case and accents do not matter.",
            autocompletion=complete_search_word,
        ),
    ],
    upto: UptoOption = None,
    yes: YesOption = False,
    output_format: FormatOption = None,
    as_json: JsonOption = False,
    pack: PackOption = None,
    color: ColorOption = None,
    no_color: NoColorOption = False,
    no_sources: NoSourcesOption = False,
    pager: PagerOption = None,
) -> None:
    """Search the recap, characters and topics you can see; later episodes are never searched.

    Examples:

    \b
      # all words in the same text
      cell211 search baldor cell -u 2
      # hits as JSON, for scripts
      cell211 search helena -u 1 -f json
    """
    session = _session(ctx, upto, pack, yes)
    from cell211cli.pages import search_page

    _show(
        search_page(session.view, " ".join(words)), _format(output_format, as_json), color, no_color, pager, no_sources
    )


@app.command()
@boundary
def levels(
    ctx: typer.Context,
    upto: UptoOption = None,
    yes: YesOption = False,
    output_format: FormatOption = None,
    as_json: JsonOption = False,
    pack: PackOption = None,
    color: ColorOption = None,
    no_color: NoColorOption = False,
    no_sources: NoSourcesOption = False,
    pager: PagerOption = None,
) -> None:
    """The spoiler scale: positions, accepted spellings, and titles up to your position.

    Examples:

    \b
      # positions and --upto spellings
      cell211 levels
      # with titles up to episode 4
      cell211 levels --upto 4
    """
    session = _session(ctx, upto, pack, yes)
    from cell211cli.pages import levels_page

    _show(levels_page(session.view), _format(output_format, as_json), color, no_color, pager, no_sources)


@app.command(name="map")
@boundary
def map_command(
    ctx: typer.Context,
    upto: UptoOption = None,
    yes: YesOption = False,
    output_format: MapFormatOption = None,
    as_json: JsonOption = False,
    pack: PackOption = None,
    color: ColorOption = None,
    no_color: NoColorOption = False,
    no_sources: NoSourcesOption = False,
    pager: PagerOption = None,
) -> None:
    """Who is who: factions with their members, and how characters stand to one another, so far.

    Examples:

    \b
      # who is who after episode 2
      cell211 map --upto 2
      # a page to send a friend
      cell211 map -u 4 -f html > map.html
      # draw it with Graphviz
      cell211 map -u 4 -f dot | dot -Tpng > map.png
    """
    session = _session(ctx, upto, pack, yes)
    from cell211cli.pages import map_page

    _show(map_page(session.view), _format(output_format, as_json), color, no_color, pager, no_sources)


@app.command()
@boundary
def progress(
    position: Annotated[
        str | None,
        typer.Argument(
            help="The episode you have just finished (any --upto spelling); next: one more than saved; "
            "import: read it from a Netflix or Trakt history FILE.",
            autocompletion=complete_position,
        ),
    ] = None,
    file: Annotated[str | None, typer.Argument(metavar="[FILE]", help="With import: the viewing history file.")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Forget the saved position.")] = False,
    profile: Annotated[str | None, typer.Option("--profile", help="With import: the Netflix profile to read.")] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="With import: say what would be saved, save nothing.")
    ] = False,
    date_order: Annotated[
        str | None,
        typer.Option(
            "--date-order", metavar="ORDER", help="With import: dmy, mdy or ymd, when the file's dates are ambiguous."
        ),
    ] = None,
    count_gaps: Annotated[
        bool, typer.Option("--count-gaps", help="With import: count episodes finished after a missed one.")
    ] = False,
    output_format: ReportFormatOption = None,
    as_json: JsonOption = False,
    pack: PackOption = None,
) -> None:
    """Show, save or forget how far you have watched; other commands then follow it.

    Examples:

    \b
      # I have finished episode 3
      cell211 progress 3
      # one more episode watched
      cell211 progress next
      # show the saved position
      cell211 progress
      # forget it (back to the premise)
      cell211 progress --clear
      # from Netflix's history (see the README)
      cell211 progress import history.csv
    """
    from cell211cli.cache import load_cached
    from cell211cli.packs import find_pack
    from cell211cli.progress import remember
    from cell211cli.session import saved_position

    if position is not None and clear:
        raise BadUsage("give a position or --clear, not both")
    importing = position is not None and position.strip().casefold() == IMPORT
    if file is not None and not importing:
        raise BadUsage(f"unexpected argument {clean(file)!r} (only `progress import FILE` takes a file)")
    used = [name for name, value in (("--profile", profile), ("--date-order", date_order)) if value is not None]
    used += [name for name, value in (("--dry-run", dry_run), ("--count-gaps", count_gaps)) if value]
    if used and not importing:
        raise BadUsage(f"{', '.join(used)} only go with `progress import FILE`")
    loaded = load_cached(find_pack(pack))
    if importing:
        if file is None:
            raise BadUsage("give the history file: cell211 progress import FILE")
        _import_progress(loaded, file, profile, date_order, count_gaps, dry_run, _format(output_format, as_json))
        return
    pack_id, scale = loaded.pack.id, loaded.scale
    note = None
    if clear:
        note = remember(pack_id, None)
        message, saved = "Saved progress cleared; commands now show the premise only.", None
    elif position is not None:
        before = saved_position(loaded)[0]
        if position.strip().casefold() == NEXT:
            current = before or scale.positions[0]
            if current == scale.last:
                raise BadUsage(f"you have already finished the last episode ({scale.label(current).lower()})")
            saved = scale.positions[current.ordinal + 1]
        else:
            saved = scale.parse(position, before)
        note = remember(pack_id, saved.id)
        message = f"Saved: you have finished {scale.label(saved).lower()}."
    else:
        from cell211cli.progress import recall

        saved, warning = saved_position(loaded)
        if warning:
            typer.echo(clean(warning), err=True)
        origin = recall(pack_id).origin if saved else None
        message = (
            f"You have finished {scale.label(saved).lower()} ({saved.id})" + (f"; {origin}." if origin else ".")
            if saved
            else "No saved progress: commands show the premise only. Save it with: cell211 progress N"
        )
    if note:
        typer.echo(clean(note), err=True)
    if os.environ.get("CELL211_UPTO"):
        typer.echo(
            clean(
                f"note: CELL211_UPTO={os.environ['CELL211_UPTO']} is set in your environment; "
                "other commands follow it rather than the saved progress"
            ),
            err=True,
        )
    if _format(output_format, as_json) == "json":
        from cell211cli.render.json import dump

        upto = {"id": saved.id, "label": scale.label(saved)} if saved else None
        dump({"pack": pack_id, "upto": upto}, sys.stdout)
    else:
        typer.echo(message)


def _import_progress(
    loaded: "LoadedPack",
    file: str,
    profile: str | None,
    date_order: str | None,
    count_gaps: bool,
    dry_run: bool,
    output_format: str | None,
) -> None:
    """`progress import FILE`: read the history, work out the position, save it unless that would lower it."""
    import datetime
    from pathlib import Path

    from cell211cli.files import NotARegularFile, TooLarge, read_limited
    from cell211cli.history import MAX_HISTORY_BYTES, position_from, read_history
    from cell211cli.history.summary import describe, import_data
    from cell211cli.progress import remember
    from cell211cli.session import saved_position

    try:
        data = read_limited(Path(file), MAX_HISTORY_BYTES)
    except TooLarge:
        raise BadUsage(f"{clean(file)}: over {MAX_HISTORY_BYTES >> 20} MiB, too large for a viewing history") from None
    except (OSError, NotARegularFile) as error:
        raise BadUsage(f"{clean(file)}: cannot be read ({error.strerror or error})") from None
    scale, pack_id = loaded.scale, loaded.pack.id
    report = read_history(data, loaded, profile, date_order)
    if not (report.finished or report.begun or report.unmatched):
        raise NotFound(f"{report.source}: no episode of {loaded.pack.show.title} in this file; nothing saved")
    verdict = position_from(report, scale, count_gaps)
    before = saved_position(loaded)[0]
    lines = describe(report, verdict)
    found = scale.label(verdict.position).lower()
    written = False
    if verdict.position.is_premise:
        lines.append("nothing saved: episode 1 is not finished in this file")
    elif before is not None and before > verdict.position:
        lines.append(
            f"kept: finished {scale.label(before).lower()}; the file shows only up to {found} "
            f"(cell211 progress {verdict.position.id} sets it lower)"
        )
    elif dry_run:
        lines.append(f"would save: finished {found} (--dry-run: nothing saved)")
    else:
        today = datetime.date.today().isoformat()
        last = f", last watched {report.latest}" if report.latest else ""
        note = remember(pack_id, verdict.position.id, origin=f"imported on {today} from {report.source}{last}")
        written = True
        lines.append(f"saved: finished {found}")
        if note:
            lines.append(note)
    for line in lines:
        typer.echo(clean(line), err=True)
    if output_format == "json":
        from cell211cli.render.json import dump

        after = verdict.position if written else before
        dump(import_data(pack_id, report, verdict, scale, after, written), sys.stdout)
    if verdict.position.is_premise:
        raise typer.Exit(ExitCode.NOT_FOUND)


@app.command()
@boundary
def paths(pack: PackOption = None) -> None:
    """Where cell211 keeps your progress and finds recap packs.

    Examples:

    \b
      # where progress and packs live
      cell211 paths
    """
    from cell211cli.cache import cache_dir
    from cell211cli.config import config_file
    from cell211cli.packs import find_pack, shipped_packs_dir, user_packs_dir
    from cell211cli.progress import state_file

    typer.echo(clean(f"config file:     {config_file()}" + ("" if config_file().exists() else " (none)")))
    typer.echo(clean(f"progress file:   {state_file()}"))
    typer.echo(clean(f"pack cache:      {cache_dir()}"))
    typer.echo(clean(f"installed packs: {user_packs_dir()}"))
    typer.echo(clean(f"shipped packs:   {shipped_packs_dir()}"))
    typer.echo(clean(f"current pack:    {find_pack(pack)}"))


@app.command()
@boundary
def packs(output_format: ReportFormatOption = None, as_json: JsonOption = False) -> None:
    """The recap packs you can use with --pack ID: installed ones, then shipped ones.

    Examples:

    \b
      # installed and shipped packs
      cell211 packs
      # the same, for scripts
      cell211 packs --format json
    """
    from cell211cli.cache import load_cached
    from cell211cli.errors import InvalidPack
    from cell211cli.packs import available_packs

    rows = []
    for location in available_packs():
        try:
            loaded = load_cached(location.path)
            title, episodes = loaded.pack.show.title, loaded.scale.last.ordinal
        except InvalidPack:
            title, episodes = "(invalid: run cell211 validate)", None
        rows.append(
            {
                "id": clean(location.id),
                "title": clean(title),
                "episode_count": episodes,
                "origin": location.origin,
                "path": clean(str(location.path)),
            }
        )
    if _format(output_format, as_json) == "json":
        from cell211cli.render.json import dump

        dump({"packs": rows}, sys.stdout)
        return
    for row in rows:
        count = f"{row['episode_count']} episodes" if row["episode_count"] is not None else ""
        typer.echo(f"{row['id']:<16} {row['title']}  {count}  [{row['origin']}] {row['path']}")


@app.command()
@boundary
def validate(
    path: Annotated[str | None, typer.Argument(help="A pack file, a folder with pack.yaml, or a pack id.")] = None,
    output_format: ReportFormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """Check a recap pack and report every problem with file, line, column and path. Exit 0 when clean.

    Examples:

    \b
      # every problem, file:line:column
      cell211 validate my-show/pack.yaml
      # the report as JSON, for CI
      cell211 validate my-show -f json
    """
    from cell211cli.errors import InvalidPack
    from cell211cli.loader import load_pack
    from cell211cli.packs import find_pack

    target = find_pack(path)
    try:
        problems, valid = list(load_pack(target).warnings), True
    except InvalidPack as error:
        problems, valid = error.problems, False
    problems.sort(key=lambda p: (p.file, p.line or 0, p.column or 0))  # file order; stable for the rest
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if _format(output_format, as_json) == "json":
        import dataclasses

        from cell211cli.render.json import dump

        report = {
            "pack": clean(str(target)),
            "valid": valid,
            "errors": errors,
            "warnings": warnings,
            "problems": [
                {key: clean(value) if isinstance(value, str) else value for key, value in dataclasses.asdict(p).items()}
                for p in problems
            ],
        }
        dump(report, sys.stdout)
    else:
        for problem in problems:
            typer.echo(clean(problem.detailed()))
        verdict = "valid" if valid else "invalid"
        typer.echo(clean(f"{target}: {verdict} ({errors} error(s), {warnings} warning(s))"))
    if not valid:
        raise typer.Exit(ExitCode.BAD_INPUT)


@app.command()
@boundary
def schema() -> None:
    """Print the JSON Schema of the pack format (for editors and CI).

    Examples:

    \b
      # a schema file for your editor
      cell211 schema > pack.schema.json
    """
    from cell211cli.schema import pack_schema_text

    typer.echo(pack_schema_text(), nl=False)


def run() -> None:
    """Console-script entry point: check the standard streams, then run the app."""
    if sys.stdout is None or sys.stderr is None:  # started with `>&-` or `2>&-`
        if sys.stderr is not None:
            sys.stderr.write("cell211: standard output is closed; nothing can be shown\n")
        raise SystemExit(ExitCode.BAD_INPUT)
    for stream in (sys.stdout, sys.stderr):
        # An ASCII or Latin-1 locale (PYTHONIOENCODING=ascii, LANG=C on old systems) shows "G?ndara" rather
        # than failing on the first accent.
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower().replace("-", "") != "utf8":
            stream.reconfigure(errors="replace")
    if (instruction := os.environ.get("_CELL211_COMPLETE")) and instruction.startswith("complete_"):
        from cell211cli.completion import COMPLETERS, complete

        if instruction in COMPLETERS:
            complete(app, instruction)
            return
    started_on_pipe = _on_pipe()
    try:
        app()
    except SystemExit as finished:
        # A reader that went away while Typer itself was writing (help, usage): Typer exits 1 after wrapping
        # stdout, rich exits 1 after pointing stdout at /dev/null. Exit 0 instead, like our own commands.
        went_away = type(sys.stdout).__name__ == "PacifyFlushWrapper" or (started_on_pipe and not _on_pipe())
        if finished.code == 1 and went_away:
            raise SystemExit(ExitCode.OK) from None
        raise


def _on_pipe() -> bool:
    import stat

    try:
        return stat.S_ISFIFO(os.fstat(sys.stdout.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):
        return False
