"""The recap page: the story up to the view's position, grouped by episode."""

from __future__ import annotations

from typing import Any

from cell211cli.document import Document, upto_data
from cell211cli.errors import BadUsage
from cell211cli.gate import View
from cell211cli.i18n import _
from cell211cli.pack.positions import Position
from cell211cli.pages.common import (
    add_entry,
    entry_data,
    finish,
    section_heading,
)


def recap_page(
    view: View, after: Position | None = None, episode: Position | None = None, brief: bool = False
) -> Document:
    """The story up to the view's position, grouped by episode; optionally one episode or a range."""
    phrase = view.scale.phrase
    if episode is not None and after is not None:
        raise BadUsage(_("--episode shows one episode and --from a range: give one of them"))
    if episode is not None and episode > view.position:
        # TRANSLATORS: {episode} and {position} are positions in a sentence ("episode 3", in Spanish "el episodio 3");
        # {id} is a position id (S01E04).
        message = _("{episode} is after your position ({position}); add --upto {id} to look ahead on purpose")
        raise BadUsage(message.format(episode=phrase(episode), position=phrase(view.position), id=episode.id))
    if after is not None and after >= view.position:
        raise BadUsage(_("--from must be before your position ({position})").format(position=phrase(view.position)))
    sections = [
        e for e in view.episodes if (episode is None or e.position == episode) and (after is None or e.position > after)
    ]
    document = Document.for_view(
        view,
        # TRANSLATORS: a page title; {position} is a position in a sentence such as "episode 3" or "the premise".
        title=_("{show}: recap up to {position}").format(show=view.show.title, position=phrase(view.position))
        if episode is None
        # TRANSLATORS: a page title for one episode; {position} is a position in a sentence such as "episode 2".
        else _("{show}: recap of {position}").format(show=view.show.title, position=phrase(episode)),
        data={"upto": upto_data(view), "show": view.show.title, "brief": brief, "episodes": []},
    )
    items_by_episode: dict[Position, list[Any]] = {}
    for item in view.recap:
        items_by_episode.setdefault(item.position, []).append(item)
    nothing_recorded = _("Little is documented about this part: the pack has no recap of it.")
    for section in sections:
        items = items_by_episode.get(section.position, [])
        document.add("subheading", section_heading(section))
        line = section.summary or (items[0].text if items else None)
        if brief:
            cites = () if section.summary or not items else items[0].sources
            document.add("text" if line else "note", line or nothing_recorded, cites)
        else:
            for item in items:
                add_entry(document, item.text, item)
            if not items:
                document.add("note", nothing_recorded)
        document.data["episodes"].append(
            {
                "id": section.position.id,
                "label": section.label,
                "title": section.title,
                "summary": section.summary,
                "line": line,
                "items": [] if brief else [{"id": i.id, **entry_data(i)} for i in items],
            }
        )
    return finish(document, view)
