"""What each command shows, built from a View only: pure functions, no printing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cell211cli.document import Document, Span, upto_data
from cell211cli.errors import BadUsage, NotFound
from cell211cli.gate import CharacterView, Entry, EpisodeView, RecapEntry, TopicView, View
from cell211cli.positions import SPELLING_EXAMPLES, Position
from cell211cli.text import fold, fold_with_offsets


def _entry_data(entry: Entry | RecapEntry) -> dict[str, Any]:
    return {"at": entry.position.id, "text": entry.text, "note": entry.note, "sources": list(entry.sources)}


def _add_entry(document: Document, text: str, entry: Entry | RecapEntry) -> None:
    """An item, then its aside (if any) as a quieter note."""
    document.add("item", text, entry.sources)
    if entry.note:
        document.add("note", entry.note)


def _hint_hidden_episodes(document: Document, view: View) -> None:
    if view.hidden_episodes:
        noun = "episode is" if view.hidden_episodes == 1 else "episodes are"
        document.hints.append(f"{view.hidden_episodes} later {noun} hidden. Use --upto to look further ahead.")


def _section_heading(episode: EpisodeView) -> str:
    return f"{episode.label}: {episode.title}" if episode.title else episode.label


def _finish(document: Document, view: View) -> Document:
    _hint_hidden_episodes(document, view)
    document.attach_sources(view)
    document.data["hidden_episodes"] = view.hidden_episodes
    document.data["sources"] = [
        {"id": s.id, "title": s.title, "url": s.url, "publisher": s.publisher} for s in document.sources
    ]
    return document


def recap_page(
    view: View, after: Position | None = None, episode: Position | None = None, brief: bool = False
) -> Document:
    """The story up to the view's position, grouped by episode; optionally one episode or a range."""
    if episode is not None and episode > view.position:
        raise BadUsage(
            f"{view.label(episode)} is after your position ({view.position_label}); "
            f"add --upto {episode.id} to look ahead on purpose"
        )
    if after is not None and after >= view.position:
        raise BadUsage(f"--from must be before your position ({view.position_label})")
    sections = [
        e for e in view.episodes if (episode is None or e.position == episode) and (after is None or e.position > after)
    ]
    document = Document(
        title=f"{view.show.title}: recap up to {view.position_label.lower()}",
        data={"upto": upto_data(view), "show": view.show.title, "episodes": []},
    )
    items_by_episode: dict[Position, list[Any]] = {}
    for item in view.recap:
        items_by_episode.setdefault(item.position, []).append(item)
    nothing_recorded = "Little is documented about this part: the pack has no recap of it."
    for section in sections:
        items = items_by_episode.get(section.position, [])
        document.add("subheading", _section_heading(section))
        if brief:
            line = section.summary or (items[0].text if items else None)
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
                "items": [{"id": i.id, **_entry_data(i)} for i in items],
            }
        )
    return _finish(document, view)


def _not_found(kind: str, query: str, view: View, candidates: Iterable[str]) -> NotFound:
    """The same message for a name that is hidden and a name that never existed."""
    import difflib

    message = f"no {kind} matches {query!r} at {view.position_label.lower()}"
    by_fold = {fold(c): c for c in candidates}
    close = difflib.get_close_matches(fold(query), list(by_fold), n=3, cutoff=0.6)
    if close:
        message += "; did you mean " + " or ".join(repr(by_fold[c]) for c in close) + "?"
    return NotFound(message)


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
        "sources": list(character.sources),
    }


def characters_page(view: View, query: str | None = None) -> Document:
    """Everyone introduced by the position, or those matching ``query``."""
    if query is None:
        characters = list(view.characters)
    else:
        characters = find_characters(view, query)
        if not characters:
            raise _not_found("character", query, view, character_names(view))
    document = Document(
        title=f"{view.show.title}: characters up to {view.position_label.lower()}",
        data={"upto": upto_data(view), "characters": [_character_data(c) for c in characters]},
    )
    for character in characters:
        aliases = ", ".join(a.text for a in character.aliases)
        document.add("subheading", f"{character.name} ({aliases})" if aliases else character.name)
        role = character.role + (f" Played by {character.actor}." if character.actor else "")
        if character.spellings:
            role += " Also spelled " + ", ".join(s.text for s in character.spellings) + "."
        document.add("text", role, character.sources)
        for fact in character.facts:
            _add_entry(document, f"{view.label(fact.position)}: {fact.text}", fact)
    if not characters:
        document.add("note", "Nobody has been introduced yet.")
    return _finish(document, view)


def find_topic(view: View, query: str) -> TopicView | None:
    wanted = fold(query.strip())
    for topic in view.topics:
        if wanted in (fold(topic.id), fold(topic.title)):
            return topic
    return None


def facts_page(view: View, query: str | None = None) -> Document:
    """The topics (without ``query``), or one topic's facts up to the position."""
    if query is None:
        document = Document(
            title=f"{view.show.title}: background topics up to {view.position_label.lower()}",
            data={
                "upto": upto_data(view),
                "topics": [{"id": t.id, "title": t.title, "facts": len(t.facts)} for t in view.topics],
            },
        )
        for topic in view.topics:
            count = len(topic.facts)
            document.add("item", f"{topic.id}: {topic.title} ({count} fact{'' if count == 1 else 's'})")
        document.hints.append("Show one with: cell211 facts TOPIC")
        return _finish(document, view)
    topic = find_topic(view, query)
    if topic is None:
        raise _not_found("topic", query, view, [t.id for t in view.topics])
    document = Document(
        title=f"{view.show.title}: {topic.title} (up to {view.position_label.lower()})",
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
    document = Document(title=f"{view.show.title}: spoiler positions", data={})
    for position in view.scale.positions:
        revealed = position <= view.position
        title = titles.get(position) if revealed else None
        label = view.label(position)
        marker = "  <- you are here" if position == view.position else ""
        shown_title = f": {title}" if title else ("" if revealed or position.is_premise else " (title hidden)")
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
    document.add("subheading", "Named depths")
    for name, target in depths.items():
        document.add("item", f"{name} = {target}")
    document.add("subheading", "Spellings")
    document.add("text", "--upto accepts any of: " + ", ".join(SPELLING_EXAMPLES) + ", or a named depth.")
    document.data = {"upto": upto_data(view), "positions": positions, "depths": depths}
    return _finish(document, view)


def highlight(text: str, query: str) -> tuple[Span, ...] | None:
    """``text`` split into spans with every case- and accent-insensitive match of ``query`` marked."""
    needle = fold(query)
    if not needle or needle not in fold(text):
        return None
    folded, offsets = fold_with_offsets(text)
    spans: list[Span] = []
    start = done = 0
    while (found := folded.find(needle, start)) >= 0:
        first, last = offsets[found], offsets[found + len(needle) - 1] + 1
        if first > done:
            spans.append(Span(text[done:first]))
        spans.append(Span(text[first:last], match=True))
        done, start = last, found + len(needle)
    if not spans:
        return None
    if done < len(text):
        spans.append(Span(text[done:]))
    return tuple(spans)


def _searchable(view: View) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """Every visible text as ``(kind, where, text, sources)``, in reading order."""
    texts: list[tuple[str, str, str, tuple[str, ...]]] = []
    for episode in view.episodes:
        for text in filter(None, (episode.title, episode.summary)):
            texts.append(("episode", episode.label, text, ()))
    for item in view.recap:
        texts.append(("recap", view.label(item.position), item.text, item.sources))
        if item.note:
            texts.append(("recap", view.label(item.position), item.note, ()))
    for character in view.characters:
        where = f"Character: {character.name}"
        texts.append(("character", where, character.name, character.sources))
        names = (*character.aliases, *character.spellings)
        texts += [("character", where, alias.text, alias.sources) for alias in names]
        texts.append(("character", where, character.role, character.sources))
        if character.actor:
            texts.append(("character", where, character.actor, character.sources))
        for fact in character.facts:
            texts.append(("character", where, fact.text, fact.sources))
            if fact.note:
                texts.append(("character", where, fact.note, ()))
    for topic in view.topics:
        where = f"Topic: {topic.id}"
        texts.append(("topic", where, topic.title, ()))
        for fact in topic.facts:
            texts.append(("topic", where, fact.text, fact.sources))
            if fact.note:
                texts.append(("topic", where, fact.note, ()))
    return texts


def search_page(view: View, query: str) -> Document:
    """Every visible text matching ``query``; no match is NotFound, whatever later episodes hold."""
    if not fold(query).strip():
        raise BadUsage("give some text to search for")
    document = Document(
        title=f"{view.show.title}: search for {query!r} up to {view.position_label.lower()}",
        data={"upto": upto_data(view), "query": query, "hits": []},
    )
    last_where = None
    for kind, where, text, sources in _searchable(view):
        spans = highlight(text, query)
        if spans is None:
            continue
        if where != last_where:
            document.add("subheading", where)
            last_where = where
        document.add("item", spans, sources)
        matches = [span.text for span in spans if span.match]
        document.data["hits"].append({"kind": kind, "where": where, "text": text, "matches": matches})
    if not document.data["hits"]:
        raise NotFound(f"no matches for {query!r} at {view.position_label.lower()}")
    return _finish(document, view)
