"""The recap pack as typed data: what a pack author writes, field by field.

These are plain dataclasses so that the CLI can use a cached pack without importing the validation
stack: the constrained aliases the annotations name (``NonEmptyText`` ...) are defined only when
``pack_adapter()`` builds the pydantic validator, which ``loader`` uses to validate YAML and
``cell211 schema`` uses to derive the JSON Schema.

Every ``at`` field names the position that reveals the text beside it. An author writes any accepted
spelling (``premise``, ``3``, ``S01E03``, a named depth); the loader resolves each to its ordinal (0 = the
premise) before validation, so in the model every position is an ``int``. Authors' spellings belong to the
JSON Schema only (``Ordinal`` below).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from cell211cli.errors import Problem
from cell211cli.pack.positions import Scale

WITHHELD_ID = "withheld"
"""The id a citation of a source not yet revealed prints; no source may use it."""

if TYPE_CHECKING:
    from annotated_types import Ge, Len, MinLen
    from pydantic import TypeAdapter

    NonEmptyText = Annotated[str, MinLen(1)]
    Identifier = Annotated[str, MinLen(1)]
    SourceIds = Annotated[list[Identifier], MinLen(1)]
    PositiveInt = Annotated[int, Ge(1)]
    LanguageTag = Annotated[str, Len(2, 35)]
    IdentifierPair = Annotated[list[Identifier], Len(2, 2)]
    Ordinal = int
    Depths = dict[Identifier, "Depth"]

_STRICT: Any = {"extra": "forbid"}


@dataclass(slots=True, eq=False, repr=False)
class Source:
    """Where a fact comes from; cited by id from every item.

    A citation prints the title, URL and publisher, which can give away as much as any sentence ("ending
    explained", a slug naming the twist), so a source has its own ``at``: before it, a citation of it
    prints only a neutral placeholder.
    """

    __pydantic_config__ = _STRICT
    id: Identifier
    title: NonEmptyText
    at: Ordinal
    url: NonEmptyText | None = None
    publisher: NonEmptyText | None = None
    covers: Ordinal | None = None
    """The earliest episode the page tells of, for a page about one episode: an episode recap's own episode
    (``S01E04``), or the one before when the recap opens on how that one ended. Left out for a page about
    the series, the true story or the production. ``validate`` warns when a text citing it is shown before
    it: its fact may have been read off a later episode's page."""


@dataclass(slots=True, eq=False, repr=False)
class Episode:
    """One episode; its title and summary are revealed when the episode is finished."""

    __pydantic_config__ = _STRICT
    number: PositiveInt
    title: NonEmptyText | None = None
    summary: NonEmptyText | None = None
    sources: list[Identifier] = field(default_factory=list)
    runtime: PositiveInt | None = None
    """Approximate running time in minutes."""
    titles: dict[LanguageTag, NonEmptyText] = field(default_factory=dict)
    """The title as Netflix shows it, per language tag (``en``, ``es`` ...); revealed with the episode."""


@dataclass(slots=True, eq=False, repr=False)
class Season:
    """A numbered season and its episodes, in order."""

    __pydantic_config__ = _STRICT
    number: PositiveInt
    episodes: Annotated[list[Episode], MinLen(1)]


@dataclass(slots=True, eq=False, repr=False)
class Depth:
    """A named depth written in full: the position it stands for and the position that reveals its name."""

    __pydantic_config__ = _STRICT
    position: Ordinal
    at: Ordinal


@dataclass(slots=True, eq=False, repr=False)
class Runtime:
    """How long the show's episodes run, in minutes, as its sources give it: ``{min: 33, max: 45, sources: [...]}``."""

    __pydantic_config__ = _STRICT
    min: PositiveInt
    max: PositiveInt
    sources: SourceIds


@dataclass(slots=True, eq=False, repr=False)
class Show:
    """Public metadata: nothing here is gated except episode titles and summaries."""

    __pydantic_config__ = _STRICT
    title: NonEmptyText
    seasons: Annotated[list[Season], MinLen(1)]
    original_title: NonEmptyText | None = None
    year: int | None = None
    network: NonEmptyText | None = None
    depths: Depths = field(default_factory=dict)
    """Named depths: an author writes ``name: position`` (the name is revealed at that position) or
    ``{position, at}``; the loader gives every one in full."""
    titles: dict[LanguageTag, NonEmptyText] = field(default_factory=dict)
    """The show's title per language as the streaming service lists it, for reading viewing histories."""
    longest_runtime: PositiveInt | None = None
    """Minutes of the longest episode: an imported viewing of an episode without its own ``runtime`` counts
    as finished only this close to that length."""
    runtime: Runtime | None = None
    """The range of the episodes' lengths, for reading viewing histories (an episode's own ``runtime`` wins)."""


@dataclass(slots=True, eq=False, repr=False)
class RecapItem:
    """One step of the story, shown from the position ``at`` on."""

    __pydantic_config__ = _STRICT
    id: Identifier
    at: Ordinal
    text: NonEmptyText
    sources: SourceIds
    note: NonEmptyText | None = None
    """An aside shown after the text in a quieter style (source disputes, spellings); left out by --brief."""


@dataclass(slots=True, eq=False, repr=False)
class Fact:
    """A sentence about a character or a topic, revealed at ``at``."""

    __pydantic_config__ = _STRICT
    at: Ordinal
    text: NonEmptyText
    sources: SourceIds
    note: NonEmptyText | None = None
    known_by: bool = False
    """True when no source says in which episode the fact comes out, and ``at`` is only the latest
    candidate: it is labelled "Known by episode N", never "Episode N"."""


@dataclass(slots=True, eq=False, repr=False)
class Alias:
    """Another name for a character; an alias can itself be the reveal, so it has its own ``at``."""

    __pydantic_config__ = _STRICT
    name: NonEmptyText
    at: Ordinal
    sources: SourceIds
    kind: Literal["alias", "spelling"] = "alias"
    """``spelling``: the same name as sources spell it differently (Olvera, Olivera), not another name."""


@dataclass(slots=True, eq=False, repr=False)
class Character:
    """A person or faction, introduced at ``at`` with a role that is safe from then on."""

    __pydantic_config__ = _STRICT
    id: Identifier
    name: NonEmptyText
    at: Ordinal
    role: NonEmptyText
    sources: SourceIds
    actor: NonEmptyText | None = None
    aliases: list[Alias] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)


@dataclass(slots=True, eq=False, repr=False)
class Topic:
    """A background topic (``true-story``, ``novel`` ...), listed from ``at`` on."""

    __pydantic_config__ = _STRICT
    id: Identifier
    title: NonEmptyText
    at: Ordinal
    facts: list[Fact] = field(default_factory=list)


@dataclass(slots=True, eq=False, repr=False)
class LabelChange:
    """A relationship's label from a later position on (the informant is revealed later)."""

    __pydantic_config__ = _STRICT
    at: Ordinal
    label: NonEmptyText
    sources: SourceIds


@dataclass(slots=True, eq=False, repr=False)
class Relationship:
    """Two characters (or factions) and how the first stands to the second: ``between: [ana, tomas]``,
    ``label: wins the trust of``. ``kind: member`` puts the first inside the second (a faction) on the map.
    Shown only once it and both ends are revealed."""

    __pydantic_config__ = _STRICT
    id: Identifier
    between: IdentifierPair
    at: Ordinal
    label: NonEmptyText
    sources: SourceIds
    kind: Literal["relation", "member"] = "relation"
    changes: list[LabelChange] = field(default_factory=list)


@dataclass(slots=True, eq=False, repr=False)
class Pack:
    """A whole recap pack: the only object that holds unrevealed text. Only ``gate`` reads it."""

    __pydantic_config__ = _STRICT
    format: PositiveInt
    id: Identifier
    language: LanguageTag
    show: Show
    sources: list[Source] = field(default_factory=list)
    sources_table: NonEmptyText | None = None
    """Optional CSV file beside the pack (columns id,title,url,at and optionally publisher), added to ``sources``."""
    recap: list[RecapItem] = field(default_factory=list)
    characters: list[Character] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    updated: NonEmptyText | None = None
    """The date the pack's content was last revised (``"2026-12-01"``), shown by ``--version``."""
    translations: dict[LanguageTag, NonEmptyText] = field(default_factory=dict)
    """Translations of the pack's text: ``{es: es.yaml}``, files inside the pack's folder (see ``Translation``)."""


@dataclass(slots=True, eq=False, repr=False)
class TranslatedText:
    """One text in another language, with the digest of the pack text it translates (``of``): when the pack
    text changes, the digest no longer matches, and the translation is stale until it is revised."""

    __pydantic_config__ = _STRICT
    of: NonEmptyText
    text: NonEmptyText | None = None
    """None (or left out) while the text is still to be translated."""


@dataclass(slots=True, eq=False, repr=False)
class Translation:
    """A translation file: texts keyed as ``recap/ID/text``, ``character/ID/role`` ... (``cell211
    translation-template LANG`` lists every key). It carries no ``at``: each text is revealed exactly where
    the pack text it translates is, so the gates live in the pack alone."""

    __pydantic_config__ = _STRICT
    format: PositiveInt
    language: LanguageTag
    texts: dict[NonEmptyText, TranslatedText] = field(default_factory=dict)


@dataclass(eq=False, repr=False)
class LoadedPack:
    """A validated pack with every ``at`` resolved, its scale, and any warnings found on the way."""

    pack: Pack
    scale: Scale
    path: Path
    warnings: tuple[Problem, ...] = ()
    files: tuple[Path, ...] = ()
    """Every file the pack was read from (the YAML, any sources table and translation): the store's key."""
    untranslated: int = 0
    """How many texts of a translated pack are shown in the pack's own language (missing or stale)."""


@functools.cache
def pack_adapter() -> TypeAdapter[Pack]:
    """The pydantic validator for ``Pack`` (built once per process)."""
    from annotated_types import Ge, Len, MinLen
    from pydantic import TypeAdapter, WithJsonSchema

    spelling = {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "minLength": 1}]}
    # The field annotations are strings naming these aliases; pydantic resolves them in this module.
    globals().update(
        NonEmptyText=Annotated[str, MinLen(1)],
        Identifier=Annotated[str, MinLen(1)],
        SourceIds=Annotated[list[Annotated[str, MinLen(1)]], MinLen(1)],
        PositiveInt=Annotated[int, Ge(1)],
        LanguageTag=Annotated[str, Len(2, 35)],
        IdentifierPair=Annotated[list[Annotated[str, MinLen(1)]], Len(2, 2)],
        # An author writes any spelling; the loader has replaced each with its ordinal before validation.
        Ordinal=Annotated[int, WithJsonSchema(spelling)],
        Depths=Annotated[dict[Annotated[str, MinLen(1)], Depth], WithJsonSchema(_depths_schema(spelling))],
    )
    return TypeAdapter(Pack)


def _depths_schema(spelling: dict[str, Any]) -> dict[str, Any]:
    """What an author may write under ``depths``: ``name: position`` or ``name: {position, at}``."""
    full = {
        "type": "object",
        "properties": {"position": spelling, "at": spelling},
        "required": ["position", "at"],
        "additionalProperties": False,
    }
    return {"type": "object", "additionalProperties": {"anyOf": [spelling, full]}}


def scale_of(pack: Pack) -> Scale:
    """The pack's scale: its episodes in order and its named depths (resolved by the loader)."""
    sizes = [(season.number, len(season.episodes)) for season in pack.show.seasons]
    return Scale.build(sizes, {name: (depth.position, depth.at) for name, depth in pack.show.depths.items()})


@functools.cache
def translation_adapter() -> TypeAdapter[Translation]:
    """The pydantic validator for ``Translation``."""
    from pydantic import TypeAdapter

    pack_adapter()  # defines the constrained aliases
    return TypeAdapter(Translation)
