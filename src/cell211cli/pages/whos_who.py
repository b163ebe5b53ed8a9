"""Who's who before an episode: everyone revealed so far, the most recently seen first, by faction.

Made from the view at N-1 alone: never "who appears in episode N", which would give away who comes back.
A character was last seen at the latest position the view shows of them: their introduction, a revealed
alias or fact, a relationship, or a recap item that names them.
"""

from __future__ import annotations

from typing import Any

from cell211cli.document import Document, upto_data
from cell211cli.gate import CharacterView, View
from cell211cli.i18n import _
from cell211cli.pack.positions import Position
from cell211cli.pages.common import finish
from cell211cli.text import fold


def last_seen(view: View) -> dict[str, Position]:
    """Each visible character's latest position in the view."""
    seen = {c.id: max((c.introduced, *(e.position for e in (*c.aliases, *c.facts)))) for c in view.characters}
    for link in view.relationships:
        for end in (link.source, link.target):
            seen[end] = max(seen[end], link.position)
    names = {c.id: {fold(n) for n in (c.name, *(a.text for a in (*c.aliases, *c.spellings)))} for c in view.characters}
    for item in view.recap:
        words = f" {' '.join(fold(item.text).replace('.', ' ').replace(',', ' ').split())} "
        for character_id, spellings in names.items():
            if item.position > seen[character_id] and any(f" {name} " in words for name in spellings if name):
                seen[character_id] = item.position
    return seen


def _add(document: Document, character: CharacterView, view: View, seen: Position) -> None:
    """The name (with revealed aliases) and role, then where the character was last seen."""
    aliases = ", ".join(a.text for a in character.aliases)
    name = f"{character.name} ({aliases})" if aliases else character.name
    document.add("item", f"{name}: {character.role}", character.sources)
    # TRANSLATORS: under a character in "who's who"; {where} is a label such as "Episode 3".
    document.add("note", _("Latest: {where}").format(where=view.label(seen)))


def whos_who_page(view: View) -> Document:
    """Everyone introduced by the view's position, grouped by faction, the most recently seen first."""
    seen = last_seen(view)
    by_id = {c.id: c for c in view.characters}
    order = sorted(view.characters, key=lambda c: -seen[c.id].ordinal)  # stable: pack order among equals
    groups: dict[str, list[str]] = {}
    for link in view.relationships:
        if link.kind == "member":
            groups.setdefault(link.target, []).append(link.source)
    ranked = sorted(groups, key=lambda g: -max(seen[m].ordinal for m in [g, *groups[g]]))
    document = Document.for_view(
        view,
        # TRANSLATORS: a page title; {position} is a lowercased label such as "episode 3" or "premise".
        title=_("{show}: who's who up to {position}").format(
            show=view.show.title, position=view.scale.phrase(view.position)
        ),
        data={
            "upto": upto_data(view),
            "groups": [
                {"id": g, "name": by_id[g].name, "members": [c.id for c in order if c.id in groups[g]]} for g in ranked
            ],
            "characters": [_data(c, seen[c.id], view) for c in order],
        },
    )
    grouped = {m for members in groups.values() for m in members} | set(groups)
    for group in ranked:
        document.add("subheading", by_id[group].name)
        for character in order:
            if character.id in groups[group]:
                _add(document, character, view, seen[character.id])
    others = [c for c in order if c.id not in grouped]
    if others and groups:
        # TRANSLATORS: a heading in "who's who", after the factions: characters in none of them.
        document.add("subheading", _("Others"))
    for character in others:
        _add(document, character, view, seen[character.id])
    if not view.characters:
        document.add("note", _("Nobody has been introduced yet."))
    return finish(document, view)


def _data(character: CharacterView, seen: Position, view: View) -> dict[str, Any]:
    return {
        "id": character.id,
        "name": character.name,
        "aliases": [a.text for a in character.aliases],
        "role": character.role,
        "last_seen": {"id": seen.id, "label": view.label(seen)},
        "source_ids": list(character.sources),
    }
