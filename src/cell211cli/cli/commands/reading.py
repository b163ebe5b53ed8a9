"""The commands that show the story at a position: recap, characters, facts, search, levels and map."""

from typing import TYPE_CHECKING, Annotated

import typer

from cell211cli.cli.boundary import say
from cell211cli.cli.options import (
    ColorOption,
    FormatOption,
    JsonOption,
    MapFormatOption,
    NoColorOption,
    NoSourcesOption,
    PackOption,
    PagerOption,
    UptoOption,
    YesOption,
    complete_character,
    complete_position,
    complete_search_word,
    complete_topic,
)
from cell211cli.cli.output import chosen_format, confirm, show
from cell211cli.cli.spec import CommandSpec
from cell211cli.cli.waiting import sign_of_life
from cell211cli.errors import BadUsage, Cell211Error, ExitCode
from cell211cli.i18n import N_, _
from cell211cli.pack.positions import UnknownPosition

if TYPE_CHECKING:
    from cell211cli.cli.context import RunContext
    from cell211cli.document import Document
    from cell211cli.viewer.session import Session


def _from_environment(ctx: typer.Context, name: str) -> bool:
    """True when the option ``name`` took its value from an environment variable."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name == "ENVIRONMENT"


BeforeOption = Annotated[
    str | None,
    typer.Option(
        "--before",
        metavar=N_("N"),
        autocompletion=complete_position,
        help=N_("Just before episode N, or next (the one after your progress): everything up to the one before."),
    ),
]


def open_for_command(
    ctx: typer.Context, upto: str | None, pack: str | None, yes: bool = False, before: str | None = None
) -> "Session":
    """The command's session; errors name CELL211_UPTO or CELL211_PACK when the value came from there, and a
    person at a terminal confirms before looking past their saved progress.

    A command makes its page from the session and keeps neither the session nor its View while the page
    is shown: rendering then reuses their memory (0.1 to 0.2 MiB of a colour recap's peak; a test checks)."""
    from cell211cli.viewer.session import open_session

    run: RunContext = ctx.obj
    pack_from_environment = _from_environment(ctx, "pack")
    try:
        with sign_of_life():
            session = open_session(
                pack or run.config.pack, upto, pack_option=None if pack_from_environment else pack, before=before
            )
    except UnknownPosition as error:
        if _from_environment(ctx, "upto"):
            raise BadUsage(_("CELL211_UPTO in your environment: {error}").format(error=error)) from None
        raise
    except Cell211Error as error:
        if pack_from_environment:
            raise error.reworded(_("CELL211_PACK in your environment: {error}").format(error=error)) from None
        raise
    if session.ahead_of is not None and not yes and not _from_environment(ctx, "upto") and run.person_at_terminal:
        # A typo such as -u 5 for -u 2 would spoil at once: a person at a terminal confirms first.
        scale = session.outline.scale
        saved, wanted = scale.phrase(session.ahead_of), scale.phrase(session.view.position)
        if not confirm(
            _("Your saved progress is {saved}. Show up to {wanted} anyway?").format(saved=saved, wanted=wanted),
            run.answer_device,
        ):
            say(_("Nothing shown."))
            raise typer.Exit(ExitCode.NOT_FOUND)
    for note in session.notes:
        say(note)
    if _from_environment(ctx, "upto") and run.once_per_terminal(f"CELL211_UPTO={upto}"):
        # An exported CELL211_UPTO silently replacing saved progress surprised a newcomer: named once per
        # terminal session (each new value is named again), never in a script.
        message = _("note: CELL211_UPTO={value} is set in your environment; it replaces your saved progress")
        say(message.format(value=upto))
    _gap_hint(run, session)
    return session


def _gap_hint(run: "RunContext", session: "Session") -> None:
    """After a long gap, once: how long it has been and what to run (silenced with the other hints)."""
    from cell211cli.viewer.watching import gap_hint

    if getattr(run.config, "hints", True) is not False and (hint := gap_hint(session.outline)):
        say(hint)


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
    since_last: Annotated[
        bool,
        typer.Option("--since-last", help=N_("Only what you watched since the position saved before your latest one.")),
    ] = False,
    before: BeforeOption = None,
    output_format: FormatOption = None,
    as_json: JsonOption = False,
    pack: PackOption = None,
    color: ColorOption = None,
    no_color: NoColorOption = False,
    no_sources: NoSourcesOption = False,
    pager: PagerOption = None,
) -> None:
    _one_way_back(ctx, since_last, before, after, episode, brief)
    document = _recap_page(open_for_command(ctx, upto, pack, yes, before), after, episode, brief, since_last, before)
    show(ctx.obj, document, chosen_format(output_format, as_json), color, no_color, pager, no_sources)


def _recap_page(
    session: "Session", after: str | None, episode: str | None, brief: bool, since_last: bool, before: str | None
) -> "Document":
    """The recap's page (``--before``, ``--since-last``, or a range); the session goes when it returns."""
    after_position = session.parse(after) if after else None
    episode_position = session.parse(episode) if episode else None
    from cell211cli.pages.previously import mark_range, previously_page, since_last_note
    from cell211cli.pages.recap import recap_page

    if before is not None:
        return previously_page(session.view)
    if since_last:
        from cell211cli.viewer.watching import since_last as last_saved

        after_position = last_saved(session.outline, session.view.position)
        document = mark_range(recap_page(session.view, after_position), session.view, after_position, "since_last")
        since_last_note(document, session.view, after_position)
        return document
    return mark_range(
        recap_page(session.view, after_position, episode_position, brief), session.view, after_position, "recap"
    )


def _one_way_back(
    ctx: typer.Context, since_last: bool, before: str | None, after: str | None, episode: str | None, brief: bool
) -> None:
    """--since-last and --before choose the range themselves: neither goes with the other options that do."""
    upto_typed = ctx.get_parameter_source("upto") not in (None,) and not _from_environment(ctx, "upto")
    upto_typed = upto_typed and ctx.params.get("upto") is not None
    for name, used in (("--since-last", since_last), ("--before", before is not None)):
        if not used:
            continue
        others = [o for o, on in (("--upto", upto_typed), ("--from", after), ("--episode", episode)) if on]
        others += ["--brief"] * (brief and name == "--before") + ["--before"] * (
            name == "--since-last" and before is not None
        )
        if others:
            raise BadUsage(_("{option} goes without {others}").format(option=name, others=", ".join(others)))


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
    before: BeforeOption = None,
    output_format: FormatOption = None,
    as_json: JsonOption = False,
    pack: PackOption = None,
    color: ColorOption = None,
    no_color: NoColorOption = False,
    no_sources: NoSourcesOption = False,
    pager: PagerOption = None,
) -> None:
    if before is not None:
        _one_way_back(ctx, False, before, None, None, False)
        if name is not None:
            raise BadUsage(_("--before lists everyone; leave out the name"))
    if before is not None:
        from cell211cli.pages.whos_who import whos_who_page

        document = whos_who_page(open_for_command(ctx, upto, pack, yes, before).view)
    else:
        from cell211cli.pages.characters import characters_page

        document = characters_page(open_for_command(ctx, upto, pack, yes).view, name)
    show(ctx.obj, document, chosen_format(output_format, as_json), color, no_color, pager, no_sources)


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
    from cell211cli.pages.facts import facts_page

    document = facts_page(open_for_command(ctx, upto, pack, yes).view, topic)
    show(ctx.obj, document, chosen_format(output_format, as_json), color, no_color, pager, no_sources)


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
    partial: Annotated[
        bool,
        typer.Option("--partial", help=N_("Match parts of words too (dea then finds dead); whole words by default.")),
    ] = False,
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
    from cell211cli.pages.search import search_page

    document = search_page(open_for_command(ctx, upto, pack, yes).view, " ".join(words), whole_words=not partial)
    show(ctx.obj, document, chosen_format(output_format, as_json), color, no_color, pager, no_sources)


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
    from cell211cli.pages.facts import levels_page

    document = levels_page(open_for_command(ctx, upto, pack, yes).view)
    show(ctx.obj, document, chosen_format(output_format, as_json), color, no_color, pager, no_sources)


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
    from cell211cli.pages.characters import map_page

    document = map_page(open_for_command(ctx, upto, pack, yes).view)
    show(ctx.obj, document, chosen_format(output_format, as_json), color, no_color, pager, no_sources)


COMMANDS = {
    "recap": CommandSpec(
        recap,
        N_(
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
    ),
    "characters": CommandSpec(
        characters,
        N_(
            "Everyone introduced so far, with what is known of them at your position.\n"
            "\n"
            "Examples:\n"
            "\n"
            "\b\n"
            "  # who is who after episode 2\n"
            "  cell211 characters --upto 2\n"
            "  # the same, as Markdown\n"
            "  cell211 characters --upto 2 -f markdown"
        ),
    ),
    "facts": CommandSpec(
        facts,
        N_(
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
    ),
    "search": CommandSpec(
        search,
        N_(
            "Search the recap, characters and topics you can see; later episodes are never searched.\n"
            "\n"
            "Examples:\n"
            "\n"
            "\b\n"
            "  # all words in the same text\n"
            "  cell211 search prison riot -u 2\n"
            "  # hits as JSON, for scripts\n"
            "  cell211 search lawyer -u 1 -f json"
        ),
    ),
    "levels": CommandSpec(
        levels,
        N_(
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
    ),
    "map": CommandSpec(
        map_command,
        N_(
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
    ),
}
