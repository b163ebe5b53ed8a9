"""The options several commands share, defined once (pip's ``cmdoptions``), and the completers they use.

Completers work on the View of the position the command would use: never a name, title or depth that is
not revealed there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from cell211cli.i18n import N_
from cell211cli.render.formats import ColorMode, MapFormat, OutputFormat, ReportFormat
from cell211cli.text import fold

if TYPE_CHECKING:
    from cell211cli.viewer.session import Session


def _completion_session(ctx: typer.Context) -> Session | None:
    """The session completion works in: the same pack and position as the command would use."""
    from cell211cli.viewer.session import open_session

    run = ctx.find_root().obj
    try:
        configured = run.configured_pack() if run is not None else None
        return open_session(ctx.params.get("pack") or configured, ctx.params.get("upto"))
    except Exception:  # completion must never print a traceback into the shell
        return None


def matching(candidates: list[str], typed: str) -> list[str]:
    """Candidates holding what was typed anywhere, ignoring case and accents, as the commands match names
    (``tom`` finds Tomás, ``mos`` The Mostros): those that start with it first."""
    wanted = fold(typed)
    unique = list(dict.fromkeys(candidates))
    starting = [c for c in unique if fold(c).startswith(wanted)]
    return starting + [c for c in unique if wanted in fold(c) and c not in starting]


def complete_position(ctx: typer.Context, incomplete: str) -> list[str]:
    """Position ids and named depths: structure only, never a title."""
    session = _completion_session(ctx)
    if session is None:
        return []
    scale = session.outline.scale
    return matching([*session.view.depths, *(p.id for p in scale.positions[1:])], incomplete)


def complete_character(ctx: typer.Context, incomplete: str) -> list[str]:
    """Names and aliases visible at the position the command would use."""
    from cell211cli.pages.characters import character_names

    session = _completion_session(ctx)
    return matching(character_names(session.view), incomplete) if session else []


def complete_search_word(ctx: typer.Context, incomplete: str) -> list[str]:
    """Visible names; a word that starts none is kept as typed, so the shell never offers file names."""
    names = complete_character(ctx, incomplete)
    return names or ([incomplete] if incomplete else [])


def topic_spelling(title: str) -> str:
    """A topic's title as one word to type, up to its first colon: ``La historia real: el motín ...`` →
    ``historia-real`` (``facts`` reads a hyphen as a space and finds a topic by part of its title)."""
    words = fold(title.split(":", 1)[0]).replace("-", " ").split()
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return "-".join(kept for word in words if (kept := "".join(ch for ch in word if ch.isalnum())))


_ARTICLES = ("the", "a", "an", "el", "la", "los", "las", "un", "una")


def complete_topic(ctx: typer.Context, incomplete: str) -> list[str]:
    """Topic ids visible at the position the command would use, and in a translated pack their titles
    written as one word too (``historia-real``), which ``facts`` accepts."""
    session = _completion_session(ctx)
    if session is None:
        return []
    spellings = [topic.id for topic in session.view.topics]
    if session.view.show.language != "en":
        spellings += [spelling for topic in session.view.topics if (spelling := topic_spelling(topic.title))]
    return matching(spellings, incomplete)


MATCHED_INSIDE = ("name", "words", "topic")
"""The parameters whose completion matches inside names (as ``characters``, ``search`` and ``facts`` do);
commands, positions and choices match at the start."""


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
        help=N_("rich, plain, markdown, json or html (default: rich on a terminal, plain otherwise)."),
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
