"""Checks across a validated pack that a schema cannot express: ids, citations, reveal order, leaks.

Runs after every ``at`` is resolved to an ordinal. Each finding is ``(location, message, severity, subject)``:
the message never quotes pack content (it may be shown to a viewer of a broken pack); ``subject`` names the
offending id or name for the author, and only ``cell211 validate`` prints it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from cell211cli.errors import Location
from cell211cli.i18n import N_, _
from cell211cli.pack.model import WITHHELD_ID, Alias, Fact, Pack
from cell211cli.pack.positions import Scale
from cell211cli.text import fold

Finding = tuple[Location, str, str, str | None]


def check_pack(pack: Pack, scale: Scale) -> list[Finding]:
    """Every cross-reference problem in ``pack``: errors first as found, warnings after."""
    findings = [
        *_duplicate_ids(pack),
        *_citations(pack, scale),
        *_citation_order(pack, scale),
        *_spoiling_sources(pack, scale),
        *_reveal_order(pack),
        *_runtime_range(pack),
        *names_before_reveal(_texts(pack, scale), _name_reveals(pack), scale),
    ]
    return sorted(findings, key=lambda finding: finding[2] != "error")


def _duplicates(values: list[str | int], location: Location, message: str) -> Iterator[Finding]:
    """``message`` (translated) at each value that repeats an earlier one."""
    counts = Counter(values)
    for index, value in enumerate(values):
        # Mutation testing: `>= 1` is equivalent (a value found earlier than ``index`` occurs twice anyway).
        if counts[value] > 1 and values.index(value) != index:  # pragma: no mutate
            yield (*location, index), message, "error", str(value)


def _duplicate_ids(pack: Pack) -> Iterator[Finding]:
    yield from _duplicates([s.id for s in pack.sources], ("sources",), _("duplicate source id"))
    yield from _duplicates([r.id for r in pack.recap], ("recap",), _("duplicate recap item id"))
    yield from _duplicates([c.id for c in pack.characters], ("characters",), _("duplicate character id"))
    yield from _duplicates([t.id for t in pack.topics], ("topics",), _("duplicate topic id"))
    yield from _duplicates([r.id for r in pack.relationships], ("relationships",), _("duplicate relationship id"))
    # Mutation testing: the two checks below are equivalent to none (the scale refuses a repeated season or
    # episode number first: seasons in increasing order, episodes numbered 1, 2, 3 ...); kept as a guard.
    # pragma: no mutate start
    yield from _duplicates([s.number for s in pack.show.seasons], ("show", "seasons"), _("duplicate season number"))
    for index, season in enumerate(pack.show.seasons):
        numbers: list[str | int] = [e.number for e in season.episodes]
        yield from _duplicates(numbers, ("show", "seasons", index, "episodes"), _("duplicate episode number"))
    # pragma: no mutate end


def _citations(pack: Pack, scale: Scale) -> Iterator[Finding]:
    if not pack.sources:
        # TRANSLATORS: `sources` and `sources_table` are keys of the pack format, written as they are.
        message = _("the pack defines no sources (give `sources` or a `sources_table`)")
        yield ("sources",), message, "error", None
    defined = {source.id for source in pack.sources}
    used: set[str] = set()
    for location, source_ids, _at in _citing(pack, scale):
        for index, source_id in enumerate(source_ids):
            used.add(source_id)
            if source_id not in defined:
                yield (
                    (*location, index),
                    _("cites a source that `sources` does not define"),
                    "error",
                    source_id,
                )
    for s, season in enumerate(pack.show.seasons):
        for e, episode in enumerate(season.episodes):
            if (episode.title or episode.summary) and not episode.sources:
                where: Location = ("show", "seasons", s, "episodes", e, "sources")
                yield where, _("an episode with a title or summary must cite its sources"), "error", None
    for index, source in enumerate(pack.sources):
        if source.id == WITHHELD_ID:
            message = _("the source id {id} is reserved").format(id=repr(WITHHELD_ID))
            yield ("sources", index, "id"), message, "error", source.id
        if source.id not in used:
            yield ("sources", index), _("this source is defined but never cited"), "warning", source.id


def _runtime_range(pack: Pack) -> Iterator[Finding]:
    runtime = pack.show.runtime
    if runtime is not None and runtime.min > runtime.max:
        # TRANSLATORS: min and max are keys of the pack format, written as they are.
        yield ("show", "runtime"), _("the runtime's min is over its max"), "error", None


def _citing(pack: Pack, scale: Scale) -> Iterator[tuple[Location, list[str], int]]:
    """Every list of citations with the position its text is shown from."""
    for s, season in enumerate(pack.show.seasons):
        for e, episode in enumerate(season.episodes):
            at = scale.by_season_episode[(season.number, episode.number)].ordinal
            yield ("show", "seasons", s, "episodes", e, "sources"), episode.sources, at
    if pack.show.runtime is not None:
        yield ("show", "runtime", "sources"), pack.show.runtime.sources, 0
    for r, item in enumerate(pack.recap):
        yield ("recap", r, "sources"), item.sources, item.at
    for c, character in enumerate(pack.characters):
        yield ("characters", c, "sources"), character.sources, character.at
        for a, alias in enumerate(character.aliases):
            yield ("characters", c, "aliases", a, "sources"), alias.sources, alias.at
        for f, fact in enumerate(character.facts):
            yield ("characters", c, "facts", f, "sources"), fact.sources, fact.at
    for t, topic in enumerate(pack.topics):
        for f, fact in enumerate(topic.facts):
            yield ("topics", t, "facts", f, "sources"), fact.sources, fact.at
    for r, link in enumerate(pack.relationships):
        yield ("relationships", r, "sources"), link.sources, link.at
        for n, change in enumerate(link.changes):
            yield ("relationships", r, "changes", n, "sources"), change.sources, change.at


def _citation_order(pack: Pack, scale: Scale) -> Iterator[Finding]:
    """A source is linked no earlier than everything that cites it (an error: its page may tell what the
    text citing it at a later position tells); a text shown before the one episode its source's page is
    about probably took its fact from that later episode (a warning)."""
    sources = {source.id: source for source in pack.sources}
    for location, source_ids, at in _citing(pack, scale):
        for index, source_id in enumerate(source_ids):
            source = sources.get(source_id)
            if source is None:
                continue
            if source.at < at:
                # TRANSLATORS: {position} and {source_at} are position ids such as S01E04.
                message = _(
                    "cites a source shown from {source_at}, before this text ({position}): a source is shown no "
                    "earlier than everything that cites it; set its at to {position} or later"
                )
                shown_from = scale.positions[source.at].id
                message = message.format(source_at=shown_from, position=scale.positions[at].id)
                yield (*location, index), message, "error", source_id
            elif source.covers is not None and source.covers > at:
                # TRANSLATORS: {position} is a position id such as S01E04.
                message = _("cites a page about {position}: was this fact taken from a later episode?")
                yield (
                    (*location, index),
                    message.format(position=scale.positions[source.covers].id),
                    "warning",
                    source_id,
                )


# Words that tell a reader a page is about the ending or a death, in the languages of the show's coverage
# (English, Spanish, Portuguese, Italian, French); matched as whole words after folding.
SPOILER_WORDS = frozenset(
    (
        *("ending", "endings", "finale", "explained", "explainer", "dies", "died", "dead", "death", "kill", "kills"),
        *("killed", "killing", "murdered"),
        *(
            "final",
            "explicado",
            "explicada",
            "explicacion",
            "muere",
            "murio",
            "muerto",
            "muerta",
            "muerte",
            "asesinado",
        ),
        *("morre", "morreu", "morto", "morta", "morte"),
        *("spiegazione", "spiegato", "spiegata", "muore", "ucciso"),
        *("fin", "explique", "expliquee", "meurt", "mort", "tue"),
    )
)


def _words(text: str) -> list[str]:
    """Folded words of a title or URL: ``…-did-tobias-buy-it`` → ``did``, ``tobias``, ``buy``, ``it``."""
    return re.findall(r"[^\W_]+", fold(text))


# One whole message per field, so that each can be translated as a sentence; {words} are words of the
# source, {position} the id of the last position (S02E13).
_SPOILING_FIELD = {
    # TRANSLATORS: {words} are words of the source's title; {position} is a position id such as S02E13.
    "title": N_(
        "the source's title holds a word that gives the ending away ({words}) "
        "but the source is revealed before {position}"
    ),
    # TRANSLATORS: {words} are words of the source's address; {position} is a position id such as S02E13.
    "url": N_(
        "the source's url holds a word that gives the ending away ({words}) "
        "but the source is revealed before {position}"
    ),
    # TRANSLATORS: {words} are words of the source's publisher; {position} is a position id such as S02E13.
    "publisher": N_(
        "the source's publisher holds a word that gives the ending away ({words}) "
        "but the source is revealed before {position}"
    ),
}


def _spoiling_sources(pack: Pack, scale: Scale) -> Iterator[Finding]:
    last = scale.last.ordinal
    for index, source in enumerate(pack.sources):
        if source.at >= last:
            continue
        for field_name in ("title", "url", "publisher"):
            # Mutation testing: any other text for a missing field is equivalent (it holds no spoiling word).
            text = getattr(source, field_name) or ""  # pragma: no mutate
            found = sorted({word for word in _words(text) if word in SPOILER_WORDS})
            if found:
                message = _(_SPOILING_FIELD[field_name]).format(words=", ".join(found), position=scale.last.id)
                yield ("sources", index, field_name), message, "warning", source.id


def _reveal_order(pack: Pack) -> Iterator[Finding]:
    early = {
        "alias": _("this alias is revealed before its character is introduced"),
        "fact": _("this fact is revealed before its character is introduced"),
    }
    for c, character in enumerate(pack.characters):
        gated: tuple[tuple[str, Sequence[Alias | Fact]], ...] = (
            ("alias", character.aliases),
            ("fact", character.facts),
        )
        for kind, entries in gated:
            for index, entry in enumerate(entries):
                if entry.at < character.at:
                    location: Location = ("characters", c, f"{kind}es" if kind == "alias" else "facts", index)
                    yield (
                        (*location, "at"),
                        early[kind],
                        "error",
                        None,
                    )
    for t, topic in enumerate(pack.topics):
        for f, fact in enumerate(topic.facts):
            if fact.at < topic.at:
                yield (
                    ("topics", t, "facts", f, "at"),
                    _("this fact is revealed before its topic is listed"),
                    "error",
                    None,
                )
    introduced = {character.id: character.at for character in pack.characters}
    for r, link in enumerate(pack.relationships):
        for end, character_id in enumerate(link.between):
            if character_id not in introduced:
                # TRANSLATORS: `characters` is a key of the pack format, written as it is.
                message = _("names a character or faction that `characters` does not define")
                yield ("relationships", r, "between", end), message, "error", character_id
            elif introduced[character_id] > link.at:
                message = _("this relationship is revealed before one of its characters is introduced")
                yield ("relationships", r, "at"), message, "error", character_id
        for n, change in enumerate(link.changes):
            if change.at <= link.at:
                message = _("a label change must come after the relationship is revealed")
                yield ("relationships", r, "changes", n, "at"), message, "error", None


def _readable_id(identifier: str) -> str:
    """Ids are shown too (JSON, completion, lookups), so they are checked like text: ``jose-luis`` → ``jose luis``."""
    return identifier.replace("-", " ").replace("_", " ")


def _texts(pack: Pack, scale: Scale) -> Iterator[tuple[Location, str, int]]:
    """Every string a command can print, ids and citations included, with the position it is shown from."""
    show = pack.show
    for name in ("title", "original_title", "network"):
        if text := getattr(show, name):
            yield ("show", name), text, 0
    for language, text in show.titles.items():
        yield ("show", "titles", language), text, 0
    if pack.updated:  # printed by --version at any position
        yield ("updated",), pack.updated, 0
    for name, shown in scale.depth_reveals.items():
        yield ("show", "depths", name), _readable_id(name), shown
    for s, season in enumerate(show.seasons):
        for e, episode in enumerate(season.episodes):
            at = scale.by_season_episode[(season.number, episode.number)].ordinal
            for name in ("title", "summary"):
                if text := getattr(episode, name):
                    yield ("show", "seasons", s, "episodes", e, name), text, at
            for language, text in episode.titles.items():
                yield ("show", "seasons", s, "episodes", e, "titles", language), text, at
    for index, source in enumerate(pack.sources):
        yield ("sources", index, "id"), _readable_id(source.id), source.at
        for name in ("title", "url", "publisher"):
            if text := getattr(source, name):
                yield ("sources", index, name), " ".join(_words(text)) if name == "url" else text, source.at
    for r, item in enumerate(pack.recap):
        yield ("recap", r, "id"), _readable_id(item.id), item.at
        yield from _with_note(("recap", r), item.text, item.note, item.at)
    for c, character in enumerate(pack.characters):
        at = character.at
        yield ("characters", c, "id"), _readable_id(character.id), at
        yield ("characters", c, "name"), character.name, at
        yield ("characters", c, "role"), character.role, at
        if character.actor:
            yield ("characters", c, "actor"), character.actor, at
        for a, alias in enumerate(character.aliases):
            yield ("characters", c, "aliases", a, "name"), alias.name, alias.at
        for f, fact in enumerate(character.facts):
            yield from _with_note(("characters", c, "facts", f), fact.text, fact.note, fact.at)
    for r, link in enumerate(pack.relationships):
        yield ("relationships", r, "id"), _readable_id(link.id), link.at
        yield ("relationships", r, "label"), link.label, link.at
        for n, change in enumerate(link.changes):
            yield ("relationships", r, "changes", n, "label"), change.label, change.at
    for t, topic in enumerate(pack.topics):
        yield ("topics", t, "id"), _readable_id(topic.id), topic.at
        yield ("topics", t, "title"), topic.title, topic.at
        for f, fact in enumerate(topic.facts):
            yield from _with_note(("topics", t, "facts", f), fact.text, fact.note, fact.at)


def _with_note(location: Location, text: str, note: str | None, at: int) -> Iterator[tuple[Location, str, int]]:
    yield (*location, "text"), text, at
    if note:
        yield (*location, "note"), note, at


def _name_reveals(pack: Pack) -> dict[str, int]:
    """Folded name or alias → the earliest position it is revealed. Only names with a letter count:
    a bare number (a character called "25") is too common in prose to check."""
    reveals: dict[str, int] = {}
    for character in pack.characters:
        entries = [(character.name, character.at)] + [(a.name, a.at) for a in character.aliases]
        for text, at in entries:
            folded = fold(text).strip()
            if any(ch.isalpha() for ch in folded):
                reveals[folded] = min(at, reveals.get(folded, at))
    return reveals


def translated_name_reveals(pack: Pack, localized: Pack) -> dict[str, int]:
    """The names of both languages: a translated text must not name, in either, what it may not yet."""
    reveals = _name_reveals(pack)
    for name, at in _name_reveals(localized).items():
        reveals[name] = min(at, reveals.get(name, at))
    return reveals


# Where a name can begin: at a point with no letter or digit just before it. Matched there: the word that
# begins (a name beginning there begins with that whole word), or the one other character.
_NAME_START = re.compile(r"(?<!\w)(?:\w+|\W)")
_WORD_CHARACTER = re.compile(r"\w")


def names_before_reveal(
    texts: Iterable[tuple[Location, str, int]], reveals: dict[str, int], scale: Scale
) -> Iterator[Finding]:
    """Each text that names a character or alias (from ``reveals``) before that name is revealed. At every
    point a name can begin, the longest name there not followed by a letter or digit counts, so names
    inside a longer name are found too ("Mr Green (Tobias)" names Tobias). Names are looked up by how they
    begin: one pattern of a thousand alternatives took most of a large pack's first run."""
    names_by_start: dict[str, list[str]] = {}
    longest_first = sorted(
        reveals,
        # Mutation testing: without `key=len` is equivalent: names that match at one place are prefixes of one
        # another, and reverse alphabetical order puts the longer of two such names first as well.
        key=len,  # pragma: no mutate
        reverse=True,
    )
    for name in longest_first:
        start = _NAME_START.match(name)
        if start is not None:
            names_by_start.setdefault(start[0], []).append(name)
    for location, text, at in texts:
        folded = fold(text)
        for start in _NAME_START.finditer(folded):
            if (candidates := names_by_start.get(start[0])) is None:
                continue
            begin = start.start()
            named = next(
                (
                    name
                    for name in candidates
                    if folded.startswith(name, begin) and not _WORD_CHARACTER.match(folded, begin + len(name))
                ),
                None,
            )
            if named is not None and reveals[named] > at:
                revealed = scale.positions[reveals[named]].id
                # TRANSLATORS: {position} is a position id such as S01E04.
                message = _("names a character or alias not revealed until {position}").format(position=revealed)
                yield location, message, "error", named
                break
