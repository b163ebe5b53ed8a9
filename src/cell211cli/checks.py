"""Checks across a validated pack that a schema cannot express: ids, citations, reveal order, leaks.

Runs after every ``at`` is resolved to an ordinal. Each finding is ``(location, message, severity, subject)``:
the message never quotes pack content (it may be shown to a viewer of a broken pack); ``subject`` names the
offending id or name for the author, and only ``cell211 validate`` prints it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from cell211cli.errors import Location
from cell211cli.model import Pack
from cell211cli.positions import Scale
from cell211cli.text import fold

Finding = tuple[Location, str, str, str | None]


def check_pack(pack: Pack, scale: Scale) -> list[Finding]:
    """Every cross-reference problem in ``pack``: errors first as found, warnings after."""
    findings = [
        *_duplicate_ids(pack),
        *_citations(pack),
        *_reveal_order(pack),
        *_names_before_reveal(pack, scale),
    ]
    return sorted(findings, key=lambda finding: finding[2] != "error")


def _duplicates(values: list[str | int], location: Location, what: str) -> Iterator[Finding]:
    counts = Counter(values)
    for index, value in enumerate(values):
        if counts[value] > 1 and values.index(value) != index:
            yield (*location, index), f"duplicate {what}", "error", str(value)


def _duplicate_ids(pack: Pack) -> Iterator[Finding]:
    yield from _duplicates([s.id for s in pack.sources], ("sources",), "source id")
    yield from _duplicates([r.id for r in pack.recap], ("recap",), "recap item id")
    yield from _duplicates([c.id for c in pack.characters], ("characters",), "character id")
    yield from _duplicates([t.id for t in pack.topics], ("topics",), "topic id")
    yield from _duplicates([s.number for s in pack.show.seasons], ("show", "seasons"), "season number")
    for index, season in enumerate(pack.show.seasons):
        numbers: list[str | int] = [e.number for e in season.episodes]
        yield from _duplicates(numbers, ("show", "seasons", index, "episodes"), "episode number")


def _cited(pack: Pack) -> Iterator[tuple[Location, list[str]]]:
    for s, season in enumerate(pack.show.seasons):
        for e, episode in enumerate(season.episodes):
            yield ("show", "seasons", s, "episodes", e, "sources"), episode.sources
    for r, item in enumerate(pack.recap):
        yield ("recap", r, "sources"), item.sources
    for c, character in enumerate(pack.characters):
        yield ("characters", c, "sources"), character.sources
        for a, alias in enumerate(character.aliases):
            yield ("characters", c, "aliases", a, "sources"), alias.sources
        for f, fact in enumerate(character.facts):
            yield ("characters", c, "facts", f, "sources"), fact.sources
    for t, topic in enumerate(pack.topics):
        for f, fact in enumerate(topic.facts):
            yield ("topics", t, "facts", f, "sources"), fact.sources


def _citations(pack: Pack) -> Iterator[Finding]:
    if not pack.sources:
        yield ("sources",), "the pack defines no sources (give `sources` or a `sources_table`)", "error", None
    defined = {source.id for source in pack.sources}
    used: set[str] = set()
    for location, source_ids in _cited(pack):
        for index, source_id in enumerate(source_ids):
            used.add(source_id)
            if source_id not in defined:
                yield (
                    (*location, index),
                    "cites a source that `sources` does not define",
                    "error",
                    source_id,
                )
    for s, season in enumerate(pack.show.seasons):
        for e, episode in enumerate(season.episodes):
            if (episode.title or episode.summary) and not episode.sources:
                location: Location = ("show", "seasons", s, "episodes", e, "sources")
                yield location, "an episode with a title or summary must cite its sources", "error", None
    for index, source in enumerate(pack.sources):
        if source.id not in used:
            yield ("sources", index), "this source is defined but never cited", "warning", source.id


def _reveal_order(pack: Pack) -> Iterator[Finding]:
    for c, character in enumerate(pack.characters):
        for kind, entries in (("alias", character.aliases), ("fact", character.facts)):
            for index, entry in enumerate(entries):
                if entry.at < character.at:
                    location: Location = ("characters", c, f"{kind}es" if kind == "alias" else "facts", index)
                    yield (
                        (*location, "at"),
                        f"this {kind} is revealed before its character is introduced",
                        "error",
                        None,
                    )
    for t, topic in enumerate(pack.topics):
        for f, fact in enumerate(topic.facts):
            if fact.at < topic.at:
                yield (
                    ("topics", t, "facts", f, "at"),
                    "this fact is revealed before its topic is listed",
                    "error",
                    None,
                )


def _readable_id(identifier: str) -> str:
    """Ids are shown too (JSON, completion, lookups), so they are checked like text: ``jose-luis`` → ``jose luis``."""
    return identifier.replace("-", " ").replace("_", " ")


def _texts(pack: Pack, scale: Scale) -> Iterator[tuple[Location, str, int]]:
    """Every piece of text, ids included, with the position it is shown from."""
    for s, season in enumerate(pack.show.seasons):
        for e, episode in enumerate(season.episodes):
            at = scale.by_season_episode[(season.number, episode.number)].ordinal
            for name in ("title", "summary"):
                if text := getattr(episode, name):
                    yield ("show", "seasons", s, "episodes", e, name), text, at
    for r, item in enumerate(pack.recap):
        yield ("recap", r, "id"), _readable_id(item.id), int(item.at)
        yield ("recap", r, "text"), item.text, int(item.at)
    for c, character in enumerate(pack.characters):
        yield ("characters", c, "id"), _readable_id(character.id), int(character.at)
        yield ("characters", c, "role"), character.role, int(character.at)
        for f, fact in enumerate(character.facts):
            yield ("characters", c, "facts", f, "text"), fact.text, int(fact.at)
    for t, topic in enumerate(pack.topics):
        yield ("topics", t, "id"), _readable_id(topic.id), int(topic.at)
        yield ("topics", t, "title"), topic.title, int(topic.at)
        for f, fact in enumerate(topic.facts):
            yield ("topics", t, "facts", f, "text"), fact.text, int(fact.at)


def _name_reveals(pack: Pack) -> dict[str, int]:
    """Folded name or alias → the earliest position it is revealed. Only names with a letter count:
    a bare number (a character called "25") is too common in prose to check."""
    reveals: dict[str, int] = {}
    for character in pack.characters:
        entries = [(character.name, int(character.at))] + [(a.name, int(a.at)) for a in character.aliases]
        for text, at in entries:
            folded = fold(text).strip()
            if any(ch.isalpha() for ch in folded):
                reveals[folded] = min(at, reveals.get(folded, at))
    return reveals


def _names_before_reveal(pack: Pack, scale: Scale) -> Iterator[Finding]:
    reveals = _name_reveals(pack)
    if not reveals:
        return
    alternatives = "|".join(re.escape(name) for name in sorted(reveals, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
    for location, text, at in _texts(pack, scale):
        for match in pattern.finditer(fold(text)):
            if reveals[match[0]] > at:
                revealed = scale.positions[reveals[match[0]]].id
                yield location, f"names a character or alias not revealed until {revealed}", "error", match[0]
