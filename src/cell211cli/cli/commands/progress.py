"""``cell211 progress``: show, save, forget or import how far the viewer has watched."""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from cell211cli.cli.boundary import say
from cell211cli.cli.options import FormatOption, JsonOption, PackOption, complete_position
from cell211cli.cli.output import chosen_format
from cell211cli.cli.spec import CommandSpec
from cell211cli.cli.waiting import sign_of_life
from cell211cli.errors import BadUsage, ExitCode
from cell211cli.i18n import N_, _
from cell211cli.pack.positions import HISTORY, IMPORT, REWATCH
from cell211cli.text import clean

if TYPE_CHECKING:
    from cell211cli.cli.context import RunContext
    from cell211cli.pack.model import LoadedPack
    from cell211cli.pack.positions import Position


def progress(
    ctx: typer.Context,
    position: Annotated[
        str | None,
        typer.Argument(
            metavar=N_("POSITION"),
            help=N_(
                "The episode you have just finished (any --upto spelling); next: one more than saved; "
                "import: read it from a Netflix or Trakt history FILE; history: every change, dated; "
                "rewatch: start a rewatch (keeping your first watch)."
            ),
            autocompletion=complete_position,
        ),
    ] = None,
    file: Annotated[
        str | None,
        typer.Argument(
            metavar=N_("[FILE]"),
            help=N_("With import: the viewing history file; with rewatch: where it starts (default: premise)."),
        ),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help=N_("Forget the saved position."))] = False,
    stop: Annotated[bool, typer.Option("--stop", help=N_("With rewatch: stop rewatching."))] = False,
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
    output_format: FormatOption = None,
    as_json: JsonOption = False,
    pack: PackOption = None,
) -> None:
    run: RunContext = ctx.obj
    keyword = position.strip().casefold() if position is not None else None
    if keyword in (HISTORY, REWATCH) or stop:
        _watch_command(run, keyword, file, stop, clear, chosen_format(output_format, as_json), pack)
        return
    if output_format not in (None, "plain", "json"):
        raise BadUsage(
            _("progress answers in plain or json; --format {format} is for `progress history`").format(
                format=output_format
            )
        )
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
    output = chosen_format(output_format, as_json)
    loaded = _pack_for_progress(run, pack)
    if importing:
        if file is None:
            raise BadUsage(_("give the history file: cell211 progress import FILE"))
        _import(run, loaded, file, profile, date_order, count_gaps, dry_run, output)
        return
    _show_or_save(run, loaded, position, clear, output)


def _pack_for_progress(run: "RunContext", pack: str | None) -> "LoadedPack":
    """The pack progress is kept for; a config file that cannot be used never stops progress from being
    saved: it is named on stderr, and the pack comes from ``--pack`` or is the shipped one."""
    from cell211cli.viewer.session import load_pack_for

    if pack is None and run.config_error is not None:
        say(_("warning: {error}; using the shipped pack").format(error=run.config_error))
    with sign_of_life():
        return load_pack_for(pack or run.configured_pack())


def _show_or_save(
    run: "RunContext",
    loaded: "LoadedPack",
    position: str | None,
    clear: bool,
    output: str | None,
    said: str | None = None,
) -> None:
    from cell211cli.viewer.progress import recall, remember
    from cell211cli.viewer.session import position_after, saved_watch
    from cell211cli.viewer.watching import save_typed

    pack_id, scale = loaded.pack.id, loaded.scale
    note = None
    if clear:
        note = remember(pack_id, None)
        message, saved = _("Saved progress cleared; commands now show the premise only."), None
    elif position is not None:
        saved = position_after(loaded, position)
        message, note = save_typed(loaded, saved)
    else:
        first, rewatch, warning = saved_watch(loaded)
        saved = rewatch if rewatch is not None else first
        if warning:
            say(warning)
        origin = recall(pack_id).origin if saved else None
        if saved is None:
            message = _("No saved progress: commands show the premise only. Save it with: cell211 progress N")
        else:
            finished = (
                _("You have finished {episode} ({id}); {origin}.")
                if origin
                else _("You have finished {episode} ({id}).")
            )
            if saved.is_premise:
                finished = (
                    _("You are at the premise (nothing watched yet); {origin}.")
                    if origin
                    else _("You are at the premise (nothing watched yet).")
                )
            message = finished.format(episode=scale.phrase(saved), id=saved.id, origin=origin)
            if said is not None:
                message = said
            elif rewatch is not None and first is not None:
                message = _("You are rewatching: at {rewatch} ({id}); your first watch reached {first}.").format(
                    rewatch=scale.phrase(rewatch), id=rewatch.id, first=scale.phrase(first)
                )
    if note:
        say(note)
    if upto_variable := run.environ.get("CELL211_UPTO"):
        say(
            _(
                "note: CELL211_UPTO={value} is set in your environment; "
                "other commands follow it rather than the saved progress"
            ).format(value=upto_variable)
        )
    if output == "json":
        from cell211cli.render.json import dump

        first, rewatch, _warning = saved_watch(loaded)

        def shown(at: "Position | None") -> dict[str, str] | None:
            return {"id": at.id, "label": scale.label(at)} if at is not None else None

        dump(
            {"pack": pack_id, "upto": shown(saved), "first_watch": shown(first), "rewatch": shown(rewatch)}, sys.stdout
        )
    else:
        typer.echo(message)


def _watch_command(
    run: "RunContext",
    keyword: str | None,
    start: str | None,
    stop: bool,
    clear: bool,
    output: str | None,
    pack: str | None,
) -> None:
    """``progress history`` (in every format), ``progress rewatch [POSITION]`` and ``progress rewatch --stop``."""
    if clear or (stop and keyword != REWATCH) or (keyword == HISTORY and start is not None):
        raise BadUsage(_("use `progress history`, `progress rewatch [POSITION]` or `progress rewatch --stop`"))
    loaded = _pack_for_progress(run, pack)
    if keyword == HISTORY:
        from cell211cli.cli.output import show
        from cell211cli.viewer.watching import history_document

        show(run, history_document(loaded), output, None, False, False, False)
        return
    if output not in (None, "plain", "json"):
        raise BadUsage(
            _("progress answers in plain or json; --format {format} is for `progress history`").format(format=output)
        )
    from cell211cli.viewer.watching import start_rewatch, stop_rewatch

    if stop:
        if start is not None:
            raise BadUsage(_("give a position or --stop, not both"))
        message, note = stop_rewatch(loaded)
    else:
        message, note = start_rewatch(loaded, loaded.scale.parse(start) if start is not None else None)
    if note:
        say(note)
    _show_or_save(run, loaded, None, False, output, said=message)


def _import(
    run: "RunContext",
    loaded: "LoadedPack",
    file: str,
    profile: str | None,
    date_order: str | None,
    count_gaps: bool,
    dry_run: bool,
    output: str | None,
) -> None:
    """Read the history; at a terminal, ask what only the viewer can settle (off one, say how); save."""
    from cell211cli.cli.output import confirm
    from cell211cli.viewer.history.questions import next_question, settle
    from cell211cli.viewer.importing import read_report, save_import

    report = read_report(loaded, file, profile, date_order)
    hints = []
    asking = output != "json" and run.person_at_terminal
    while (question := next_question(report, loaded)) is not None:
        if not asking:
            hints.append(question.hint)
        settle(report, question, asking and confirm(question.prompt))
    outcome = save_import(loaded, report, count_gaps, dry_run)
    for line in outcome.lines + hints:
        say(line)
    if output == "json":
        from cell211cli.render.json import dump

        say(outcome.outcome)
        dump(outcome.data, sys.stdout)
    else:
        typer.echo(outcome.outcome)
    if outcome.note:
        say(outcome.note)
    if outcome.found_nothing:
        raise typer.Exit(ExitCode.NOT_FOUND)


COMMANDS = {
    "progress": CommandSpec(
        progress,
        N_(
            "Show, save or forget how far you have watched; other commands then follow it.\n"
            "\n"
            "import reads Netflix's personal-data archive (netflix.com > Account > Security & privacy > "
            "Download your personal information: the ZIP, or its CONTENT_INTERACTION/ViewingActivity.csv), a "
            "profile's 'Download all' viewing activity (NetflixViewingHistory.csv), or a Trakt export ZIP "
            "(trakt.tv > Settings > Data > Export). An episode counts as finished only when the history shows "
            "it: its bookmark reached the credits, the next one autoplayed, or a later one followed; "
            "--dry-run says what it found and saves nothing.\n"
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
            "  # every change, dated\n"
            "  cell211 progress history\n"
            "  # watch it again from the start; your first watch is kept\n"
            "  cell211 progress rewatch\n"
            "  # forget it (back to the premise)\n"
            "  cell211 progress --clear\n"
            "  # from a Netflix or Trakt history\n"
            "  cell211 progress import history.csv"
        ),
    ),
}
