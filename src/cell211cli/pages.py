"""What each command shows, built from a View only: pure functions, no printing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from cell211cli.document import Document, Span, upto_data
from cell211cli.errors import BadUsage
from cell211cli.gate import CharacterView, Entry, EpisodeView, RecapEntry, TopicView, View
from cell211cli.i18n import _, ngettext, tidy
from cell211cli.positions import SPELLING_EXAMPLES, Position
from cell211cli.text import fold, fold_with_offsets


def _entry_data(entry: Entry | RecapEntry) -> dict[str, Any]:
    return {"at": entry.position.id, "text": entry.text, "note": entry.note, "source_ids": list(entry.sources)}


def _add_entry(document: Document, text: str, entry: Entry | RecapEntry) -> None:
    """An item, then its aside (if any) as a quieter note."""
    document.add("item", text, entry.sources)
    if entry.note:
        document.add("note", entry.note)


def _hint_hidden_episodes(document: Document, view: View) -> None:
    if count := view.hidden_episodes:
        hint = ngettext(
            "{count} later episode is hidden. Use --upto to look further ahead.",
            "{count} later episodes are hidden. Use --upto to look further ahead.",
            count,
        )
        document.hints.append(hint.format(count=count))


def _section_heading(episode: EpisodeView) -> str:
    return f"{episode.label}: {episode.title}" if episode.title else episode.label


def _finish(document: Document, view: View) -> Document:
    _hint_hidden_episodes(document, view)
    document.attach_sources(view)
    document.data["hidden_episodes"] = view.hidden_episodes
    document.data["sources"] = [
        {"number": n, "id": s.id, "title": s.title, "url": s.url, "publisher": s.publisher} for n, s in document.sources
    ]
    return document


def recap_page(
    view: View, after: Position | None = None, episode: Position | None = None, brief: bool = False
) -> Document:
    """The story up to the view's position, grouped by episode; optionally one episode or a range."""
    if episode is not None and episode > view.position:
        # TRANSLATORS: {episode} and {position} are labels such as "Episode 3"; {id} is a position id (S01E04).
        message = _("{episode} is after your position ({position}); add --upto {id} to look ahead on purpose")
        raise BadUsage(message.format(episode=view.label(episode), position=view.position_label, id=episode.id))
    if after is not None and after >= view.position:
        raise BadUsage(_("--from must be before your position ({position})").format(position=view.position_label))
    sections = [
        e for e in view.episodes if (episode is None or e.position == episode) and (after is None or e.position > after)
    ]
    document = Document.for_view(
        view,
        # TRANSLATORS: a page title; {position} is a lowercased label such as "episode 3" or "premise".
        title=_("{show}: recap up to {position}").format(
            show=view.show.title, position=view.scale.phrase(view.position)
        ),
        data={"upto": upto_data(view), "show": view.show.title, "brief": brief, "episodes": []},
    )
    items_by_episode: dict[Position, list[Any]] = {}
    for item in view.recap:
        items_by_episode.setdefault(item.position, []).append(item)
    nothing_recorded = _("Little is documented about this part: the pack has no recap of it.")
    for section in sections:
        items = items_by_episode.get(section.position, [])
        document.add("subheading", _section_heading(section))
        line = section.summary or (items[0].text if items else None)
        if brief:
            cites = () if section.summary or not items else items[0].sources
            document.add("text" if line else "note", line or nothing_recorded, cites)
        else:
            for item in items:
                _add_entry(document, item.text, item)
            if not items:
                document.add("note", nothing_recorded)
        document.data["episodes"].append(
            {
                "id": section.position.id,
                "label": section.label,
                "title": section.title,
                "summary": section.summary,
                "line": line,
                "items": [] if brief else [{"id": i.id, **_entry_data(i)} for i in items],
            }
        )
    return _finish(document, view)


def _either(choices: list[str]) -> str:
    """``'a' or 'b' or 'c'``: alternatives offered to the user, in the language in use."""
    joined = choices[0]
    for choice in choices[1:]:
        # TRANSLATORS: joins suggested names: 'a' or 'b'; for a third, {choices} is "'a' or 'b'" and {choice} 'c'.
        joined = _("{choices} or {choice}").format(choices=joined, choice=choice)
    return joined


def _not_found(message: str, suggesting: str, query: str, view: View, candidates: Iterable[str]) -> str:
    """The same message for a name that is hidden and a name that never existed: ``message`` (translated),
    or ``suggesting`` when close names are visible; both take ``{query}``, ``{position}`` and
    ``suggesting`` takes ``{suggestions}``."""
    import difflib

    by_fold = {fold(c): c for c in candidates}
    close = difflib.get_close_matches(fold(query), list(by_fold), n=3, cutoff=0.6)
    position = view.scale.phrase(view.position)
    if close:
        suggestions = _either([repr(by_fold[c]) for c in close])
        return suggesting.format(query=repr(query), position=position, suggestions=suggestions)
    return message.format(query=repr(query), position=position)


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
        "facts": [_entry_data(f) for f in character.facts],
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
        document.missing = _not_found(
            _("no character matches {query} at {position}"),
            _("no character matches {query} at {position}; did you mean {suggestions}?"),
            query,
            view,
            character_names(view),
        )
        return _finish(document, view)
    for character in characters:
        aliases = ", ".join(a.text for a in character.aliases)
        document.add("subheading", f"{character.name} ({aliases})" if aliases else character.name)
        role = [character.role]
        if character.actor:
            role.append(_("Played by {actor}.").format(actor=character.actor))
        if character.spellings:
            # TRANSLATORS: other spellings of a character's name, as viewers may meet them: Calancho, Kalancho.
            role.append(_("Also spelled {spellings}.").format(spellings=", ".join(s.text for s in character.spellings)))
        document.add("text", " ".join(role), character.sources)
        for fact in character.facts:
            _add_entry(document, f"{view.label(fact.position)}: {fact.text}", fact)
    if not characters:
        document.add("note", _("Nobody has been introduced yet."))
    return _finish(document, view)


def find_topic(view: View, query: str) -> TopicView | None:
    """The topic whose id or title matches, as characters are matched: exactly, else the only one whose id
    or title starts with ``query``, else the only one containing it (``true`` finds true-story). A hyphen
    stands for a space, so ``historia-real`` finds "La historia real"."""

    def words(text: str) -> str:
        return " ".join(fold(text).replace("-", " ").split())

    wanted = words(query)
    if not wanted:
        return None
    names = [(topic, (words(topic.id), words(topic.title))) for topic in view.topics]
    for matches in (
        lambda name: name == wanted,
        lambda name: name.startswith(wanted),
        lambda name: wanted in name,
    ):
        found = [topic for topic, pair in names if any(matches(name) for name in pair)]
        if len(found) == 1:
            return found[0]
        if found:
            ids = ", ".join(topic.id for topic in found)
            message = _("{query} matches several topics ({ids}); give more of the name")
            raise BadUsage(message.format(query=repr(query), ids=ids))
    return None


def facts_page(view: View, query: str | None = None) -> Document:
    """The topics (without ``query``), or one topic's facts up to the position."""
    if query is None:
        document = Document.for_view(
            view,
            title=_("{show}: background topics up to {position}").format(
                show=view.show.title, position=view.scale.phrase(view.position)
            ),
            data={
                "upto": upto_data(view),
                "topics": [{"id": t.id, "title": t.title, "fact_count": len(t.facts)} for t in view.topics],
            },
        )
        for topic in view.topics:
            count = len(topic.facts)
            line = ngettext("{id}: {title} ({count} fact)", "{id}: {title} ({count} facts)", count)
            document.add("item", line.format(id=topic.id, title=topic.title, count=count))
        # TRANSLATORS: TOPIC stands for a topic id the user types; "cell211 facts" is the command.
        document.hints.append(_("Show one with: cell211 facts TOPIC"))
        return _finish(document, view)
    topic = find_topic(view, query)
    if topic is None:
        document = Document.for_view(view, title=view.show.title, data={"upto": upto_data(view), "topic": None})
        document.missing = _not_found(
            _("no topic matches {query} at {position}"),
            _("no topic matches {query} at {position}; did you mean {suggestions}?"),
            query,
            view,
            [t.id for t in view.topics],
        )
        return _finish(document, view)
    document = Document.for_view(
        view,
        title=_("{show}: {topic} (up to {position})").format(
            show=view.show.title, topic=topic.title, position=view.scale.phrase(view.position)
        ),
        data={
            "upto": upto_data(view),
            "topic": {"id": topic.id, "title": topic.title, "facts": [_entry_data(f) for f in topic.facts]},
        },
    )
    for fact in topic.facts:
        _add_entry(document, fact.text, fact)
    return _finish(document, view)


def levels_page(view: View) -> Document:
    """The spoiler scale: every position, accepted spellings, titles only up to the view's position."""
    episodes = {e.position: e for e in view.episodes}
    titles = {e.position: e.title for e in view.episodes}
    positions = []
    document = Document.for_view(view, title=_("{show}: spoiler positions").format(show=view.show.title), data={})
    # TRANSLATORS: in the list of positions, points at the viewer's position.
    here = "  " + _("<- you are here")
    # TRANSLATORS: in the list of positions, beside an episode after the viewer's, whose title is not shown.
    title_hidden = " " + _("(title hidden)")
    for position in view.scale.positions:
        revealed = position <= view.position
        title = titles.get(position) if revealed else None
        label = view.label(position)
        marker = here if position == view.position else ""
        shown_title = f": {title}" if title else ("" if revealed or position.is_premise else title_hidden)
        document.add("item", f"{position.id:<8} {label}{shown_title}{marker}")
        episode = episodes.get(position) if revealed else None
        positions.append(
            {
                "id": position.id,
                "label": label,
                "title": title,
                "titles": episode.titles if episode else {},
                "runtime": episode.runtime if episode else None,
            }
        )
    depths = {name: target.id for name, target in view.depths.items()}
    # TRANSLATORS: a heading: names a pack gives to positions (such as "ending"), to use with --upto.
    document.add("subheading", _("Named depths"))
    for name, target in depths.items():
        document.add("item", f"{name} = {target}")
    # TRANSLATORS: a heading: the ways of writing a position on the command line.
    document.add("subheading", _("Spellings"))
    # TRANSLATORS: {spellings} lists examples such as premise, 3, e3, S01E03, to be kept as they are.
    accepts = _("--upto accepts any of: {spellings}, or a named depth.")
    document.add("text", accepts.format(spellings=", ".join(SPELLING_EXAMPLES)))
    document.data = {"upto": upto_data(view), "positions": positions, "depths": depths}
    return _finish(document, view)


def search_terms(query: str) -> list[str]:
    """The words of a query, folded (case and accents ignored), spaces normalised."""
    return fold(query).split()


def highlight(text: str, terms: list[str]) -> tuple[Span, ...] | None:
    """``text`` split into spans with every match of every term marked; None unless all terms occur."""
    folded, offsets = fold_with_offsets(text)
    if not terms or not all(term in folded for term in terms):
        return None
    marked = [False] * len(text)
    for term in terms:
        start = 0
        while (found := folded.find(term, start)) >= 0:
            for index in range(offsets[found], offsets[found + len(term) - 1] + 1):
                marked[index] = True
            start = found + 1
    spans: list[Span] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or marked[index] != marked[start]:
            spans.append(Span(text[start:index], match=marked[start]))
            start = index
    return tuple(spans)


class Searchable(NamedTuple):
    """One visible text, where it is shown, and the id of what it belongs to."""

    kind: str
    id: str
    where: str
    text: str
    sources: tuple[str, ...]


def _searchable(view: View) -> list[Searchable]:
    """Every visible text, in reading order."""
    texts: list[Searchable] = []
    for episode in view.episodes:
        for text in filter(None, (episode.title, episode.summary)):
            texts.append(Searchable("episode", episode.position.id, episode.label, text, ()))
    for item in view.recap:
        where = view.label(item.position)
        texts.append(Searchable("recap", item.id, where, item.text, item.sources))
        if item.note:
            texts.append(Searchable("recap", item.id, where, item.note, ()))
    for character in view.characters:
        # TRANSLATORS: a heading among search results: the character whose texts follow.
        where = _("Character: {name}").format(name=character.name)
        names = [(alias.text, alias.sources) for alias in (*character.aliases, *character.spellings)]
        for text, sources in [(character.name, character.sources), *names, (character.role, character.sources)]:
            texts.append(Searchable("character", character.id, where, text, sources))
        if character.actor:
            texts.append(Searchable("character", character.id, where, character.actor, character.sources))
        for fact in character.facts:
            texts.append(Searchable("character", character.id, where, fact.text, fact.sources))
            if fact.note:
                texts.append(Searchable("character", character.id, where, fact.note, ()))
    for topic in view.topics:
        # TRANSLATORS: a heading among search results: the background topic (its id) whose texts follow.
        where = _("Topic: {title}").format(title=topic.title)
        texts.append(Searchable("topic", topic.id, where, topic.title, ()))
        for fact in topic.facts:
            texts.append(Searchable("topic", topic.id, where, fact.text, fact.sources))
            if fact.note:
                texts.append(Searchable("topic", topic.id, where, fact.note, ()))
    return texts


def search_page(view: View, query: str) -> Document:
    """Every visible text holding all the words of ``query``; with none, the document says what is missing,
    whatever later episodes hold."""
    terms = search_terms(query)
    if not terms:
        raise BadUsage(_("give some text to search for"))
    shown_query = " ".join(query.split())
    document = Document.for_view(
        view,
        title=_("{show}: search for {query} up to {position}").format(
            show=view.show.title, query=repr(shown_query), position=view.scale.phrase(view.position)
        ),
        data={"upto": upto_data(view), "query": shown_query, "count": 0, "hits": []},
    )
    last_where = None
    for entry in _searchable(view):
        spans = highlight(entry.text, terms)
        if spans is None:
            continue
        if entry.where != last_where:
            document.add("subheading", entry.where)
            last_where = entry.where
        document.add("item", spans, entry.sources)
        matches = [span.text for span in spans if span.match]
        document.data["hits"].append(
            {"kind": entry.kind, "id": entry.id, "where": entry.where, "text": entry.text, "matches": matches}
        )
    count = document.data["count"] = len(document.data["hits"])
    if not count:
        message = _("no matches for {query} at {position}")
        document.missing = message.format(query=repr(shown_query), position=view.scale.phrase(view.position))
        return _finish(document, view)
    document.hints.append(ngettext("{count} match.", "{count} matches.", count).format(count=count))
    return _finish(document, view)


_ARTICLES = ("The ", "El ", "La ", "Los ", "Las ")


def _inside_sentence(name: str) -> str:
    """A name after a verb: its leading article in lower case (the Colonel, al Coronel once tidied)."""
    return name[0].lower() + name[1:] if name.startswith(_ARTICLES) else name


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
            line = f"{names[link.source]} {link.label} {_inside_sentence(names[link.target])}"
            document.add("item", tidy(line), link.sources)
    if not view.relationships:
        document.add("note", _("No relationships are known at this position yet."))
    document.graph = True
    return _finish(document, view)
