"""Coming back: "previously on" before an episode, and the range a recap covers ("since you last watched").

"Previously on" is neutral: it is made from the view at N-1 alone, the earlier episodes in brief and the
last one in full. Nothing in it is chosen by what episode N will need: choosing by what comes next would
itself tell the viewer where to look.
"""

from __future__ import annotations

from cell211cli.document import Block, Document, Span, upto_data
from cell211cli.gate import View
from cell211cli.i18n import _
from cell211cli.pack.positions import Position
from cell211cli.pages.common import add_episode, finish, recap_by_episode


def mark_range(document: Document, view: View, after: Position | None, kind: str) -> Document:
    """Say in the JSON what a recap covers: which kind of recap, from after which position."""
    document.data["kind"] = kind
    document.data["after"] = {"id": after.id, "label": view.label(after)} if after is not None else None
    return document


def since_last_note(document: Document, view: View, after: Position | None) -> None:
    """The first line of ``recap --since-last``: what it covers, or that there is no earlier position."""
    if after is None:
        # TRANSLATORS: {position} is a lowercased label such as "episode 4".
        line = _("No earlier saved position: here is the recap up to {position}.")
        text = line.format(position=view.scale.phrase(view.position))
    else:
        line = _("Since you last watched: after {after}, up to {position}.")
        text = line.format(after=view.scale.phrase(after), position=view.scale.phrase(view.position))
    document.blocks.insert(0, Block("note", (Span(text),)))


def previously_page(view: View) -> Document:
    """Everything up to the view's position: the earlier episodes one line each, the last in full."""
    document = Document.for_view(
        view,
        # TRANSLATORS: a page title; {position} is a lowercased label such as "episode 3" or "premise".
        title=_("Previously on {show}: up to {position}").format(
            show=view.show.title, position=view.scale.phrase(view.position)
        ),
        data={"upto": upto_data(view), "show": view.show.title, "brief": False, "episodes": []},
    )
    items_by_episode = recap_by_episode(view)
    for section in view.episodes:
        add_episode(document, section, items_by_episode.get(section.position, []), section.position == view.position)
    return mark_range(finish(document, view), view, None, "previously")
