"""Search over what the view shows: the recap, characters and topics visible at its position."""

from __future__ import annotations

from typing import NamedTuple

from cell211cli.document import Document, Span, upto_data
from cell211cli.errors import BadUsage
from cell211cli.gate import View
from cell211cli.i18n import _, ngettext
from cell211cli.pages.common import (
    finish,
)
from cell211cli.text import fold, fold_with_offsets


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
        return finish(document, view)
    document.hints.append(ngettext("{count} match.", "{count} matches.", count).format(count=count))
    return finish(document, view)
