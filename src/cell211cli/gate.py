"""The gate: (Pack, Position) → View. The only code that reads unrevealed pack content.

A View holds only what is revealed at or before the position, already cleaned of control characters.
It may carry counts of what is hidden, never hidden text. Commands, search, completion, suggestions and
renderers all work on the View. Its records are NamedTuples: immutable, and cheap to define at start-up.
"""

from typing import NamedTuple

from cell211cli.i18n import N_, _
from cell211cli.pack.model import WITHHELD_ID, LoadedPack
from cell211cli.pack.positions import Position, Scale
from cell211cli.text import clean


class SourceView(NamedTuple):
    id: str
    title: str
    url: str | None
    publisher: str | None


# TRANSLATORS: listed among the sources in place of every source revealed after the viewer's position.
WITHHELD = SourceView(WITHHELD_ID, N_("A source not shown at your position"), None, None)
"""What a citation of a source revealed later prints instead of it: one shared entry, whatever the number
of such sources, so neither their titles, their addresses nor their count shows. Its title is marked for
translation here and translated by ``reveal``, in the language of the run."""


class EpisodeView(NamedTuple):
    """A section of the story: the premise (no title) or one finished episode."""

    position: Position
    label: str
    title: str | None
    summary: str | None
    runtime: int | None
    titles: dict[str, str]


class Entry(NamedTuple):
    """One revealed sentence with the position that revealed it, the sources it cites and an aside."""

    position: Position
    text: str
    sources: tuple[str, ...]
    note: str | None = None
    known_by: bool = False
    """The position is only the latest candidate: "Known by episode N", not "Episode N"."""


class RecapEntry(NamedTuple):
    """A revealed recap item: an ``Entry`` with the item's id."""

    position: Position
    text: str
    sources: tuple[str, ...]
    note: str | None
    id: str


class CharacterView(NamedTuple):
    id: str
    name: str
    introduced: Position
    role: str
    actor: str | None
    aliases: tuple[Entry, ...]
    spellings: tuple[Entry, ...]
    facts: tuple[Entry, ...]
    sources: tuple[str, ...]


class TopicView(NamedTuple):
    id: str
    title: str
    listed: Position
    facts: tuple[Entry, ...]


class RelationshipView(NamedTuple):
    """A revealed relationship between two revealed characters, with the label valid at the position."""

    id: str
    source: str
    """The id of the first character (``between[0]``), who stands to ``target`` as ``label`` says."""
    target: str
    kind: str
    label: str
    position: Position
    """Where the shown label was revealed."""
    sources: tuple[str, ...]


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
    relationships: tuple[RelationshipView, ...]
    sources: dict[str, SourceView]
    """Sources that visible text cites, in registry order, and ``WITHHELD`` when a citation is hidden."""
    depths: dict[str, Position]
    """Named depths whose names are revealed, in scale order."""
    hidden_episodes: int

    def label(self, position: Position) -> str:
        return self.scale.label(position)


def reveal(loaded: LoadedPack, position: Position) -> View:
    """Everything in ``loaded`` revealed at or before ``position``; nothing later, in text or hint."""
    pack, scale = loaded.pack, loaded.scale
    upto = position.ordinal
    at = scale.positions

    def shown(ordinal: int) -> bool:
        return ordinal <= upto

    revealed_sources = {s.id: s for s in pack.sources if shown(s.at)}

    citations: dict[tuple[str, ...], tuple[str, ...]] = {}  # most items of a long pack cite the same few lists

    def cites(source_ids: list[str]) -> tuple[str, ...]:
        """The cited ids, with every source not revealed yet folded into the one neutral ``WITHHELD``."""
        listed = tuple(source_ids)
        if (cited := citations.get(listed)) is None:
            cited = tuple(dict.fromkeys(clean(s) if s in revealed_sources else WITHHELD_ID for s in listed))
            citations[listed] = cited
        return cited

    def entry(ordinal: int, text: str, source_ids: list[str], note: str | None = None, known_by: bool = False) -> Entry:
        return Entry(at[ordinal], clean(text), cites(source_ids), clean(note) if note else None, known_by)

    episodes = [EpisodeView(at[0], scale.label(at[0]), None, None, None, {})]
    for season in pack.show.seasons:
        for episode in season.episodes:
            place = scale.by_season_episode[(season.number, episode.number)]
            if place.ordinal <= upto:
                title = clean(episode.title) if episode.title else None
                summary = clean(episode.summary) if episode.summary else None
                titles = {clean(language): clean(text) for language, text in episode.titles.items()}
                episodes.append(EpisodeView(place, scale.label(place), title, summary, episode.runtime, titles))

    recap = tuple(
        RecapEntry(
            at[item.at], clean(item.text), cites(item.sources), clean(item.note) if item.note else None, clean(item.id)
        )
        for item in pack.recap
        if shown(item.at)
    )
    characters = tuple(
        CharacterView(
            id=clean(c.id),
            name=clean(c.name),
            introduced=at[c.at],
            role=clean(c.role),
            actor=clean(c.actor) if c.actor else None,
            aliases=tuple(entry(a.at, a.name, a.sources) for a in c.aliases if shown(a.at) and a.kind == "alias"),
            spellings=tuple(entry(a.at, a.name, a.sources) for a in c.aliases if shown(a.at) and a.kind == "spelling"),
            facts=tuple(entry(f.at, f.text, f.sources, f.note, f.known_by) for f in c.facts if shown(f.at)),
            sources=cites(c.sources),
        )
        for c in pack.characters
        if shown(c.at)
    )
    topics = tuple(
        TopicView(
            id=clean(t.id),
            title=clean(t.title),
            listed=at[t.at],
            facts=tuple(entry(f.at, f.text, f.sources, f.note, f.known_by) for f in t.facts if shown(f.at)),
        )
        for t in pack.topics
        if shown(t.at)
    )
    visible_ids = {character.id for character in characters}
    relationships = []
    for link in pack.relationships:
        ends = [clean(character_id) for character_id in link.between]
        if not shown(link.at) or not all(end in visible_ids for end in ends):
            continue
        latest = max((change for change in link.changes if shown(change.at)), key=lambda c: c.at, default=None)
        label, ordinal, source_ids = (
            (latest.label, latest.at, latest.sources) if latest else (link.label, link.at, link.sources)
        )
        relationships.append(
            RelationshipView(clean(link.id), ends[0], ends[1], link.kind, clean(label), at[ordinal], cites(source_ids))
        )
    # Only sources that visible text cites, in registry order: every command numbers them the same way, and
    # the list is what a pack cut off after this position would give (no trace of what later text cites).
    cited = {source_id for entry in recap for source_id in entry.sources}
    for character in characters:
        cited.update(character.sources)
        for tiered in (*character.aliases, *character.spellings, *character.facts):
            cited.update(tiered.sources)
    cited.update(source_id for topic in topics for fact in topic.facts for source_id in fact.sources)
    cited.update(source_id for link in relationships for source_id in link.sources)
    sources = {
        clean(s.id): SourceView(
            clean(s.id), clean(s.title), clean(s.url) if s.url else None, clean(s.publisher) if s.publisher else None
        )
        for s in revealed_sources.values()
        if clean(s.id) in cited
    }
    if WITHHELD_ID in cited:
        sources[WITHHELD_ID] = WITHHELD._replace(title=_(WITHHELD.title))
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
        relationships=tuple(relationships),
        sources=sources,
        depths={name: at[scale.depths[name]] for name in scale.visible_depths(position)},
        hidden_episodes=scale.last.ordinal - upto,
    )
