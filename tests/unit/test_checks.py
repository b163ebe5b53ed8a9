"""The cross-checks of a pack: names before their reveal (as one regular expression over every name finds
them), and sources against what cites them (never shown earlier; ``covers``; ``known_by`` labels)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from cell211cli.errors import InvalidPack, Location, Problem
from cell211cli.pack.checks import names_before_reveal
from cell211cli.pack.loader import load_pack
from cell211cli.pack.model import WITHHELD_ID
from cell211cli.pack.positions import Scale
from cell211cli.pack.translation import digest
from cell211cli.text import fold
from tests.helpers import Invoke

SCALE = Scale.build([(1, 5)], {})
CHARACTERS = "ab éÉ'-_1(.)\u00adñ"
NAMES = (
    st.text(CHARACTERS, min_size=1, max_size=6)
    .map(lambda name: fold(name).strip())
    .filter(lambda name: any(character.isalpha() for character in name))
)


def by_one_pattern(
    texts: Iterable[tuple[Location, str, int]], reveals: dict[str, int]
) -> Iterator[tuple[Location, str | None]]:
    """The check as first written: a zero-width match at every point a name can begin, capturing the
    longest name there."""
    alternatives = "|".join(re.escape(name) for name in sorted(reveals, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?=({alternatives})(?!\w))")
    for location, text, at in texts:
        for match in pattern.finditer(fold(text)):
            if reveals[match[1]] > at:
                yield location, match[1]
                break


@st.composite
def names_and_texts(draw: st.DrawFn) -> tuple[dict[str, int], list[tuple[Location, str, int]]]:
    """Names with reveal positions, and texts made of those names (any case) and other bits of text."""
    reveals = draw(st.dictionaries(NAMES, st.integers(0, 5), min_size=1, max_size=6))
    piece = st.sampled_from(sorted(reveals)).map(lambda name: name.title()) | st.text(CHARACTERS, max_size=3)
    texts = draw(st.lists(st.tuples(st.lists(piece, max_size=6).map("".join), st.integers(0, 5)), max_size=6))
    return reveals, [((index,), text, at) for index, (text, at) in enumerate(texts)]


@given(names_and_texts())
def test_names_are_found_as_one_pattern_over_all_names_finds_them(
    case: tuple[dict[str, int], list[tuple[Location, str, int]]],
) -> None:
    reveals, texts = case
    found = [(location, subject) for location, _, _, subject in names_before_reveal(texts, reveals, SCALE)]
    assert found == list(by_one_pattern(texts, reveals))


def test_a_name_inside_a_longer_one_is_found() -> None:
    reveals = {"mr green": 1, "tobias": 4}
    found = list(names_before_reveal([(("x",), "Mr Green (Tobias) waits", 2)], reveals, SCALE))
    assert [subject for *_, subject in found] == ["tobias"]


# ── Sources and what cites them: small packs made for each rule ──


def rule_pack(tmp_path: Path, **changes: Any) -> Path:
    """A three-episode pack that obeys every rule; ``changes`` replace its top-level lists."""
    data: dict[str, Any] = {
        "format": 1,
        "id": "rules",
        "language": "en",
        "show": {
            "title": "Rule Show",
            "seasons": [{"number": 1, "episodes": [{"number": 1}, {"number": 2}, {"number": 3}]}],
        },
        "sources": [
            {"id": "intro", "title": "Intro page", "at": "premise", "url": "https://example.org/intro"},
            {"id": "recap-2", "title": "Recap of episode 2", "at": 2, "url": "https://example.org/recap-2"},
        ],
        "recap": [
            {"id": "p", "at": "premise", "text": "A story begins.", "sources": ["intro"]},
            {"id": "two", "at": 2, "text": "A storm comes.", "sources": ["recap-2"]},
        ],
        "characters": [
            {
                "id": "ana",
                "name": "Ana",
                "at": 1,
                "role": "A sailor.",
                "sources": ["recap-2"],
                "facts": [
                    {"at": 1, "text": "She owns a boat.", "sources": ["recap-2"]},
                    {"at": 2, "text": "She fears storms.", "sources": ["recap-2"], "known_by": True},
                ],
            }
        ],
        **changes,
    }
    (tmp_path / "pack.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return tmp_path


def errors_of(path: Path) -> list[Problem]:
    with pytest.raises(InvalidPack) as raised:
        load_pack(path)
    return [problem for problem in raised.value.problems if problem.severity == "error"]


def test_a_source_shown_before_a_text_citing_it_is_an_error_naming_the_source(tmp_path: Path) -> None:
    """The intro page is shown from the premise, and a text at episode 2 cites it: its link would lead a
    viewer at the premise to a page about episode 2."""
    recap = [
        {"id": "p", "at": "premise", "text": "A story begins.", "sources": ["intro"]},
        {"id": "two", "at": 2, "text": "A storm comes.", "sources": ["recap-2", "intro"]},
    ]
    [problem] = errors_of(rule_pack(tmp_path, recap=recap))
    assert (problem.path, problem.subject) == ("recap[1].sources[1]", "intro")
    assert problem.message == (
        "cites a source shown from premise, before this text (S01E02): a source is shown no earlier than "
        "everything that cites it; set its at to S01E02 or later"
    )


@pytest.mark.parametrize(
    ("where", "citing"),
    [
        ("a fact", {"characters": 0, "facts": 1}),
        ("a character", {"characters": 0}),
        ("an episode", {"episodes": 2}),
    ],
)
def test_every_kind_of_citation_is_held_to_the_rule(tmp_path: Path, where: str, citing: dict[str, int]) -> None:
    """Facts, characters and episodes cite like recap items: a source at episode 1 cited at 2 or 3 is refused."""
    path = rule_pack(tmp_path)
    data = yaml.safe_load((path / "pack.yaml").read_text(encoding="utf-8"))
    data["sources"].append({"id": "early", "title": "Early page", "at": 1})
    if "episodes" in citing:
        data["show"]["seasons"][0]["episodes"][citing["episodes"]]["sources"] = ["early"]
        expected = "show.seasons[0].episodes[2].sources[0]"
    else:
        character = data["characters"][citing["characters"]]
        owner = character["facts"][citing["facts"]] if "facts" in citing else character
        owner["at"] = 2
        owner["sources"] = ["early"]
        expected = "characters[0].facts[1].sources[0]" if "facts" in citing else "characters[0].sources[0]"
        if "facts" not in citing:
            character["facts"] = [f for f in character["facts"] if f["at"] >= 2]
    (path / "pack.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    problems = errors_of(path)
    assert [(p.path, p.subject) for p in problems] == [(expected, "early")], where
    assert "cites a source shown from S01E01, before this text" in problems[0].message


def test_a_source_shown_with_or_after_what_cites_it_is_fine(tmp_path: Path, invoke: Invoke) -> None:
    """The episode 2 recap is cited at episode 2 (the same position) and at episode 1 (the source comes
    later): no problem at all, and at episode 1 the citation prints the one neutral entry."""
    loaded = load_pack(rule_pack(tmp_path))
    assert loaded.warnings == ()
    out = invoke("characters", "--upto", "1", "--pack", str(tmp_path), "--format", "plain").stdout
    assert "A sailor. [2]" in out and "Sources\n  [2] A source not shown at your position\n" in out
    assert "Recap of episode 2" not in out and "recap-2" not in out
    out = invoke("characters", "--upto", "2", "--pack", str(tmp_path), "--format", "plain").stdout
    assert "[2] Recap of episode 2 <https://example.org/recap-2>" in out and "not shown" not in out


def test_a_text_shown_before_the_episode_its_source_covers_gets_a_warning(tmp_path: Path) -> None:
    """A page about episode 2 (``covers: S01E02``) cited by a fact at episode 1: a warning there only."""
    sources = [
        {"id": "intro", "title": "Intro page", "at": "premise", "url": "https://example.org/intro"},
        {"id": "recap-2", "title": "Recap of episode 2", "at": 2, "covers": "S01E02"},
    ]
    loaded = load_pack(rule_pack(tmp_path, sources=sources))
    warnings = [(w.path, w.subject, w.message) for w in loaded.warnings]
    message = "cites a page about S01E02: was this fact taken from a later episode?"
    assert warnings == [
        ("characters[0].sources[0]", "recap-2", message),
        ("characters[0].facts[0].sources[0]", "recap-2", message),
    ]
    sources[1]["covers"] = 1  # the page tells of episode 1 onwards: nothing cites it before that
    assert load_pack(rule_pack(tmp_path, sources=sources)).warnings == ()


def test_a_known_by_fact_is_labelled_known_by_its_episode(tmp_path: Path, invoke: Invoke) -> None:
    """``known_by: true``: "Known by episode 2" (never "Episode 2") in text, ``"known_by": true`` in JSON;
    any other fact keeps its plain "Episode N:" label and has no such key."""
    pack = rule_pack(tmp_path)
    out = invoke("characters", "--upto", "2", "--pack", str(pack), "--format", "plain").stdout
    assert "  - Episode 1: She owns a boat. [2]\n" in out
    assert "  - Known by episode 2: She fears storms. [2]\n" in out and "Episode 2" not in out
    data = json.loads(invoke("characters", "--upto", "2", "--pack", str(pack), "--format", "json").stdout)
    facts = data["characters"][0]["facts"]
    assert [(f["text"], f["at"], f.get("known_by")) for f in facts] == [
        ("She owns a boat.", "S01E01", None),
        ("She fears storms.", "S01E02", True),
    ]
    assert "known_by" not in facts[0]
    spanish = invoke("characters", "--upto", "2", "--pack", str(pack), "--lang", "es", "--format", "plain").stdout
    assert "Se sabe desde el episodio 2: She fears storms." in spanish
    assert "Episodio 1: She owns a boat." in spanish
    early = invoke("characters", "--upto", "1", "--pack", str(pack), "--format", "plain").stdout
    assert "Known by" not in early and "storms" not in early


def test_a_known_by_topic_fact_says_so_in_json(tmp_path: Path, invoke: Invoke) -> None:
    """Topic facts are entries like character facts: ``known_by`` reaches their JSON too."""
    topics = [
        {
            "id": "making",
            "title": "The making",
            "at": "premise",
            "facts": [
                {"at": "premise", "text": "It was shot at sea.", "sources": ["intro"]},
                {"at": 2, "text": "The storm was real.", "sources": ["recap-2"], "known_by": True},
            ],
        }
    ]
    pack = rule_pack(tmp_path, topics=topics)
    data = json.loads(invoke("facts", "making", "--upto", "2", "--pack", str(pack), "--format", "json").stdout)
    assert [f.get("known_by") for f in data["topic"]["facts"]] == [None, True]


# ── Names before their reveal, and the reveal order: one small pack per rule, so that a failure names it ──


def later_character_pack(tmp_path: Path, **changes: Any) -> Path:
    """The rule pack with Bruno, introduced at episode 3 (and his episode-3 page)."""
    path = rule_pack(tmp_path)
    data = yaml.safe_load((path / "pack.yaml").read_text(encoding="utf-8"))
    data["sources"].append({"id": "recap-3", "title": "Recap of episode 3", "at": 3})
    data["characters"].append({"id": "bruno", "name": "Bruno", "at": 3, "role": "A smuggler.", "sources": ["recap-3"]})
    for key, change in changes.items():
        change(data) if callable(change) else data.__setitem__(key, change)
    (path / "pack.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _relationship_change(data: dict[str, Any]) -> None:
    """Ana and Cleo (both from episode 1) are friends; at 2 they become "Bruno's rivals"."""
    data["characters"].append({"id": "cleo", "name": "Cleo", "at": 1, "role": "A cook.", "sources": ["recap-2"]})
    data["relationships"] = [
        {
            "id": "galley",
            "between": ["ana", "cleo"],
            "at": 1,
            "label": "friends",
            "sources": ["recap-2"],
            "changes": [{"at": 2, "label": "Bruno's rivals", "sources": ["recap-2"]}],
        }
    ]


def _recap_note(data: dict[str, Any]) -> None:
    data["recap"][1]["note"] = "Bruno is behind it."


def _translated_episode_title(data: dict[str, Any]) -> None:
    episode = data["show"]["seasons"][0]["episodes"][1]
    episode.update({"title": "The storm", "titles": {"es": "La tormenta de Bruno"}, "sources": ["recap-2"]})


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (_relationship_change, "relationships[0].changes[0].label"),
        (_recap_note, "recap[1].note"),
        (_translated_episode_title, "show.seasons[0].episodes[1].titles.es"),
    ],
    ids=["relationship-change-label", "recap-note", "translated-episode-title"],
)
def test_the_name_lint_reads_every_printed_string(tmp_path: Path, change: Any, where: str) -> None:
    """A label change, a note and a translated episode title are printed too: at episode 2 none may name
    Bruno, introduced at 3."""
    problems = errors_of(later_character_pack(tmp_path, edit=change))
    assert [(p.path, p.subject) for p in problems] == [(where, "bruno")]
    assert problems[0].message == "names a character or alias not revealed until S01E03"


def test_a_name_shared_by_two_entries_counts_from_its_earliest_reveal(tmp_path: Path) -> None:
    """Bruno's alias "Ana" (at 3) is also the name of Ana (at 1): a text at 2 naming Ana is valid."""

    def alias(data: dict[str, Any]) -> None:
        data["characters"][1]["aliases"] = [{"name": "Ana", "at": 3, "sources": ["recap-3"]}]
        data["recap"][1]["text"] = "Ana sails into the storm."

    assert load_pack(later_character_pack(tmp_path, edit=alias)).warnings == ()


@pytest.mark.parametrize(("fact_at", "refused"), [("premise", True), (1, False), (2, False)])
def test_a_topic_fact_is_revealed_no_earlier_than_its_topic(tmp_path: Path, fact_at: Any, refused: bool) -> None:
    """A topic listed from episode 1: a fact at the premise is refused, one at 1 (the same position) or later
    is fine."""
    topics = [
        {
            "id": "boats",
            "title": "Boats",
            "at": 1,
            "facts": [{"at": fact_at, "text": "Boats float.", "sources": ["boats"]}],
        }
    ]
    sources = [
        {"id": "intro", "title": "Intro page", "at": "premise", "url": "https://example.org/intro"},
        {"id": "recap-2", "title": "Recap of episode 2", "at": 2, "url": "https://example.org/recap-2"},
        {"id": "boats", "title": "Boats", "at": 3},
    ]
    path = rule_pack(tmp_path, topics=topics, sources=sources)
    if refused:
        [problem] = errors_of(path)
        assert (problem.path, problem.message) == (
            "topics[0].facts[0].at",
            "this fact is revealed before its topic is listed",
        )
    else:
        assert load_pack(path).warnings == ()


def test_a_spoiling_word_in_a_publisher_gets_a_warning(tmp_path: Path) -> None:
    """A source at the premise published by "Finale Weekly": its publisher is printed in citations."""
    sources = [
        {"id": "intro", "title": "Intro page", "at": "premise", "publisher": "Finale Weekly"},
        {"id": "recap-2", "title": "Recap of episode 2", "at": 2, "url": "https://example.org/recap-2"},
    ]
    warnings = load_pack(rule_pack(tmp_path, sources=sources)).warnings
    assert [(w.path, w.subject) for w in warnings] == [("sources[0].publisher", "intro")]
    assert warnings[0].message == (
        "the source's publisher holds a word that gives the ending away (finale) but the source is revealed "
        "before S01E03"
    )


def test_a_name_counts_from_its_earliest_reveal_in_either_language(tmp_path: Path) -> None:
    """Ana's alias "Skipper" (at 1) is "Capitana" in Spanish, where Bruno (at 3) is called "Skipper": a
    Spanish text at 2 naming Skipper is valid, for the name is revealed at 1 in the pack's language."""

    def alias(data: dict[str, Any]) -> None:
        data["characters"][0]["aliases"] = [{"name": "Skipper", "at": 1, "sources": ["recap-2"]}]
        data["translations"] = {"es": "es.yaml"}

    path = later_character_pack(tmp_path, edit=alias)
    texts = {
        "recap/two/text": {"of": digest("A storm comes."), "text": "Skipper navega hacia la tormenta."},
        "character/ana/alias/0": {"of": digest("Skipper"), "text": "Capitana"},
        "character/bruno/name": {"of": digest("Bruno"), "text": "Skipper"},
    }
    translation = {"format": 1, "language": "es", "texts": texts}
    (path / "es.yaml").write_text(yaml.safe_dump(translation, allow_unicode=True), encoding="utf-8")
    loaded = load_pack(path, "es")
    assert loaded.pack.recap[1].text == "Skipper navega hacia la tormenta."
    assert [w for w in loaded.warnings if "not revealed" in w.message] == []


def test_a_repeated_id_is_an_error_at_the_repeat(tmp_path: Path) -> None:
    """The second "intro" source is the error, located at it and naming the id."""
    sources = [
        {"id": "intro", "title": "Intro page", "at": "premise", "url": "https://example.org/intro"},
        {"id": "recap-2", "title": "Recap of episode 2", "at": 2, "url": "https://example.org/recap-2"},
        {"id": "intro", "title": "Intro again", "at": "premise"},
    ]
    problems = errors_of(rule_pack(tmp_path, sources=sources))
    assert [(p.path, p.subject, p.message) for p in problems] == [("sources[2]", "intro", "duplicate source id")]


def test_errors_are_listed_before_warnings_found_earlier(tmp_path: Path) -> None:
    """The publisher warning is found before the name lint's error, and listed after it."""

    def publisher_and_note(data: dict[str, Any]) -> None:
        data["sources"][0]["publisher"] = "Finale Weekly"
        _recap_note(data)

    with pytest.raises(InvalidPack) as raised:
        load_pack(later_character_pack(tmp_path, edit=publisher_and_note))
    found = [(p.severity, p.path) for p in raised.value.problems]
    assert found == [("error", "recap[1].note"), ("warning", "sources[0].publisher")]


def _cited(**fields: Any) -> dict[str, Any]:
    """An entry citing the episode-2 page (a new list each time: YAML would write a shared one as an alias)."""
    return {**fields, "sources": ["recap-2"]}


def _recap_twice() -> dict[str, Any]:
    first = {"id": "p", "at": "premise", "text": "A story begins.", "sources": ["intro"]}
    return {"recap": [first, _cited(id="two", at=2, text="A storm."), _cited(id="two", at=2, text="Rain.")]}


def _characters_twice() -> dict[str, Any]:
    return {"characters": [_cited(id="ana", name=name, at=1, role="A sailor.") for name in ("Ana", "Anna")]}


def _topics_twice() -> dict[str, Any]:
    topics = [{"id": "sea", "title": title, "at": 1, "facts": [_cited(at=1, text="It is cold.")]} for title in "AB"]
    return {"topics": topics}


def _relationships_twice() -> dict[str, Any]:
    characters = [_cited(id=name.lower(), name=name, at=1, role="A sailor.") for name in ("Ana", "Cleo")]
    relationships = [_cited(id="crew", between=["ana", "cleo"], at=1, label=label) for label in ("crew", "friends")]
    return {"characters": characters, "relationships": relationships}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (_recap_twice, ("recap[2]", "two", "duplicate recap item id")),
        (_characters_twice, ("characters[1]", "ana", "duplicate character id")),
        (_topics_twice, ("topics[1]", "sea", "duplicate topic id")),
        (_relationships_twice, ("relationships[1]", "crew", "duplicate relationship id")),
    ],
    ids=["recap", "characters", "topics", "relationships"],
)
def test_every_kind_of_repeated_id_is_an_error_at_the_repeat(
    tmp_path: Path, changes: Any, expected: tuple[str, str, str]
) -> None:
    problems = errors_of(rule_pack(tmp_path, **changes()))
    assert [(p.path, p.subject, p.message) for p in problems] == [expected]


def _episode_2(**fields: Any) -> dict[str, Any]:
    episodes = [{"number": 1}, {"number": 2, **fields}, {"number": 3}]
    return {"show": {"title": "Rule Show", "seasons": [{"number": 1, "episodes": episodes}]}}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"sources": [], "recap": [], "characters": []},
            ("sources", "the pack defines no sources (give `sources` or a `sources_table`)"),
        ),
        (
            _episode_2(title="The storm"),
            ("show.seasons[0].episodes[1].sources", "an episode with a title or summary must cite its sources"),
        ),
        (
            _episode_2(summary="Rain falls."),
            ("show.seasons[0].episodes[1].sources", "an episode with a title or summary must cite its sources"),
        ),
    ],
    ids=["no-sources", "episode-title", "episode-summary"],
)
def test_printed_text_needs_sources(tmp_path: Path, changes: dict[str, Any], expected: tuple[str, str]) -> None:
    """A pack with no sources at all, and an episode whose title or summary (either) cites none, are errors."""
    with pytest.raises(InvalidPack) as raised:
        load_pack(rule_pack(tmp_path, **changes))
    assert [(p.severity, p.path, p.message) for p in raised.value.problems] == [("error", *expected)]


def _with_source(**source: Any) -> dict[str, Any]:
    intro = {"id": "intro", "title": "Intro page", "at": "premise", "url": "https://example.org/intro"}
    recap_2 = {"id": "recap-2", "title": "Recap of episode 2", "at": 2, "url": "https://example.org/recap-2"}
    return {"sources": [intro, recap_2, {"title": "A page", "at": 1, **source}]}


def _runtime(low: int, high: int) -> dict[str, Any]:
    episodes = [{"number": 1}, {"number": 2}, {"number": 3}]
    runtime = {"min": low, "max": high, "sources": ["intro"]}
    return {"show": {"title": "Rule Show", "runtime": runtime, "seasons": [{"number": 1, "episodes": episodes}]}}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            _with_source(id=WITHHELD_ID),
            [
                ("error", "sources[2].id", "withheld", "the source id 'withheld' is reserved"),
                ("warning", "sources[2]", "withheld", "this source is defined but never cited"),
            ],
        ),
        (_with_source(id="spare"), [("warning", "sources[2]", "spare", "this source is defined but never cited")]),
        (_runtime(50, 40), [("error", "show.runtime", None, "the runtime's min is over its max")]),
        (_runtime(45, 45), []),
    ],
    ids=["reserved-id", "never-cited", "runtime-min-over-max", "runtime-min-equal-max"],
)
def test_sources_and_runtime_are_checked(tmp_path: Path, changes: dict[str, Any], expected: list[Any]) -> None:
    """The withheld entry's id is reserved, a source nothing cites gets a warning, a runtime's min may equal its
    max but not exceed it."""
    try:
        problems: tuple[Problem, ...] = load_pack(rule_pack(tmp_path, **changes)).warnings
    except InvalidPack as error:
        problems = tuple(error.problems)
    assert [(p.severity, p.path, p.subject, p.message) for p in problems] == expected


def _ghost_in_runtime(data: dict[str, Any]) -> None:
    data["show"]["runtime"] = {"min": 30, "max": 40, "sources": ["ghost"]}


def _ghost_in_alias(data: dict[str, Any]) -> None:
    data["characters"][0]["aliases"] = [{"name": "Skipper", "at": 2, "sources": ["ghost"]}]


def _ghost_in_relationship(data: dict[str, Any]) -> None:
    _relationship_change(data)
    data["relationships"][0]["changes"][0]["label"] = "rivals"
    data["relationships"][0]["sources"] = ["ghost"]


def _ghost_in_relationship_change(data: dict[str, Any]) -> None:
    _relationship_change(data)
    data["relationships"][0]["changes"][0].update(label="rivals", sources=["ghost"])


def _ghost_in_topic_fact(data: dict[str, Any]) -> None:
    data["topics"] = [
        {"id": "sea", "title": "The sea", "at": 1, "facts": [{"at": 2, "text": "Cold.", "sources": ["ghost"]}]}
    ]


@pytest.mark.parametrize(
    ("edit", "where"),
    [
        (_ghost_in_runtime, "show.runtime.sources[0]"),
        (_ghost_in_alias, "characters[0].aliases[0].sources[0]"),
        (_ghost_in_relationship, "relationships[0].sources[0]"),
        (_ghost_in_relationship_change, "relationships[0].changes[0].sources[0]"),
        (_ghost_in_topic_fact, "topics[0].facts[0].sources[0]"),
    ],
    ids=["runtime", "alias", "relationship", "relationship-change", "topic-fact"],
)
def test_every_list_of_citations_is_read(tmp_path: Path, edit: Any, where: str) -> None:
    """A source no one defined, cited from each kind of entry, is an error located at that citation."""
    problems = errors_of(later_character_pack(tmp_path, edit=edit))
    assert [(p.path, p.subject, p.message) for p in problems] == [
        (where, "ghost", "cites a source that `sources` does not define")
    ]


def _alias_before_character(data: dict[str, Any]) -> None:
    data["characters"][1]["aliases"] = [{"name": "Smuggler", "at": 2, "sources": ["recap-2"]}]


def _fact_before_character(data: dict[str, Any]) -> None:
    data["characters"][1]["facts"] = [{"at": 2, "text": "He hides.", "sources": ["recap-2"]}]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            _alias_before_character,
            ("characters[1].aliases[0].at", "this alias is revealed before its character is introduced"),
        ),
        (
            _fact_before_character,
            ("characters[1].facts[0].at", "this fact is revealed before its character is introduced"),
        ),
    ],
    ids=["alias", "fact"],
)
def test_an_alias_or_fact_is_revealed_no_earlier_than_its_character(
    tmp_path: Path, edit: Any, expected: tuple[str, str]
) -> None:
    """Bruno is introduced at 3: his alias or fact at 2 is an error at its ``at``."""
    problems = errors_of(later_character_pack(tmp_path, edit=edit))
    assert [(p.path, p.message) for p in problems] == [expected]


def test_an_undefined_source_does_not_stop_the_order_check_of_the_next_citation(tmp_path: Path) -> None:
    """A text at 2 citing "ghost" (undefined) then the intro page (shown from the premise): both errors."""
    recap = [
        {"id": "p", "at": "premise", "text": "A story begins.", "sources": ["intro"]},
        {"id": "two", "at": 2, "text": "A storm comes.", "sources": ["ghost", "intro", "recap-2"]},
    ]
    problems = errors_of(rule_pack(tmp_path, recap=recap))
    assert [(p.path, p.subject) for p in problems] == [
        ("recap[1].sources[0]", "ghost"),
        ("recap[1].sources[1]", "intro"),
    ]


def _relationship(between: list[str], at: int, changes: list[dict[str, Any]] | None = None) -> Any:
    def edit(data: dict[str, Any]) -> None:
        link = {"id": "link", "between": between, "at": at, "label": "knows", "sources": [f"recap-{at}"]}
        data["relationships"] = [{**link, "changes": changes or []}]

    return edit


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            _relationship(["ana", "ghost"], 2),
            ("relationships[0].between[1]", "ghost", "names a character or faction that `characters` does not define"),
        ),
        (
            _relationship(["ana", "bruno"], 2),
            (
                "relationships[0].at",
                "bruno",
                "this relationship is revealed before one of its characters is introduced",
            ),
        ),
        (
            _relationship(["ana", "bruno"], 3, [{"at": 3, "label": "trusts", "sources": ["recap-3"]}]),
            ("relationships[0].changes[0].at", None, "a label change must come after the relationship is revealed"),
        ),
    ],
    ids=["undefined-character", "before-a-character", "change-not-after"],
)
def test_a_relationship_names_defined_characters_after_they_are_introduced(
    tmp_path: Path, edit: Any, expected: tuple[str, str | None, str]
) -> None:
    problems = errors_of(later_character_pack(tmp_path, edit=edit))
    assert [(p.path, p.subject, p.message) for p in problems] == [expected]


@pytest.mark.parametrize("identifier", ["bruno-diaz-returns", "bruno_diaz_returns"])
def test_an_id_is_read_as_words_by_the_name_lint(tmp_path: Path, identifier: str) -> None:
    """Ids are printed too: at episode 2, a recap id spelling "Bruno Diaz" (introduced at 3) with hyphens or
    underscores between the words names him."""

    def edit(data: dict[str, Any]) -> None:
        data["characters"][1]["name"] = "Bruno Diaz"
        data["recap"][1]["id"] = identifier

    problems = errors_of(later_character_pack(tmp_path, edit=edit))
    assert [(p.path, p.subject) for p in problems] == [("recap[1].id", "bruno diaz")]


@pytest.mark.parametrize(
    ("field", "value", "where"),
    [
        ("original_title", "Ana's Boat", "show.original_title"),
        ("network", "Ana TV", "show.network"),
        ("titles", {"es": "El barco de Ana"}, "show.titles.es"),
        ("updated", "Ana edition", "updated"),
    ],
)
def test_what_names_the_show_is_shown_from_the_premise(tmp_path: Path, field: str, value: Any, where: str) -> None:
    """The show's titles, network and the pack's updated note are printed at the premise: naming Ana, introduced
    at episode 1, is an error."""
    path = rule_pack(tmp_path)
    data = yaml.safe_load((path / "pack.yaml").read_text(encoding="utf-8"))
    (data if field == "updated" else data["show"])[field] = value
    (path / "pack.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    problems = errors_of(path)
    assert [(p.path, p.subject, p.message) for p in problems] == [
        (where, "ana", "names a character or alias not revealed until S01E01")
    ]


def _cited_page(**fields: Any) -> Any:
    """A page at episode 2 that the episode-2 recap cites, with ``fields``."""

    def edit(data: dict[str, Any]) -> None:
        if fields.get("title") == "O'Brien returns":
            data["characters"][1]["name"] = "O'Brien"
        data["sources"].append({"id": "page", "title": "A page", "at": 2, **fields})
        data["recap"][1]["sources"].append(fields.get("id", "page"))

    return edit


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (_cited_page(id="bruno-page"), ("sources[3].id", "bruno")),
        (_cited_page(url="https://example.org/bruno_returns"), ("sources[3].url", "bruno")),
        (_cited_page(title="O'Brien returns"), ("sources[3].title", "o'brien")),
    ],
    ids=["id", "url-words", "title-as-written"],
)
def test_a_source_is_read_as_it_is_printed(tmp_path: Path, edit: Any, expected: tuple[str, str]) -> None:
    """At episode 2, a page naming the character introduced at 3: in its id, in its url (read as words, so
    ``bruno_returns`` names Bruno), or in its title (read as written, so "O'Brien" stays one name)."""
    problems = errors_of(later_character_pack(tmp_path, edit=edit))
    assert [(p.path, p.subject) for p in problems] == [expected]


def _character_id_naming_bruno(data: dict[str, Any]) -> None:
    data["characters"].append(
        {"id": "bruno-friend", "name": "Cleo", "at": 1, "role": "A cook.", "sources": ["recap-2"]}
    )


def _role_naming_bruno(data: dict[str, Any]) -> None:
    data["characters"][0]["role"] = "Bruno's sister."


@pytest.mark.parametrize(
    ("edit", "where"),
    [(_character_id_naming_bruno, "characters[2].id"), (_role_naming_bruno, "characters[0].role")],
    ids=["id", "role"],
)
def test_a_character_id_and_role_are_read_by_the_name_lint(tmp_path: Path, edit: Any, where: str) -> None:
    """Shown from episode 1, a character's id or role naming Bruno (introduced at 3) is an error there."""
    problems = errors_of(later_character_pack(tmp_path, edit=edit))
    assert [(p.path, p.subject) for p in problems] == [(where, "bruno")]


def _alias_naming_bruno(data: dict[str, Any]) -> None:
    data["characters"][0]["aliases"] = [{"name": "Junior (Bruno)", "at": 2, "sources": ["recap-2"]}]


def _character_fact_naming_bruno(data: dict[str, Any], note: bool = False) -> None:
    fact = {"at": 2, "text": "She fears the sea.", "sources": ["recap-2"]}
    fact.update(note="Bruno taught her to.") if note else fact.update(text="She fears Bruno.")
    data["characters"][0]["facts"] = [fact]


def _relationship_naming_bruno(data: dict[str, Any], field: str) -> None:
    _relationship_change(data)
    link = data["relationships"][0]
    del link["changes"]
    link[field] = "bruno-feud" if field == "id" else "Bruno's rivals"


def _topic_naming_bruno(data: dict[str, Any], field: str) -> None:
    fact = {"at": 2, "text": "It is cold.", "sources": ["recap-2"]}
    topic = {"id": "sea", "title": "The sea", "at": 1, "facts": [fact]}
    naming = {"id": "bruno-legend", "title": "The legend of Bruno", "text": "Bruno saw it.", "note": "Bruno says so."}
    (fact if field in ("text", "note") else topic)[field] = naming[field]
    data["topics"] = [topic]


@pytest.mark.parametrize(
    ("edit", "where"),
    [
        (_alias_naming_bruno, "characters[0].aliases[0].name"),
        (_character_fact_naming_bruno, "characters[0].facts[0].text"),
        (lambda data: _character_fact_naming_bruno(data, note=True), "characters[0].facts[0].note"),
        (lambda data: _relationship_naming_bruno(data, "id"), "relationships[0].id"),
        (lambda data: _relationship_naming_bruno(data, "label"), "relationships[0].label"),
        (lambda data: _topic_naming_bruno(data, "id"), "topics[0].id"),
        (lambda data: _topic_naming_bruno(data, "title"), "topics[0].title"),
        (lambda data: _topic_naming_bruno(data, "text"), "topics[0].facts[0].text"),
        (lambda data: _topic_naming_bruno(data, "note"), "topics[0].facts[0].note"),
    ],
    ids=[
        *("alias", "fact", "fact-note", "relationship-id", "relationship-label"),
        *("topic-id", "topic-title", "topic-fact", "topic-fact-note"),
    ],
)
def test_the_name_lint_says_where_each_early_name_is(tmp_path: Path, edit: Any, where: str) -> None:
    """Every kind of printed text shown before episode 3 that names Bruno is an error at its own place in
    the pack, so the author knows which line to change."""
    problems = errors_of(later_character_pack(tmp_path, edit=edit))
    assert [(p.path, p.subject) for p in problems] == [(where, "bruno")]
