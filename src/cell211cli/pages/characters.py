"""The characters page and the map: who is who at the view's position."""

from __future__ import annotations

import re
from typing import Any

from cell211cli.document import Document, upto_data
from cell211cli.gate import CharacterView, View
from cell211cli.i18n import _, tidy
from cell211cli.pages.common import (
    add_entry,
    entry_data,
    fact_label,
    finish,
    not_found,
)
from cell211cli.text import fold


def character_names(view: View) -> list[str]:
    """Every visible name, revealed alias and spelling (for suggestions and completion)."""
    return [name for c in view.characters for name in (c.name, *(a.text for a in (*c.aliases, *c.spellings)))]


def find_characters(view: View, query: str) -> list[CharacterView]:
    """Characters whose name, revealed alias or id matches: exactly first, then as a substring."""
    wanted = fold(query.strip())

    def names(character: CharacterView) -> list[str]:
        aliases = (*character.aliases, *character.spellings)
        return [fold(n) for n in (character.name, character.id, *(a.text for a in aliases))]

    exact = [c for c in view.characters if wanted in names(c)]
    if exact or not wanted:
        return exact
    return [c for c in view.characters if any(wanted in n for n in names(c))]


def _character_data(character: CharacterView) -> dict[str, Any]:
    return {
        "id": character.id,
        "name": character.name,
        "introduced": character.introduced.id,
        "role": character.role,
        "actor": character.actor,
        "aliases": [{"name": a.text, "at": a.position.id} for a in character.aliases],
        "spellings": [{"name": s.text, "at": s.position.id} for s in character.spellings],
        "facts": [entry_data(f) for f in character.facts],
        "source_ids": list(character.sources),
    }


def characters_page(view: View, query: str | None = None) -> Document:
    """Everyone introduced by the position, or those matching ``query``."""
    characters = list(view.characters) if query is None else find_characters(view, query)
    document = Document.for_view(
        view,
        title=_("{show}: characters up to {position}").format(
            show=view.show.title, position=view.scale.phrase(view.position)
        ),
        data={"upto": upto_data(view), "characters": [_character_data(c) for c in characters]},
    )
    if query is not None and not characters:
        document.missing = not_found(
            _("no character matches {query} at {position}"),
            _("no character matches {query} at {position}; did you mean {suggestions}?"),
            query,
            view,
            character_names(view),
        )
        return finish(document, view)
    for character in characters:
        aliases = ", ".join(a.text for a in character.aliases)
        document.add("subheading", f"{character.name} ({aliases})" if aliases else character.name)
        role = [character.role]
        if character.actor:
            role.append(_("Played by {actor}.").format(actor=character.actor))
        if character.spellings:
            # TRANSLATORS: other spellings of a character's name, as viewers may meet them: Tomás, Tomas.
            role.append(_("Also spelled {spellings}.").format(spellings=", ".join(s.text for s in character.spellings)))
        document.add("text", " ".join(role), character.sources)
        for fact in character.facts:
            add_entry(document, f"{fact_label(view, fact)}: {fact.text}", fact)
    if not characters:
        document.add("note", _("Nobody has been introduced yet."))
    return finish(document, view)


_ARTICLES = ("The ", "El ", "La ", "Los ", "Las ")


def _inside_sentence(name: str) -> str:
    """A name after a verb: its leading article in lower case (the Colonel, al Coronel once tidied)."""
    return name[0].lower() + name[1:] if name.startswith(_ARTICLES) else name


def _object(source: str, target: str) -> str:
    """The end of a sentence that starts with ``source``: a target named after the source does not repeat
    it ("Calancho phones a warning to their family", "... advertir a su familia"). The rule reads the
    pack's own grammar (English possessive, Spanish "la ... de"), so the pronoun is in the pack text's language.
    """
    owner = re.escape(source)
    english = re.fullmatch(rf"(?:the )?{owner}['\u2019]s (.+)", target, flags=re.IGNORECASE)
    if english:
        return f"their {english[1]}"
    spanish = re.fullmatch(rf"(el|la|los|las) (.+) de {owner}", target, flags=re.IGNORECASE)
    if spanish:
        return f"{'sus' if spanish[1].lower() in ('los', 'las') else 'su'} {spanish[2]}"
    return _inside_sentence(target)


def map_page(view: View) -> Document:
    """Who is who: factions with their members, then how characters stand to one another, all revealed."""
    names = {character.id: character.name for character in view.characters}
    members = [link for link in view.relationships if link.kind == "member"]
    relations = [link for link in view.relationships if link.kind != "member"]
    groups: dict[str, list[Any]] = {}
    for link in members:
        groups.setdefault(link.target, []).append(link)
    linked = {end for link in view.relationships for end in (link.source, link.target)}
    document = Document.for_view(
        view,
        title=_("{show}: who is who up to {position}").format(
            show=view.show.title, position=view.scale.phrase(view.position)
        ),
        data={
            "upto": upto_data(view),
            "nodes": [{"id": c.id, "name": c.name, "group": c.id in groups} for c in view.characters if c.id in linked],
            "groups": [
                {"id": group, "name": names[group], "members": [m.source for m in links]}
                for group, links in groups.items()
            ],
            "relationships": [
                {
                    "id": link.id,
                    "from": link.source,
                    "to": link.target,
                    "kind": link.kind,
                    "label": link.label,
                    "at": link.position.id,
                    "source_ids": list(link.sources),
                }
                for link in view.relationships
            ],
        },
    )
    for group, links in groups.items():
        document.add("subheading", names[group])
        for link in links:
            document.add("item", f"{names[link.source]}: {link.label}", link.sources)
    if relations:
        # TRANSLATORS: a heading in the map: relationships between characters, after the factions.
        document.add("subheading", _("Between them"))
        for link in relations:
            line = f"{names[link.source]} {link.label} {_object(names[link.source], names[link.target])}"
            document.add("item", tidy(line), link.sources)
    if not view.relationships:
        document.add("note", _("No relationships are known at this position yet."))
    document.graph = True
    return finish(document, view)
