"""The gate: (Pack, Position) → View. The only code that reads unrevealed pack content.

A View holds only what is revealed at or before the position, already cleaned of control characters.
It may carry counts of what is hidden, never hidden text. Commands, search, completion, suggestions and
renderers all work on the View. Its records are NamedTuples: immutable, and cheap to define at start-up.
"""

from __future__ import annotations

from typing import NamedTuple

from cell211cli.model import LoadedPack
from cell211cli.positions import Position, Scale
from cell211cli.text import clean


class SourceView(NamedTuple):
    id: str
    title: str
    url: str | None


class EpisodeView(NamedTuple):
    """A section of the story: the premise (no title) or one finished episode."""

    position: Position
    label: str
    title: str | None
    summary: str | None


class Entry(NamedTuple):
    """One revealed sentence with the position that revealed it and the sources it cites."""

    position: Position
    text: str
    sources: tuple[str, ...]


class RecapEntry(NamedTuple):
    """A revealed recap item: an ``Entry`` with the item's id."""

    position: Position
    text: str
    sources: tuple[str, ...]
    id: str


class CharacterView(NamedTuple):
    id: str
    name: str
    introduced: Position
    role: str
    actor: str | None
    aliases: tuple[Entry, ...]
    facts: tuple[Entry, ...]
    sources: tuple[str, ...]


class TopicView(NamedTuple):
    id: str
    title: str
    listed: Position
    facts: tuple[Entry, ...]


class ShowView(NamedTuple):
    title: str
    original_title: str | None
    year: int | None
    network: str | None
    language: str


class View(NamedTuple):
    """Everything a viewer at ``position`` may see, and nothing else."""

    show: ShowView
    position: Position
    position_label: str
    scale: Scale
    episodes: tuple[EpisodeView, ...]
    recap: tuple[RecapEntry, ...]
    characters: tuple[CharacterView, ...]
    topics: tuple[TopicView, ...]
    sources: dict[str, SourceView]
    hidden_episodes: int

    def label(self, position: Position) -> str:
        return self.scale.label(position)


def _entry(position: Position, text: str, sources: list[str]) -> Entry:
    return Entry(position, clean(text), tuple(sources))


def reveal(loaded: LoadedPack, position: Position) -> View:
    """Everything in ``loaded`` revealed at or before ``position``; nothing later, in text or hint."""
    pack, scale = loaded.pack, loaded.scale
    upto = position.ordinal
    at = scale.positions

    def shown(ordinal: int | str) -> bool:
        return int(ordinal) <= upto

    episodes = [EpisodeView(at[0], scale.label(at[0]), None, None)]
    for season in pack.show.seasons:
        for episode in season.episodes:
            place = scale.by_season_episode[(season.number, episode.number)]
            if place.ordinal <= upto:
                title = clean(episode.title) if episode.title else None
                summary = clean(episode.summary) if episode.summary else None
                episodes.append(EpisodeView(place, scale.label(place), title, summary))

    recap = tuple(
        RecapEntry(at[int(item.at)], clean(item.text), tuple(item.sources), clean(item.id))
        for item in pack.recap
        if shown(item.at)
    )
    characters = tuple(
        CharacterView(
            id=clean(c.id),
            name=clean(c.name),
            introduced=at[int(c.at)],
            role=clean(c.role),
            actor=clean(c.actor) if c.actor else None,
            aliases=tuple(_entry(at[int(a.at)], a.name, a.sources) for a in c.aliases if shown(a.at)),
            facts=tuple(_entry(at[int(f.at)], f.text, f.sources) for f in c.facts if shown(f.at)),
            sources=tuple(c.sources),
        )
        for c in pack.characters
        if shown(c.at)
    )
    topics = tuple(
        TopicView(
            id=clean(t.id),
            title=clean(t.title),
            listed=at[int(t.at)],
            facts=tuple(_entry(at[int(f.at)], f.text, f.sources) for f in t.facts if shown(f.at)),
        )
        for t in pack.topics
        if shown(t.at)
    )
    cited = {s for item in recap for s in item.sources}
    for character in characters:
        cited.update(character.sources)
        cited.update(s for entry in (*character.aliases, *character.facts) for s in entry.sources)
    cited.update(s for topic in topics for fact in topic.facts for s in fact.sources)
    sources = {
        s.id: SourceView(clean(s.id), clean(s.title), clean(s.url) if s.url else None)
        for s in pack.sources
        if s.id in cited
    }
    show = pack.show
    return View(
        show=ShowView(
            clean(show.title),
            clean(show.original_title) if show.original_title else None,
            show.year,
            clean(show.network) if show.network else None,
            pack.language,
        ),
        position=position,
        position_label=scale.label(position),
        scale=scale,
        episodes=tuple(episodes),
        recap=recap,
        characters=characters,
        topics=topics,
        sources=sources,
        hidden_episodes=scale.last.ordinal - upto,
    )
