"""Coming back: recap --since-last, --before N, characters --before N, the long-gap hint and rewatching."""

from __future__ import annotations

import json

from tests.helpers import Invoke

MONDAY, FRIDAY = "2026-03-02T20:00:00+01:00", "2026-03-06T21:30:00+01:00"
LATER = "2026-07-10T09:00:00+01:00"


def test_since_last_shows_only_what_was_watched_since(mini: Invoke) -> None:
    """progress 2 on Monday, 4 on Friday: episodes 3 and 4 and nothing else."""
    mini("progress", "2", env={"CELL211_NOW": MONDAY})
    mini("progress", "4", env={"CELL211_NOW": FRIDAY})
    result = mini("recap", "--since-last", "-f", "plain", env={"CELL211_NOW": FRIDAY})
    assert "Episode 3" in result.stdout and "Episode 4" in result.stdout
    assert "Episode 2" not in result.stdout and "Ana arrives" not in result.stdout
    data = json.loads(mini("recap", "--since-last", "--json").stdout)
    assert data["kind"] == "since_last" and data["after"]["id"] == "S01E02"
    assert [e["id"] for e in data["episodes"]] == ["S01E03", "S01E04"]


def test_since_last_without_an_earlier_position_says_so(mini: Invoke) -> None:
    mini("progress", "2")
    result = mini("recap", "--since-last", "-f", "plain")
    assert "No earlier saved position" in result.stdout and "Ana arrives" in result.stdout


def test_before_is_brief_then_full_and_asks_beyond_progress(mini: Invoke) -> None:
    """--before 3: episodes up to 1 in brief, 2 in full; nothing of 3; beyond progress + 1 is looking ahead."""
    mini("progress", "2")
    data = json.loads(mini("recap", "--before", "3", "--json").stdout)
    assert data["kind"] == "previously" and data["upto"]["id"] == "S01E02"
    assert [bool(e["items"]) for e in data["episodes"]] == [False, False, True]
    assert "Looking ahead" not in mini("recap", "--before", "3").stderr
    assert "Looking ahead" in mini("recap", "--before", "4").stderr
    assert json.loads(mini("recap", "--before", "next", "--json").stdout)["upto"]["id"] == "S01E02"
    assert mini("recap", "--before", "3", "--upto", "2").exit_code == 2


def test_characters_before_lists_most_recent_first(mini: Invoke) -> None:
    mini("progress", "3")
    data = json.loads(mini("characters", "--before", "4", "--json").stdout)
    seen = [c["last_seen"]["id"] for c in data["characters"]]
    assert seen == sorted(seen, reverse=True) and data["upto"]["id"] == "S01E03"
    assert mini("characters", "Ana", "--before", "4").exit_code == 2


def test_gap_hint_once_per_gap(mini: Invoke) -> None:
    """Four months after the last change: one line on stderr, once; not after a short gap."""
    mini("progress", "3", env={"CELL211_NOW": MONDAY})
    assert "It has been" not in mini("recap", env={"CELL211_NOW": FRIDAY}).stderr
    first = mini("recap", env={"CELL211_NOW": LATER})
    assert "It has been 4 months since you finished episode 3: `cell211 recap --before 4`" in first.stderr
    assert "It has been" not in mini("recap", env={"CELL211_NOW": LATER}).stderr
    mini("progress", "2", env={"CELL211_NOW": FRIDAY})
    assert "Han pasado 4 meses" in mini("recap", "--lang", "es", env={"CELL211_NOW": LATER}).stderr


def test_rewatch_keeps_the_first_watch(mini: Invoke) -> None:
    """A rewatch: commands follow it, looking ahead to the first watch needs no question, progress shows
    both, reaching the first watch ends it; imports and progress N never lower the first watch."""
    mini("progress", "3")
    assert "Rewatching from the premise" in mini("progress", "rewatch").stdout
    assert "Ana arrives" not in mini("recap", "-f", "plain").stdout
    mini("progress", "next")
    data = json.loads(mini("progress", "--json").stdout)
    assert (data["upto"]["id"], data["first_watch"]["id"], data["rewatch"]["id"]) == ("S01E01", "S01E03", "S01E01")
    assert "first watch reached episode 3" in mini("progress").stdout
    ahead = mini("recap", "--upto", "3")
    assert "Looking ahead" not in ahead.stderr and "which you have seen" in ahead.stderr
    assert "Looking ahead" in mini("recap", "--upto", "4").stderr
    assert mini("progress", "rewatch").exit_code == 2  # already rewatching
    assert "it is over" in mini("progress", "3").stdout
    assert json.loads(mini("progress", "--json").stdout)["rewatch"] is None
    mini("progress", "rewatch", "1")
    assert "first watch again (episode 3)" in mini("progress", "rewatch", "--stop").stdout
    assert mini("progress", "rewatch", "--stop").exit_code == 2
    rows = json.loads(mini("progress", "history", "--json").stdout)["changes"]
    assert [r["origin"] for r in rows][-5:] == ["rewatch", "typed", "typed", "rewatch", "stop"]


def test_nothing_to_rewatch_at_the_premise(mini: Invoke) -> None:
    assert mini("progress", "rewatch").exit_code == 2
