"""Coming back: "previously on" before an episode, and the range a recap covers ("since you last watched").

"Previously on" is neutral: it is made from the view at N-1 alone, the earlier episodes in brief and the
last one in full. Nothing in it is chosen by what episode N will need: choosing by what comes next would
itself tell the viewer where to look.
"""

from __future__ import annotations

from typing import Any

from cell211cli.document import Block, Document, Span, upto_data
from cell211cli.gate import View
from cell211cli.i18n import _
from cell211cli.pack.positions import Position
from cell211cli.pages.common import add_entry, entry_data, finish, section_heading


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
    items_by_episode: dict[Position, list[Any]] = {}
    for item in view.recap:
        items_by_episode.setdefault(item.position, []).append(item)
    nothing_recorded = _("Little is documented about this part: the pack has no recap of it.")
    for section in view.episodes:
        items = items_by_episode.get(section.position, [])
        in_full = section.position == view.position
        document.add("subheading", section_heading(section))
        line = section.summary or (items[0].text if items else None)
        if in_full:
            for item in items:
                add_entry(document, item.text, item)
            if not items:
                document.add("note", nothing_recorded)
        else:
            cites = () if section.summary or not items else items[0].sources
            document.add("text" if line else "note", line or nothing_recorded, cites)
        document.data["episodes"].append(
            {
                "id": section.position.id,
                "label": section.label,
                "title": section.title,
                "summary": section.summary,
                "line": line,
                "items": [{"id": i.id, **entry_data(i)} for i in items] if in_full else [],
            }
        )
    return mark_range(finish(document, view), view, None, "previously")
