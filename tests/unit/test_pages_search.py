"""Search finds only visible text, highlights it, and never hints at hidden matches."""

from __future__ import annotations

import json

import pytest

from cell211cli.pages.search import highlight
from tests.helpers import Invoke


@pytest.mark.parametrize(
    ("upto", "found", "not_found"),
    [
        ("1", ["Ana arrives", "Character: Ana"], ["Ana learns", "Bruno"]),
        ("3", ["Ana arrives", "Ana learns that the keeper is her father Bruno"], ["Vidal"]),
    ],
)
def test_search_at_several_positions(mini: Invoke, upto: str, found: list[str], not_found: list[str]) -> None:
    """The same query finds more as the position grows, and only what is visible."""
    out = mini("search", "ana", "--upto", upto).stdout
    for text in found:
        assert text in out
    for text in not_found:
        assert text not in out


def test_search_is_accent_and_case_insensitive(mini: Invoke) -> None:
    """`TOMAS` finds Tomás."""
    assert "Tomás" in mini("search", "TOMAS", "--upto", "1").stdout


def test_hidden_and_absent_terms_answer_identically(mini: Invoke) -> None:
    """A term found only in later episodes gets the same output as one found nowhere."""
    hidden = mini("search", "gallery", "--upto", "2")
    absent = mini("search", "galleon", "--upto", "2")
    assert hidden.exit_code == absent.exit_code == 1
    assert hidden.stdout == absent.stdout == ""
    assert hidden.stderr.replace("gallery", "X") == absent.stderr.replace("galleon", "X")


def test_search_json_lists_hits_with_matches(mini: Invoke) -> None:
    """JSON hits say where each match is and what matched."""
    data = json.loads(mini("search", "storm", "--upto", "2", "--format", "json").stdout)
    assert data["upto"]["id"] == "S01E02"
    assert {hit["where"] for hit in data["hits"]} >= {"Episode 2", "Character: Tomás"}
    assert all(hit["matches"] for hit in data["hits"])


def test_empty_query_is_bad_usage(mini: Invoke) -> None:
    """Searching for nothing is a usage error."""
    assert mini("search", "  ", "--upto", "2").exit_code == 2


def test_highlight_maps_folded_matches_back_to_the_original() -> None:
    """Accent-folded matches highlight the original characters."""
    spans = highlight("Gándara met GANDARA", ["gandara"])
    assert spans is not None
    assert [s.text for s in spans if s.match] == ["Gándara", "GANDARA"]
    assert "".join(s.text for s in spans) == "Gándara met GANDARA"
    assert highlight("nothing here", ["zz"]) is None


def test_rich_search_marks_matches(mini: Invoke) -> None:
    """In rich output, a match is styled (bold reverse)."""
    out = mini("search", "storm", "--upto", "2", "--format", "rich", env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[1;7mstorm" in out


def test_several_words_must_all_match_in_one_place(mini: Invoke) -> None:
    """`search keeper lighthouse` finds texts holding both words; spaces inside a word list do not matter."""
    both = mini("search", "keeper", "  lighthouse ", "--upto", "2", "--format", "json")
    hits = json.loads(both.stdout)["hits"]
    assert hits and all("keeper" in h["text"].lower() and "lighthouse" in h["text"].lower() for h in hits)
    assert json.loads(both.stdout)["query"] == "keeper lighthouse"
    assert mini("search", "keeper", "storm", "--upto", "2").exit_code == 1


def test_search_reports_the_number_of_hits_and_their_ids(mini: Invoke) -> None:
    result = mini("search", "storm", "--upto", "2", "--format", "json")
    data = json.loads(result.stdout)
    assert data["count"] == len(data["hits"]) >= 2
    assert {"e2-1", "tomas"} <= {hit["id"] for hit in data["hits"]}
    assert f"{data['count']} matches." in result.stderr


@pytest.mark.parametrize("query", ["true", "TRUE-STO", "real lighthouse", "The Real Lighthouse", "lighthóuse"])
def test_facts_finds_topics_like_characters(mini: Invoke, query: str) -> None:
    """Topics match by id or title, by prefix or substring, ignoring case and accents."""
    result = mini("facts", query, "--upto", "1")
    assert result.exit_code == 0 and "modelled on a real one" in result.stdout


def test_an_ambiguous_topic_names_the_visible_candidates_only(mini: Invoke) -> None:
    """`the` starts both topic titles at the end, and only the visible one before it."""
    assert mini("facts", "the", "--upto", "1").exit_code == 0
    result = mini("facts", "the", "--upto", "4")
    assert result.exit_code == 2 and "true-story" in result.stderr and "ending" in result.stderr


def test_one_heading_per_episode_in_story_order(invoke: Invoke) -> None:
    """An episode's summary and its recap share one heading, and episodes come in story order."""
    out = invoke("search", "gandara", "--upto", "3", "--format", "plain").stdout
    headings = [line for line in out.splitlines() if line.startswith("Episode")]
    assert headings == ["Episode 1", "Episode 2"]


def test_whole_words_by_default_parts_with_partial(invoke: Invoke) -> None:
    """`dea` finds the DEA, not "dead" or "death"; --partial finds those too (in Spanish as well)."""
    words = json.loads(invoke("search", "dea", "--upto", "6", "--format", "json").stdout)
    assert words["count"] and all(m.casefold() == "dea" for hit in words["hits"] for m in hit["matches"])
    parts = json.loads(invoke("search", "dea", "--upto", "6", "--partial", "--format", "json").stdout)
    assert parts["count"] > words["count"]
    assert any("dead" in hit["text"] for hit in parts["hits"])
    spanish = json.loads(invoke("search", "dea", "--upto", "6", "--lang", "es", "--format", "json").stdout)
    assert all(m.casefold() == "dea" for hit in spanish["hits"] for m in hit["matches"])


def test_highlight_marks_whole_words_only() -> None:
    """A term touching a letter or digit is not a match unless parts of words are asked for."""
    assert highlight("the dead man", ["dea"]) is None
    assert highlight("the DEA, dead", ["dea"]) == highlight("the DEA, dead", ["dea"], whole_words=True)
    spans = highlight("the DEA, dead", ["dea"], whole_words=False)
    assert spans is not None and [s.text for s in spans if s.match] == ["DEA", "dea"]


def test_json_hits_carry_the_position_id(invoke: Invoke) -> None:
    """Each hit says which position revealed its text (an id scripts can compare), beside the label."""
    data = json.loads(invoke("search", "gandara", "--upto", "3", "--format", "json").stdout)
    ats = {(hit["kind"], hit["at"]) for hit in data["hits"]}
    assert ("recap", "S01E01") in ats and ("recap", "S01E02") in ats
    assert all(hit["at"] in ("premise", "S01E01", "S01E02", "S01E03") for hit in data["hits"])
