"""Search over what the view shows: the recap, characters and topics visible at its position."""

from __future__ import annotations

from typing import NamedTuple

from cell211cli.document import Document, Span, upto_data
from cell211cli.errors import BadUsage
from cell211cli.gate import View
from cell211cli.i18n import _, ngettext
from cell211cli.pack.positions import Position
from cell211cli.pages.common import (
    finish,
)
from cell211cli.text import fold, fold_with_offsets


def search_terms(query: str) -> list[str]:
    """The words of a query, folded (case and accents ignored), spaces normalised."""
    return fold(query).split()


def _found(folded: str, term: str, whole_words: bool) -> list[int]:
    """Where ``term`` starts in ``folded``; with ``whole_words``, only where no letter or digit touches it
    (``dea`` finds the DEA, not "dead")."""
    starts = []
    start = 0
    while (found := folded.find(term, start)) >= 0:
        end = found + len(term)
        touching = (found > 0 and folded[found - 1].isalnum()) or (end < len(folded) and folded[end].isalnum())
        if not (whole_words and touching):
            starts.append(found)
        start = found + 1
    return starts


def highlight(text: str, terms: list[str], whole_words: bool = True) -> tuple[Span, ...] | None:
    """``text`` split into spans with every match of every term marked; None unless all terms occur (as
    whole words unless ``whole_words`` is False)."""
    folded, offsets = fold_with_offsets(text)
    found = {term: _found(folded, term, whole_words) for term in terms}
    if not terms or not all(found.values()):
        return None
    marked = [False] * len(text)
    for term, starts in found.items():
        for start in starts:
            for index in range(offsets[start], offsets[start + len(term) - 1] + 1):
                marked[index] = True
    spans: list[Span] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or marked[index] != marked[start]:
            spans.append(Span(text[start:index], match=marked[start]))
            start = index
    return tuple(spans)


class Searchable(NamedTuple):
    """One visible text, where it is shown, the id of what it belongs to and the position revealing it."""

    kind: str
    id: str
    where: str
    text: str
    sources: tuple[str, ...]
    at: Position


def _searchable(view: View) -> list[Searchable]:
    """Every visible text, in reading order: each episode's title, summary and recap together, in story
    order, then characters, then topics."""
    story: dict[Position, list[Searchable]] = {}
    for episode in view.episodes:
        for text in filter(None, (episode.title, episode.summary)):
            where = episode.label
            story.setdefault(episode.position, []).append(
                Searchable("episode", episode.position.id, where, text, (), episode.position)
            )
    for item in view.recap:
        where = view.label(item.position)
        entries = story.setdefault(item.position, [])
        entries.append(Searchable("recap", item.id, where, item.text, item.sources, item.position))
        if item.note:
            entries.append(Searchable("recap", item.id, where, item.note, (), item.position))
    texts = [entry for position in sorted(story) for entry in story[position]]
    for character in view.characters:
        # TRANSLATORS: a heading among search results: the character whose texts follow.
        where = _("Character: {name}").format(name=character.name)
        introduced = character.introduced
        names = [(alias.text, alias.sources, alias.position) for alias in (*character.aliases, *character.spellings)]
        for text, sources, at in [
            (character.name, character.sources, introduced),
            *names,
            (character.role, character.sources, introduced),
        ]:
            texts.append(Searchable("character", character.id, where, text, sources, at))
        if character.actor:
            texts.append(Searchable("character", character.id, where, character.actor, character.sources, introduced))
        for fact in character.facts:
            texts.append(Searchable("character", character.id, where, fact.text, fact.sources, fact.position))
            if fact.note:
                texts.append(Searchable("character", character.id, where, fact.note, (), fact.position))
    for topic in view.topics:
        # TRANSLATORS: a heading among search results: the background topic (its id) whose texts follow.
        where = _("Topic: {title}").format(title=topic.title)
        texts.append(Searchable("topic", topic.id, where, topic.title, (), topic.listed))
        for fact in topic.facts:
            texts.append(Searchable("topic", topic.id, where, fact.text, fact.sources, fact.position))
            if fact.note:
                texts.append(Searchable("topic", topic.id, where, fact.note, (), fact.position))
    return texts


def search_page(view: View, query: str, whole_words: bool = True) -> Document:
    """Every visible text holding all the words of ``query`` (as whole words unless ``whole_words`` is
    False); with none, the document says what is missing, whatever later episodes hold."""
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
        spans = highlight(entry.text, terms, whole_words)
        if spans is None:
            continue
        if entry.where != last_where:
            document.add("subheading", entry.where)
            last_where = entry.where
        document.add("item", spans, entry.sources)
        matches = [span.text for span in spans if span.match]
        document.data["hits"].append(
            {
                "kind": entry.kind,
                "id": entry.id,
                "at": entry.at.id,
                "where": entry.where,
                "text": entry.text,
                "matches": matches,
            }
        )
    count = document.data["count"] = len(document.data["hits"])
    if not count:
        message = _("no matches for {query} at {position}")
        document.missing = message.format(query=repr(shown_query), position=view.scale.phrase(view.position))
        return finish(document, view)
    document.hints.append(ngettext("{count} match.", "{count} matches.", count).format(count=count))
    return finish(document, view)
