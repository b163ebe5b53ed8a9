"""The gate, one rule per example: the twins of the no-leak properties (tests/behaviour/test_no_leak.py), so
that a broken rule fails a test that names it, not only a property's shrunk counterexample."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from cell211cli.gate import View, reveal
from cell211cli.pack.loader import load_pack
from cell211cli.pack.model import WITHHELD_ID

PACK: dict[str, Any] = {
    "format": 1,
    "id": "gate",
    "language": "en",
    "show": {
        "title": "Gate Show",
        "original_title": "La Puerta\x1b",
        "year": 2009,
        "network": "Channel\x07 Nine",
        "depths": {"twist": {"position": 2, "at": 1}, "finale": "ending"},
        "seasons": [
            {
                "number": 1,
                "episodes": [
                    {"number": 1, "title": "Departure", "sources": ["e1"]},
                    {
                        "number": 2,
                        "title": "Squall",
                        "titles": {"es": "Chu\x1bbasco"},
                        "summary": "Rain.\x07",
                        "runtime": 42,
                        "sources": ["e2"],
                    },
                    {"number": 3, "title": "Landfall", "sources": ["e3"]},
                ],
            }
        ],
    },
    "sources": [
        {"id": "p", "title": "Premise page", "at": "premise"},
        {"id": "e1", "title": "Page one", "at": 1},
        {"id": "e2", "title": "Page two", "at": 2},
        {"id": "e3", "title": "Page three", "at": 3, "url": "https://example.org/three", "publisher": "Three Weekly"},
        {"id": "spare", "title": "Spare page", "at": "premise"},
        {"id": "log", "title": "Ship's log", "at": 3},
    ],
    "recap": [
        {"id": "r0", "at": "premise", "text": "A ship is ready.", "sources": ["p"]},
        {"id": "r1", "at": 1, "text": "The ship sails.", "sources": ["e1", "e3"], "note": "At dawn."},
        {"id": "r2", "at": 2, "text": "A squall hits.", "sources": ["e2"]},
    ],
    "characters": [
        {
            "id": "ana",
            "name": "Ana",
            "at": 1,
            "role": "The mate.",
            "sources": ["e1"],
            "aliases": [
                {"name": "Captain", "at": 2, "sources": ["e2"]},
                {"name": "Anya", "at": 3, "sources": ["e3"], "kind": "spelling"},
            ],
            "facts": [{"at": 2, "text": "She steers.", "sources": ["e2"], "note": "Badly\x1b[31m."}],
        },
        {"id": "cleo", "name": "Cleo", "at": 1, "role": "The cook.", "sources": ["e1"]},
        {"id": "bruno", "name": "Bruno", "at": 2, "role": "A stowaway.", "sources": ["e2"]},
    ],
    "topics": [
        {
            "id": "weather",
            "title": "The weather",
            "at": 2,
            "facts": [
                {"at": 2, "text": "Squalls come in spring.", "sources": ["e2"], "note": "Mostly."},
                {"at": 3, "text": "The squall was forecast.", "sources": ["e3"]},
            ],
        }
    ],
    "relationships": [
        {
            "id": "ana-cleo",
            "between": ["ana", "cleo"],
            "at": 1,
            "label": "strangers to",
            "sources": ["e1"],
            "changes": [
                {"at": 2, "label": "crewmates of", "sources": ["e2"]},
                {"at": 3, "label": "rivals of", "sources": ["e3"]},
            ],
        },
        {"id": "ana-bruno", "between": ["ana", "bruno"], "at": 3, "label": "hides", "sources": ["log"]},
    ],
}


@pytest.fixture(scope="module")
def views(tmp_path_factory: pytest.TempPathFactory) -> list[View]:
    """The pack's View at the premise and after each of its three episodes."""
    folder: Path = tmp_path_factory.mktemp("gate")
    (folder / "pack.yaml").write_text(yaml.safe_dump(PACK, sort_keys=False), encoding="utf-8")
    loaded = load_pack(folder)
    return [reveal(loaded, position) for position in loaded.scale.positions]


def test_a_source_revealed_later_is_cited_as_the_one_withheld_entry(views: list[View]) -> None:
    """At 1 and 2 the recap item cites page three (revealed at 3) as the neutral entry: no id, title, url or
    publisher of it; at 3 the page itself."""
    for upto in (1, 2):
        assert views[upto].recap[1].sources == ("e1", WITHHELD_ID)
        assert "e3" not in views[upto].sources and WITHHELD_ID in views[upto].sources
        assert "Page three" not in repr(views[upto]) and "Three Weekly" not in repr(views[upto])
    assert views[3].recap[1].sources == ("e1", "e3") and WITHHELD_ID not in views[3].sources
    assert views[3].sources["e3"].publisher == "Three Weekly"


def test_only_sources_that_visible_text_cites_are_listed(views: list[View]) -> None:
    """A revealed source that nothing visible cites (``spare``) is never listed, nor one only later text
    cites."""
    assert list(views[0].sources) == ["p"]
    assert list(views[1].sources) == ["p", "e1", WITHHELD_ID]
    assert all("spare" not in view.sources for view in views)


def test_aliases_and_later_spellings_are_gated_each_at_its_own_position(views: list[View]) -> None:
    """Ana's alias (at 2) and her later spelling (at 3) show from their own positions, and apart."""
    names = [([a.text for a in c.aliases], [s.text for s in c.spellings]) for c in views[1].characters[:1]]
    assert names == [([], [])]
    ana = views[2].characters[0]
    assert [a.text for a in ana.aliases] == ["Captain"] and ana.spellings == ()
    ana = views[3].characters[0]
    assert [a.text for a in ana.aliases] == ["Captain"] and [s.text for s in ana.spellings] == ["Anya"]
    assert not any(name.known_by for name in (*ana.aliases, *ana.spellings))  # never "Known by episode N"


def test_characters_and_facts_show_from_their_positions(views: list[View]) -> None:
    """Bruno is introduced at 2, Ana's fact is revealed at 2: neither shows at 1."""
    assert [c.id for c in views[1].characters] == ["ana", "cleo"] and views[1].characters[0].facts == ()
    assert [c.id for c in views[2].characters] == ["ana", "cleo", "bruno"]
    assert [f.text for f in views[2].characters[0].facts] == ["She steers."]


def test_a_topic_and_its_facts_show_from_their_positions(views: list[View]) -> None:
    """The weather topic is listed from 2 with its first fact; its second fact from 3."""
    assert views[1].topics == ()
    assert [[f.text for f in t.facts] for t in views[2].topics] == [["Squalls come in spring."]]
    assert [len(t.facts) for t in views[3].topics] == [2]


def test_a_relationship_shows_the_latest_label_revealed_at_the_position(views: list[View]) -> None:
    """Ana and Cleo: "strangers to" at 1, "crewmates of" at 2, "rivals of" at 3 (the latest revealed, not the
    first listed); Ana and Bruno (both introduced by 2) from 3, not before, with the source only it cites."""
    shown = [[(r.id, r.label, r.position.ordinal, r.sources) for r in view.relationships] for view in views]
    assert shown[0] == []
    assert shown[1] == [("ana-cleo", "strangers to", 1, ("e1",))]
    assert shown[2] == [("ana-cleo", "crewmates of", 2, ("e2",))]
    assert shown[3] == [("ana-cleo", "rivals of", 3, ("e3",)), ("ana-bruno", "hides", 3, ("log",))]
    assert "log" in views[3].sources and all("log" not in view.sources for view in views[:3])


def test_depth_names_show_from_their_reveal(views: list[View]) -> None:
    """``twist`` (episode 2) is revealed at 1; ``finale`` (the ending) at the ending: neither name earlier."""
    assert [list(view.depths) for view in views] == [
        ["premise", "ending"],
        ["premise", "twist", "ending"],
        ["premise", "twist", "ending"],
        ["premise", "twist", "ending", "finale"],
    ]


def test_episodes_show_up_to_the_position_and_hidden_ones_only_as_a_count(views: list[View]) -> None:
    """At 1: the premise and episode 1 (its title); two episodes hidden, with no title of theirs."""
    assert [(e.position.ordinal, e.title) for e in views[1].episodes] == [(0, None), (1, "Departure")]
    assert views[1].hidden_episodes == 2 and "Squall" not in repr(views[1]) and "Landfall" not in repr(views[1])
    assert views[3].hidden_episodes == 0


def test_notes_show_with_their_entries_cleaned(views: list[View]) -> None:
    """A recap item's note and a character's or topic's fact's note show with them (control characters taken
    out); no note is None, not an empty text."""
    assert [item.note for item in views[1].recap] == [None, "At dawn."]
    assert [fact.note for fact in views[2].characters[0].facts] == ["Badly[31m."]
    assert [[fact.note for fact in topic.facts] for topic in views[3].topics] == [["Mostly.", None]]


def test_an_episode_shows_its_runtime_and_translated_titles_from_its_own_position(views: list[View]) -> None:
    """Episode 2's runtime, summary and Spanish title come with it at 2 (for ``levels --json``), control
    characters taken out, never before."""
    assert [(e.title, e.titles, e.summary, e.runtime) for e in views[2].episodes[1:]] == [
        ("Departure", {}, None, None),
        ("Squall", {"es": "Chubasco"}, "Rain.", 42),
    ]
    assert "basco" not in repr(views[1]) and "Rain" not in repr(views[1])


def test_the_show_is_named_with_its_original_title_year_and_network_from_the_premise(views: list[View]) -> None:
    """What the show is (for every page's header) shows at the premise already, control characters taken out."""
    assert tuple(views[0].show) == ("Gate Show", "La Puerta", 2009, "Channel Nine", "en")


def test_a_relationship_revealed_later_does_not_hide_the_ones_listed_after_it(tmp_path: Path) -> None:
    """Listed first, ana-bruno (revealed at 3) is passed over at episode 2, and ana-cleo after it shows."""
    pack = {**PACK, "relationships": list(reversed(PACK["relationships"]))}
    (tmp_path / "pack.yaml").write_text(yaml.safe_dump(pack, sort_keys=False), encoding="utf-8")
    loaded = load_pack(tmp_path)
    assert [link.id for link in reveal(loaded, loaded.scale.positions[2]).relationships] == ["ana-cleo"]
    assert [link.id for link in reveal(loaded, loaded.scale.positions[3]).relationships] == ["ana-bruno", "ana-cleo"]
