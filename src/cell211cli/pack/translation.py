"""A pack's text in another language: every translatable string keyed, digested and swapped in.

A translation file maps keys such as ``recap/e1-riot/text`` or ``character/juan/fact/0/text`` to a text and
the digest of the pack text it translates. Localizing copies the pack and replaces each text whose
translation is current; every ``at`` stays the pack's own, so a translation can never move a gate. A text
with no current translation stays in the pack's language, marked ``[en]`` (names are left unmarked).
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterator
from typing import Any, NamedTuple

from cell211cli.i18n import _
from cell211cli.pack.model import Pack, Translation
from cell211cli.pack.positions import Scale

DIGEST_LENGTH = 10


class Slot(NamedTuple):
    """One translatable string of a pack: its key, its text, where it is revealed, and where it lives."""

    key: str
    text: str
    at: int
    prose: bool
    """False for names and aliases: a name without a translation is shown as it is, unmarked."""
    owner: Any
    field: str


def digest(text: str) -> str:
    """A short fingerprint of a pack text (spacing ignored), written as ``of`` beside its translation."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8", "surrogateescape")).hexdigest()[:DIGEST_LENGTH]


def slots(pack: Pack, scale: Scale) -> Iterator[Slot]:
    """Every translatable string, in pack order. Titles of episodes and of the show are names of works,
    taken from ``titles`` where the pack gives them, never translated here; ids, actors, URLs and
    publishers stay. A source's title is our description of the page, and is translated."""
    for season in pack.show.seasons:
        for episode in season.episodes:
            place = scale.by_season_episode[(season.number, episode.number)]
            if episode.summary:
                yield Slot(f"episode/{place.id}/summary", episode.summary, place.ordinal, True, episode, "summary")
    for item in pack.recap:
        yield from _text_and_note(f"recap/{item.id}", item, item.at)
    for character in pack.characters:
        key, at = f"character/{character.id}", character.at
        yield Slot(f"{key}/name", character.name, at, False, character, "name")
        yield Slot(f"{key}/role", character.role, at, True, character, "role")
        for index, alias in enumerate(character.aliases):
            yield Slot(f"{key}/alias/{index}", alias.name, alias.at, False, alias, "name")
        for index, fact in enumerate(character.facts):
            yield from _text_and_note(f"{key}/fact/{index}", fact, fact.at)
    for topic in pack.topics:
        key = f"topic/{topic.id}"
        yield Slot(f"{key}/title", topic.title, topic.at, True, topic, "title")
        for index, fact in enumerate(topic.facts):
            yield from _text_and_note(f"{key}/fact/{index}", fact, fact.at)
    for link in pack.relationships:
        key = f"relationship/{link.id}"
        yield Slot(f"{key}/label", link.label, link.at, True, link, "label")
        for index, change in enumerate(link.changes):
            yield Slot(f"{key}/change/{index}", change.label, change.at, True, change, "label")
    for source in pack.sources:
        # Our own description of a page ("TVmao, episode 1 recap (English)"); the page's own title, its
        # publisher and its address are the page's, and stay as they are.
        yield Slot(f"source/{source.id}/title", source.title, source.at, True, source, "title")


def _text_and_note(key: str, owner: Any, at: int) -> Iterator[Slot]:
    yield Slot(f"{key}/text", owner.text, at, True, owner, "text")
    if owner.note:
        yield Slot(f"{key}/note", owner.note, at, True, owner, "note")


Finding = tuple[str, str, str, str | None]
"""``(key, message, severity, subject)`` about one entry of a translation file."""


class Localized(NamedTuple):
    pack: Pack
    translated: list[Slot]
    """The slots of the localized pack whose text is now the translation."""
    untranslated: int
    findings: list[Finding]


def localize(pack: Pack, scale: Scale, translation: Translation) -> Localized:
    """A copy of ``pack`` in ``translation.language``: current translations swapped in, the rest marked."""
    localized = copy.deepcopy(pack)
    localized.language = translation.language
    show = localized.show
    show.title = show.titles.get(translation.language, show.title)
    for season in show.seasons:
        for episode in season.episodes:
            if episode.title and translation.language in episode.titles:
                episode.title = episode.titles[translation.language]
    marker = f"[{pack.language}] "
    findings: list[Finding] = []
    translated: list[Slot] = []
    untranslated = 0
    known: set[str] = set()
    for slot in slots(localized, scale):
        known.add(slot.key)
        entry = translation.texts.get(slot.key)
        expected = digest(slot.text)
        if entry is not None and entry.text is not None and entry.of == expected:
            setattr(slot.owner, slot.field, entry.text)
            translated.append(slot._replace(text=entry.text))
            continue
        untranslated += 1
        if slot.prose:
            setattr(slot.owner, slot.field, marker + slot.text)
        if entry is None or entry.text is None:
            message = _("no translation yet: the pack's text is shown instead, marked {marker}")
        else:
            message = _("translates an earlier version of the pack's text, which is shown instead, marked {marker}")
        findings.append((slot.key, message.format(marker=marker.strip()), "warning", f"of: {expected}"))
    for key in translation.texts:
        if key not in known:
            findings.append((key, _("translates no text of the pack (a renamed id?)"), "warning", key))
    return Localized(localized, translated, untranslated, findings)


def template(pack: Pack, scale: Scale, language: str, existing: Translation | None = None) -> str:
    """A translation file for ``language`` listing every key with its digest and the pack text as a comment;
    current translations from ``existing`` are kept, and the rest have ``text: null`` to fill in."""
    import json

    lines = [
        f"# Translation of the {pack.id} pack into {language}. Each entry translates the pack text quoted in the",
        "# comment above it, after the position that reveals it. `of` is that text's digest: keep it, and when the",
        "# pack text changes, validate reports the entry as stale. Leave `text: null` for what is still to do.",
        "format: 1",
        f"language: {language}",
        "texts:",
    ]
    for slot in slots(pack, scale):
        expected = digest(slot.text)
        current = existing.texts.get(slot.key) if existing else None
        kept = current.text if current is not None and current.of == expected else None
        lines.append(f"  # {scale.positions[slot.at].id}: {' '.join(slot.text.split())}")
        lines.append(f"  {slot.key}:")
        lines.append(f'    of: "{expected}"')
        lines.append(f"    text: {json.dumps(kept, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"
