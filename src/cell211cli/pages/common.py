"""Pieces every page uses: items with their notes, the footer of hidden episodes, the sources, and the
same answer for a name that is hidden and one that never existed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cell211cli.document import Document
from cell211cli.gate import Entry, EpisodeView, RecapEntry, View
from cell211cli.i18n import _, ngettext
from cell211cli.pack.positions import Position
from cell211cli.text import fold


def entry_data(entry: Entry | RecapEntry) -> dict[str, Any]:
    data: dict[str, Any] = {"at": entry.position.id, "text": entry.text, "note": entry.note}
    data["source_ids"] = list(entry.sources)
    if isinstance(entry, Entry) and entry.known_by:
        data["known_by"] = True
    return data


def fact_label(view: View, fact: Entry) -> str:
    """``Episode 3``; ``Known by episode 6`` for a fact gated at its latest candidate episode."""
    if fact.known_by:
        # TRANSLATORS: before a fact whose episode no source gives; {position} is "episode 6" (in a sentence).
        return _("Known by {position}").format(position=view.scale.phrase(fact.position))
    return view.label(fact.position)


def add_entry(document: Document, text: str, entry: Entry | RecapEntry) -> None:
    """An item, then its aside (if any) as a quieter note."""
    document.add("item", text, entry.sources)
    if entry.note:
        document.add("note", entry.note)


def hint_hidden_episodes(document: Document, view: View) -> None:
    if count := view.hidden_episodes:
        hint = ngettext(
            "{count} later episode is hidden. Use --upto to look further ahead.",
            "{count} later episodes are hidden. Use --upto to look further ahead.",
            count,
        )
        document.hints.append(hint.format(count=count))


def section_heading(episode: EpisodeView) -> str:
    return f"{episode.label}: {episode.title}" if episode.title else episode.label


def finish(document: Document, view: View) -> Document:
    hint_hidden_episodes(document, view)
    document.attach_sources(view)
    document.data["hidden_episodes"] = view.hidden_episodes
    document.data["sources"] = [
        {"number": n, "id": s.id, "title": s.title, "url": s.url, "publisher": s.publisher} for n, s in document.sources
    ]
    return document


def either(choices: list[str]) -> str:
    """``'a' or 'b' or 'c'``: alternatives offered to the user, in the language in use."""
    joined = choices[0]
    for choice in choices[1:]:
        # TRANSLATORS: joins suggested names: 'a' or 'b'; for a third, {choices} is "'a' or 'b'" and {choice} 'c'.
        joined = _("{choices} or {choice}").format(choices=joined, choice=choice)
    return joined


def not_found(message: str, suggesting: str, query: str, view: View, candidates: Iterable[str]) -> str:
    """The same message for a name that is hidden and a name that never existed: ``message`` (translated),
    or ``suggesting`` when close names are visible; both take ``{query}``, ``{position}`` and
    ``suggesting`` takes ``{suggestions}``."""
    import difflib

    by_fold = {fold(c): c for c in candidates}
    close = difflib.get_close_matches(fold(query), list(by_fold), n=3, cutoff=0.6)
    position = view.scale.phrase(view.position)
    if close:
        suggestions = either([repr(by_fold[c]) for c in close])
        return suggesting.format(query=repr(query), position=position, suggestions=suggestions)
    return message.format(query=repr(query), position=position)


def recap_by_episode(view: View) -> dict[Position, list[RecapEntry]]:
    """The view's recap items, grouped by the episode that reveals them."""
    grouped: dict[Position, list[RecapEntry]] = {}
    for item in view.recap:
        grouped.setdefault(item.position, []).append(item)
    return grouped


def add_episode(document: Document, section: EpisodeView, items: list[RecapEntry], in_full: bool) -> None:
    """One episode of a recap: its heading, then every item (``in_full``) or one line (its summary, else its
    first item); "little is documented" when the pack has nothing. Its JSON goes in ``data["episodes"]``."""
    nothing_recorded = _("Little is documented about this part: the pack has no recap of it.")
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
    episode_data: dict[str, Any] = {
        "id": section.position.id,
        "label": section.label,
        "title": section.title,
        "summary": section.summary,
        "line": line,
        "items": [],
    }
    document.data["episodes"].append(episode_data)
    if in_full:
        document.later(episode_data, "items", lambda: [{"id": i.id, **entry_data(i)} for i in items])
