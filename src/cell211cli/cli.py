"""The ``cell211`` command: parse options, ask the core for a View, hand a Document to a renderer."""

import functools
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from cell211cli import __version__
from cell211cli.errors import BadUsage, Cell211Error, ExitCode, NotFound
from cell211cli.i18n import N_, _, current, ngettext, tidy
from cell211cli.i18n.commands import LocalizedCommand, LocalizedGroup
from cell211cli.positions import IMPORT, NEXT, SPANISH_SPELLINGS, UnknownPosition
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
    cls=LocalizedGroup,
    help=N_(
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
        show_envvar=False,
        metavar=N_("POSITION"),
        autocompletion=complete_position,
        help=N_(
            "Show everything up to this position: premise, 3, e3, S01E03, midseason, ending ... "
            "Overrides your saved progress for this command (so does CELL211_UPTO)."
        ),
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help=N_("Short for --format json."))]
ReportFormatOption = Annotated[
    ReportFormat | None,
    typer.Option("--format", "-f", metavar=N_("FORMAT"), help=N_("plain or json (default: plain).")),
]
MapFormatOption = Annotated[
    MapFormat | None,
    typer.Option(
        "--format",
        "-f",
        metavar=N_("FORMAT"),
        help=N_("rich, plain, markdown, json, html, or a graph: dot, mermaid, svg (svg needs Graphviz)."),
    ),
]
FormatOption = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        metavar=N_("FORMAT"),
        help=N_("rich, plain, markdown or json (default: rich on a terminal, plain otherwise)."),
    ),
]
PackOption = Annotated[
    str | None,
    typer.Option(
        "--pack",
        envvar="CELL211_PACK",
        show_envvar=False,
        metavar=N_("PATH"),
        help=N_("Use another recap pack (file or folder); also CELL211_PACK."),
    ),
]
ColorOption = Annotated[
    ColorMode | None,
    typer.Option(
        "--color",
        metavar=N_("WHEN"),
        help=N_(
            "auto, always or never. auto follows the terminal, NO_COLOR and FORCE_COLOR; always colours a pipe too."
        ),
    ),
]
YesOption = Annotated[
    bool, typer.Option("--yes", "-y", help=N_("Look past your saved progress without being asked first."))
]
NoColorOption = Annotated[bool, typer.Option("--no-color", help=N_("No colour (the same as --color never)."))]
NoSourcesOption = Annotated[
    bool, typer.Option("--no-sources", help=N_("Leave out citation numbers and the list of sources."))
]
PagerOption = Annotated[
    bool | None,
    typer.Option("--pager/--no-pager", help=N_("Page long output (default: only on an interactive terminal).")),
]


def _error(message: str) -> None:
    """One message on stderr; every line cleaned (it may quote a path, a YAML key or a typed value)."""
    _say("cell211: " + "\n".join(clean(line) for line in message.splitlines()))


def _say(message: str) -> None:
    """A message for the person, on stderr: cleaned, and on a terminal wrapped at spaces to its width (a
    long word such as a path or an option is never split)."""
    lines = [clean(tidy(line)) for line in message.splitlines()]
    if sys.stderr.isatty():
        import shutil
        import textwrap

        width = max(shutil.get_terminal_size().columns - 1, 20)
        lines = [
            wrapped
            for line in lines
            for wrapped in textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [line]
        ]
    typer.echo("\n".join(lines), err=True)


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
        except (typer.Exit, typer.Abort):
            raise
        except Exception as error:
            if os.environ.get("CELL211_TRACEBACK"):
                raise
            _error(
                _("unexpected error ({kind}: {error}); set CELL211_TRACEBACK=1 to see where").format(
                    kind=type(error).__name__, error=error
                )
            )
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
        _say(hint)


def _format(output_format: str | None, as_json: bool) -> str | None:
    """``--json`` is ``--format json``; given both, they must agree."""
    if as_json and output_format not in (None, "json"):
        raise BadUsage(_("--json and --format {format} ask for different formats").format(format=output_format))
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
            raise BadUsage(_("CELL211_UPTO in your environment: {error}").format(error=error)) from None
        raise
    except Cell211Error as error:
        if _from_environment(ctx, "pack"):
            raise type(error)(_("CELL211_PACK in your environment: {error}").format(error=error)) from None
        raise
    if session.ahead_of is not None and not yes and not _from_environment(ctx, "upto") and _person_at_terminal():
        # A typo such as -u 5 for -u 2 would spoil at once: a person at a terminal confirms first.
        scale = session.loaded.scale
        saved, wanted = scale.phrase(session.ahead_of), scale.phrase(session.view.position)
        from cell211cli import output_cache

        output_cache.do_not_keep()  # the answer decides what is shown
        if not _confirm(
            _("Your saved progress is {saved}. Show up to {wanted} anyway?").format(saved=saved, wanted=wanted)
        ):
            _say(_("Nothing shown."))
            raise typer.Exit(ExitCode.NOT_FOUND)
    for note in session.notes:
        _say(note)
    return session


def _confirm(question: str) -> bool:
    """Ask on stderr; yes only for y or yes (s or sí in Spanish), no for anything else: Enter, n, the end of
    input or Ctrl-C."""
    accepted = {fold(word) for word in ("y", "yes", _("y"), _("yes"))}
    # TRANSLATORS: the answers a yes/no question accepts, the default (no) in capitals; y is always accepted too.
    choices = _("[y/N]")
    typer.echo(f"{question} {choices} ", err=True, nl=False)
    try:
        answer = sys.stdin.readline()
    except KeyboardInterrupt:
        answer = ""
    if not answer.endswith("\n"):
        typer.echo(err=True)  # the end of input or Ctrl-C left the cursor after the question
    return fold(answer.strip()) in accepted


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
        pack = load_cached(find_pack(os.environ.get("CELL211_PACK") or None), current()).pack
    except Cell211Error as error:
        _error(_("the recap pack cannot be used: {error}").format(error=error))
        raise typer.Exit(ExitCode.BAD_INPUT) from None
    line = _("pack {id}: {title}, content of {date}") if pack.updated else _("pack {id}: {title}")
    typer.echo(clean(line.format(id=pack.id, title=pack.show.title, date=pack.updated)))
    raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help=N_("Print the version and the pack's, and exit.")
        ),
    ] = False,
) -> None:
    """Spoiler-aware companion for Prison Cell 211."""


@app.command(
    cls=LocalizedCommand,
    help=N_(
        "The story so far, grouped by episode, and not a word past your position.\n"
        "\n"
        "Examples:\n"
        "\n"
        "\b\n"
        "  # everything up to episode 3\n"
        "  cell211 recap --upto 3\n"
        "  # episodes 4 and 5, after a break\n"
        "  cell211 recap --upto 5 --from 3\n"
        "  # one line per episode, as Markdown\n"
        "  cell211 recap -u 4 -b -f markdown"
    ),
)
@boundary
def recap(
    ctx: typer.Context,
    upto: UptoOption = None,
    yes: YesOption = False,
    after: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar=N_("POSITION"),
            autocompletion=complete_position,
            help=N_("Start after this position (catching up after a break)."),
        ),
    ] = None,
    episode: Annotated[
        str | None,
        typer.Option("--episode", "-e", metavar=N_("N"), help=N_("Show one episode (within your position).")),
    ] = None,
    brief: Annotated[bool, typer.Option("--brief", "-b", help=N_("One line per episode."))] = False,
    output_format: FormatOption = None,
    as_json: JsonOption = False,
    pack: PackOption = None,
    color: ColorOption = None,
    no_color: NoColorOption = False,
    no_sources: NoSourcesOption = False,
    pager: PagerOption = None,
) -> None:
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


@app.command(
    cls=LocalizedCommand,
    help=N_(
        "Everyone introduced so far, with what is known of them at your position.\n"
        "\n"
        "Examples:\n"
        "\n"
        "\b\n"
        "  # who is who after episode 2\n"
        "  cell211 characters --upto 2\n"
        "  # one character, accents optional\n"
        "  cell211 characters gandara --upto 4"
    ),
)
@boundary
def characters(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            metavar=N_("NAME"),
            help=N_("A name or alias; accents and case do not matter."),
            autocompletion=complete_character,
        ),
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
    session = _session(ctx, upto, pack, yes)
    from cell211cli.pages import characters_page

    _show(characters_page(session.view, name), _format(output_format, as_json), color, no_color, pager, no_sources)


@app.command(
    cls=LocalizedCommand,
    help=N_(
        "Background topics: the true story, the novel, the film, the production ...\n"
        "\n"
        "Examples:\n"
        "\n"
        "\b\n"
        "  # the topics you can read so far\n"
        "  cell211 facts\n"
        "  # the real 2023 riot behind it\n"
        "  cell211 facts true-story\n"
        "  # a topic by part of its name\n"
        "  cell211 facts novel --upto 3"
    ),
)
@boundary
def facts(
    ctx: typer.Context,
    topic: Annotated[
        str | None,
        typer.Argument(
            metavar=N_("TOPIC"),
            help=N_("A topic id such as true-story; omit to list topics."),
            autocompletion=complete_topic,
        ),
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
    session = _session(ctx, upto, pack, yes)
    from cell211cli.pages import facts_page

    _show(facts_page(session.view, topic), _format(output_format, as_json), color, no_color, pager, no_sources)


@app.command(
    cls=LocalizedCommand,
    help=N_(
        "Search the recap, characters and topics you can see; later episodes are never searched.\n"
        "\n"
        "Examples:\n"
        "\n"
        "\b\n"
        "  # all words in the same text\n"
        "  cell211 search baldor cell -u 2\n"
        "  # hits as JSON, for scripts\n"
        "  cell211 search helena -u 1 -f json"
    ),
)
@boundary
def search(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar=N_("WORDS..."),
            help=N_("Words to find, all of them in one place; case and accents do not matter."),
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
    session = _session(ctx, upto, pack, yes)
    from cell211cli.pages import search_page

    _show(
        search_page(session.view, " ".join(words)), _format(output_format, as_json), color, no_color, pager, no_sources
    )


@app.command(
    cls=LocalizedCommand,
    help=N_(
        "The spoiler scale: positions, accepted spellings, and titles up to your position.\n"
        "\n"
        "Examples:\n"
        "\n"
        "\b\n"
        "  # positions and --upto spellings\n"
        "  cell211 levels\n"
        "  # with titles up to episode 4\n"
        "  cell211 levels --upto 4"
    ),
)
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
    session = _session(ctx, upto, pack, yes)
    from cell211cli.pages import levels_page

    _show(levels_page(session.view), _format(output_format, as_json), color, no_color, pager, no_sources)


@app.command(
    name="map",
    cls=LocalizedCommand,
    help=N_(
        "Who is who: factions with their members, and how characters stand to one another, so far.\n"
        "\n"
        "Examples:\n"
        "\n"
        "\b\n"
        "  # who is who after episode 2\n"
        "  cell211 map --upto 2\n"
        "  # a page to send a friend\n"
        "  cell211 map -u 4 -f html > map.html\n"
        "  # draw it with Graphviz\n"
        "  cell211 map -u 4 -f dot | dot -Tpng > map.png"
    ),
)
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
    session = _session(ctx, upto, pack, yes)
    from cell211cli.pages import map_page

    _show(map_page(session.view), _format(output_format, as_json), color, no_color, pager, no_sources)


@app.command(
    cls=LocalizedCommand,
    help=N_(
        "Show, save or forget how far you have watched; other commands then follow it.\n"
        "\n"
        "Examples:\n"
        "\n"
        "\b\n"
        "  # I have finished episode 3\n"
        "  cell211 progress 3\n"
        "  # one more episode watched\n"
        "  cell211 progress next\n"
        "  # show the saved position\n"
        "  cell211 progress\n"
        "  # forget it (back to the premise)\n"
        "  cell211 progress --clear\n"
        "  # from Netflix's history (see the README)\n"
        "  cell211 progress import history.csv"
    ),
)
@boundary
def progress(
    position: Annotated[
        str | None,
        typer.Argument(
            metavar=N_("POSITION"),
            help=N_(
                "The episode you have just finished (any --upto spelling); next: one more than saved; "
                "import: read it from a Netflix or Trakt history FILE."
            ),
            autocompletion=complete_position,
        ),
    ] = None,
    file: Annotated[
        str | None, typer.Argument(metavar=N_("[FILE]"), help=N_("With import: the viewing history file."))
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help=N_("Forget the saved position."))] = False,
    profile: Annotated[
        str | None, typer.Option("--profile", metavar=N_("NAME"), help=N_("With import: the Netflix profile to read."))
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=N_("With import: say what would be saved, save nothing."))
    ] = False,
    date_order: Annotated[
        str | None,
        typer.Option(
            "--date-order",
            metavar=N_("ORDER"),
            help=N_("With import: dmy, mdy or ymd, when the file's dates are ambiguous."),
        ),
    ] = None,
    count_gaps: Annotated[
        bool, typer.Option("--count-gaps", help=N_("With import: count episodes finished after a missed one."))
    ] = False,
    output_format: ReportFormatOption = None,
    as_json: JsonOption = False,
    pack: PackOption = None,
) -> None:
    from cell211cli.cache import load_cached
    from cell211cli.packs import find_pack
    from cell211cli.progress import remember
    from cell211cli.session import saved_position

    if position is not None and clear:
        raise BadUsage(_("give a position or --clear, not both"))
    importing = position is not None and position.strip().casefold() == IMPORT
    if file is not None and not importing:
        raise BadUsage(
            _("unexpected argument {file!r} (only `progress import FILE` takes a file)").format(file=clean(file))
        )
    used = [name for name, value in (("--profile", profile), ("--date-order", date_order)) if value is not None]
    used += [name for name, value in (("--dry-run", dry_run), ("--count-gaps", count_gaps)) if value]
    if used and not importing:
        raise BadUsage(_("{options} only go with `progress import FILE`").format(options=", ".join(used)))
    loaded = load_cached(find_pack(pack), current())
    if importing:
        if file is None:
            raise BadUsage(_("give the history file: cell211 progress import FILE"))
        _import_progress(loaded, file, profile, date_order, count_gaps, dry_run, _format(output_format, as_json))
        return
    pack_id, scale = loaded.pack.id, loaded.scale
    note = None
    if clear:
        note = remember(pack_id, None)
        message, saved = _("Saved progress cleared; commands now show the premise only."), None
    elif position is not None:
        before = saved_position(loaded)[0]
        if SPANISH_SPELLINGS.get(position.strip().casefold(), position.strip().casefold()) == NEXT:
            reached = before or scale.positions[0]
            if reached == scale.last:
                raise BadUsage(
                    _("you have already finished the last episode ({episode})").format(episode=scale.phrase(reached))
                )
            saved = scale.positions[reached.ordinal + 1]
        else:
            saved = scale.parse(position, before)
        note = remember(pack_id, saved.id)
        message = _("Saved: you have finished {episode}.").format(episode=scale.phrase(saved))
    else:
        from cell211cli.progress import recall

        saved, warning = saved_position(loaded)
        if warning:
            _say(warning)
        origin = recall(pack_id).origin if saved else None
        if saved is None:
            message = _("No saved progress: commands show the premise only. Save it with: cell211 progress N")
        else:
            finished = (
                _("You have finished {episode} ({id}); {origin}.")
                if origin
                else _("You have finished {episode} ({id}).")
            )
            message = finished.format(episode=scale.phrase(saved), id=saved.id, origin=origin)
    if note:
        _say(note)
    if os.environ.get("CELL211_UPTO"):
        _say(
            _(
                "note: CELL211_UPTO={value} is set in your environment; "
                "other commands follow it rather than the saved progress"
            ).format(value=os.environ["CELL211_UPTO"])
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

    from cell211cli.history import position_from, read_history
    from cell211cli.history.questions import next_question, settle
    from cell211cli.history.summary import describe, import_data
    from cell211cli.progress import remember
    from cell211cli.session import saved_position

    scale, pack_id = loaded.scale, loaded.pack.id
    report = read_history(Path(file), loaded, profile, date_order)
    if not (report.finished or report.begun or report.unmatched_count):
        raise NotFound(f"{report.source}: no episode of {loaded.pack.show.title} in this file; nothing saved")
    hints = []
    interactive = output_format != "json" and sys.stdin.isatty() and sys.stderr.isatty()
    while (question := next_question(report, loaded)) is not None:
        if not interactive:
            hints.append(question.hint)
        settle(report, question, interactive and typer.confirm(question.prompt, default=False, err=True))
    verdict = position_from(report, scale, count_gaps)
    before = saved_position(loaded)[0]
    lines = describe(report, verdict, loaded) + hints
    found = scale.phrase(verdict.position)
    written, note = False, None
    if verdict.position.is_premise:
        outcome = _("nothing saved: episode 1 is not finished in this file")
    elif before is not None and before > verdict.position:
        outcome = _(
            "kept: finished {saved}; the file shows only up to {found} (cell211 progress {id} sets it lower)"
        ).format(saved=scale.phrase(before), found=found, id=verdict.position.id)
    elif dry_run:
        outcome = _("would save: finished {found} (--dry-run: nothing saved)").format(found=found)
    else:
        today = datetime.date.today().isoformat()
        origin = (
            _("imported on {today} from {source}, last watched {latest}")
            if report.latest
            else _("imported on {today} from {source}")
        ).format(today=today, source=report.source, latest=report.latest)
        note = remember(pack_id, verdict.position.id, origin=origin)
        written = True
        outcome = _("saved: finished {found}").format(found=found)
    for line in lines:
        _say(line)
    if output_format == "json":
        from cell211cli.render.json import dump

        _say(outcome)
        after = verdict.position if written else before
        dump(import_data(pack_id, report, verdict, scale, after, written), sys.stdout)
    else:
        typer.echo(outcome)
    if note:
        _say(note)
    if verdict.position.is_premise:
        raise typer.Exit(ExitCode.NOT_FOUND)


@app.command(
    cls=LocalizedCommand,
    help=N_(
        "Where cell211 keeps your progress and finds recap packs.\n"
        "\n"
        "Examples:\n"
        "\n"
        "\b\n"
        "  # where progress and packs live\n"
        "  cell211 paths"
    ),
)
@boundary
def paths(pack: PackOption = None) -> None:
    from cell211cli.cache import cache_dir
    from cell211cli.config import config_file
    from cell211cli.packs import find_pack, shipped_packs_dir, user_packs_dir
    from cell211cli.progress import state_file

    config = str(config_file()) + ("" if config_file().exists() else " " + _("(none)"))
    rows = [
        (_("config file:"), config),
        (_("progress file:"), state_file()),
        (_("cache folder:"), cache_dir().parent),
        (_("installed packs:"), user_packs_dir()),
        (_("shipped packs:"), shipped_packs_dir()),
        (_("current pack:"), find_pack(pack)),
    ]
    width = max(len(label) for label, _path in rows) + 1
    for label, path in rows:
        typer.echo(clean(f"{label:<{width}}{path}"))


@app.command(
    cls=LocalizedCommand,
    help=N_(
        "The recap packs you can use with --pack ID: installed ones, then shipped ones.\n"
        "\n"
        "Examples:\n"
        "\n"
        "\b\n"
        "  # installed and shipped packs\n"
        "  cell211 packs\n"
        "  # the same, for scripts\n"
        "  cell211 packs --format json"
    ),
)
@boundary
def packs(output_format: ReportFormatOption = None, as_json: JsonOption = False) -> None:
    from cell211cli.cache import load_cached
    from cell211cli.errors import InvalidPack
    from cell211cli.packs import available_packs

    rows = []
    for location in available_packs():
        try:
            loaded = load_cached(location.path, current())
            title, episodes = loaded.pack.show.title, loaded.scale.last.ordinal
        except InvalidPack:
            title, episodes = _("(invalid: run cell211 validate)"), None
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
        episodes = row["episode_count"]
        count = ngettext("{count} episode", "{count} episodes", episodes).format(count=episodes) if episodes else ""
        typer.echo(f"{row['id']:<16} {row['title']}  {count}  [{_(row['origin'])}] {row['path']}")


@app.command(
    cls=LocalizedCommand,
    help=N_(
        "Check a recap pack and report every problem with file, line, column and path. Exit 0 when clean.\n"
        "\n"
        "Examples:\n"
        "\n"
        "\b\n"
        "  # every problem, file:line:column\n"
        "  cell211 validate my-show/pack.yaml\n"
        "  # the report as JSON, for CI\n"
        "  cell211 validate my-show -f json"
    ),
)
@boundary
def validate(
    path: Annotated[
        str | None, typer.Argument(metavar=N_("PACK"), help=N_("A pack file, a folder with pack.yaml, or a pack id."))
    ] = None,
    output_format: ReportFormatOption = None,
    as_json: JsonOption = False,
) -> None:
    from cell211cli.errors import InvalidPack
    from cell211cli.loader import load_pack
    from cell211cli.packs import find_pack

    target = find_pack(path)
    try:
        loaded = load_pack(target)
        problems, valid = list(loaded.warnings), True
    except InvalidPack as error:
        loaded, problems, valid = None, error.problems, False
    # Each translation is checked too: its missing and stale texts, and names it gives too early.
    seen = {(p.file, p.path, p.message) for p in problems}
    for language in loaded.pack.translations if loaded else ():
        try:
            found = list(load_pack(target, language).warnings)
        except InvalidPack as error:
            found, valid = error.problems, False
        problems += [p for p in found if (p.file, p.path, p.message) not in seen]
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
        verdict = _("{pack}: valid ({errors}, {warnings})") if valid else _("{pack}: invalid ({errors}, {warnings})")
        # The English keeps "error(s)" in both forms, as scripts may read it; other languages say it properly.
        error_count = ngettext("{count} error(s)", "{count} error(s)", errors).format(count=errors)
        warning_count = ngettext("{count} warning(s)", "{count} warning(s)", warnings).format(count=warnings)
        typer.echo(clean(verdict.format(pack=target, errors=error_count, warnings=warning_count)))
    if not valid:
        raise typer.Exit(ExitCode.BAD_INPUT)


@app.command(
    cls=LocalizedCommand,
    help=N_(
        "Print a translation file for a pack: every text's key and digest, the text as a comment, and the "
        "translations the pack already has for LANGUAGE (stale ones left out, to be revised).\n"
        "\n"
        "Examples:\n"
        "\n"
        "\b\n"
        "  # start or refresh a Spanish translation\n"
        "  cell211 translate es my-show > my-show/es.yaml"
    ),
)
@boundary
def translate(
    language: Annotated[str, typer.Argument(metavar=N_("LANGUAGE"), help=N_("A language tag such as es or pt-BR."))],
    path: Annotated[
        str | None, typer.Argument(metavar=N_("PACK"), help=N_("A pack file, a folder with pack.yaml, or a pack id."))
    ] = None,
) -> None:
    import re

    from cell211cli.i18n.content import template
    from cell211cli.loader import load_pack, read_translation
    from cell211cli.packs import find_pack

    if not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", language):
        raise BadUsage(_("{language!r} is not a language tag such as es or pt-BR").format(language=clean(language)))
    loaded = load_pack(find_pack(path))
    existing = read_translation(loaded, language) if language in loaded.pack.translations else None
    typer.echo(template(loaded.pack, loaded.scale, language, existing), nl=False)


@app.command(
    cls=LocalizedCommand,
    help=N_(
        "Print the JSON Schema of the pack format (for editors and CI).\n"
        "\n"
        "Examples:\n"
        "\n"
        "\b\n"
        "  # a schema file for your editor\n"
        "  cell211 schema > pack.schema.json"
    ),
)
@boundary
def schema() -> None:
    from cell211cli.schema import pack_schema_text

    typer.echo(pack_schema_text(), nl=False)


def run() -> None:
    """Run the app on ``sys.argv`` (``launch.main`` checks the streams first), completion included."""
    if (instruction := os.environ.get("_CELL211_COMPLETE")) and instruction.startswith("complete_"):
        from cell211cli.completion import COMPLETERS, complete

        if instruction in COMPLETERS:
            complete(app, instruction)
            return
    started_on_pipe = _on_pipe()
    try:
        _with_only_the_named_command(sys.argv[1:])()
    except SystemExit as finished:
        # A reader that went away while Typer itself was writing (help, usage): Typer exits 1 after wrapping
        # stdout, rich exits 1 after pointing stdout at /dev/null. Exit 0 instead, like our own commands.
        went_away = type(sys.stdout).__name__ == "PacifyFlushWrapper" or (started_on_pipe and not _on_pipe())
        if finished.code == 1 and went_away:
            raise SystemExit(ExitCode.OK) from None
        raise


def _with_only_the_named_command(args: list[str]) -> typer.Typer:
    """The app with just the command ``args`` name, when they name one: Typer builds every registered
    command (reading its function's signature and making its options) before parsing, and a run uses one.
    The whole app when there is no such command, or when the list of commands may be shown (``--help``
    before the command name)."""
    from cell211cli.output_cache import command_word

    named = command_word(args)
    if named is None or any(word in ("-h", "--help") for word in args[: named[0]]):
        return app
    commands = [info for info in app.registered_commands if _command_name(info) == named[1]]
    if not commands:
        return app
    import copy

    lean = copy.copy(app)
    lean.registered_commands = commands
    return lean


def _command_name(info: "typer.models.CommandInfo") -> str:
    import typer.main

    return info.name or typer.main.get_command_name(info.callback.__name__ if info.callback else "")


def _on_pipe() -> bool:
    import stat

    try:
        return stat.S_ISFIFO(os.fstat(sys.stdout.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):
        return False
