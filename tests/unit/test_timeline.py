"""The dated progress history: changes kept with date and origin, old files migrated, bounds, concurrent
writers, and the clock set by CELL211_NOW."""

from __future__ import annotations

import json
import multiprocessing
import os

import pytest

from cell211cli.errors import BadUsage
from cell211cli.viewer.progress import recall, remember, state_file
from cell211cli.viewer.timeline import MAX_PER_PACK, Change, bounded, now
from tests.helpers import Invoke

MONDAY, FRIDAY = "2026-03-02T20:00:00+01:00", "2026-03-06T21:30:00+01:00"


def test_every_change_is_kept_with_date_and_origin(mini: Invoke) -> None:
    """progress N, next and --clear each add a dated change, newest last."""
    mini("progress", "2", env={"CELL211_NOW": MONDAY})
    mini("progress", "next", env={"CELL211_NOW": FRIDAY})
    mini("progress", "--clear", env={"CELL211_NOW": FRIDAY})
    history = recall("mini").history
    assert [(c.date, c.at, c.before, c.origin) for c in history] == [
        (MONDAY, "S01E02", None, "typed"),
        (FRIDAY, "S01E03", "S01E02", "typed"),
        (FRIDAY, None, "S01E03", "clear"),
    ]


def test_history_command_lists_changes(mini: Invoke) -> None:
    """progress history: one row per change with its date and origin; JSON of the documented shape."""
    mini("progress", "2", env={"CELL211_NOW": MONDAY})
    mini("progress", "4", env={"CELL211_NOW": FRIDAY})
    result = mini("progress", "history", "--format", "plain")
    assert "2026-03-02  Episode 2  (typed)" in result.stdout
    assert result.stdout.index("2026-03-02") < result.stdout.index("2026-03-06")
    data = json.loads(mini("progress", "history", "--json").stdout)
    assert [c["at"]["id"] for c in data["changes"]] == ["S01E02", "S01E04"]
    assert data["changes"][1]["from"]["id"] == "S01E02"
    assert mini("progress", "history", "-f", "markdown").exit_code == 0
    assert mini("progress", "3", "-f", "markdown").exit_code == 2


def test_format_1_file_migrates_without_loss(mini: Invoke) -> None:
    """A progress file from before the history: positions and origins kept, one change dated when the
    file was written, and format 2 after the next change."""
    path = state_file()
    path.parent.mkdir(parents=True)
    old = {"format": 1, "positions": {"mini": "S01E02", "other": "S01E05"}, "origins": {"other": "imported on x"}}
    path.write_text(json.dumps(old))
    os.utime(path, (1_700_000_000, 1_700_000_000))
    migrated = recall("mini").history
    assert len(migrated) == 1 and migrated[0].origin == "migrated" and migrated[0].at == "S01E02"
    assert migrated[0].date is not None and migrated[0].date.startswith("2023-11-1")
    assert "saved before the history was kept" in mini("progress", "history").stdout
    mini("progress", "3")
    data = json.loads(path.read_text())
    assert data["format"] == 2 and data["positions"] == {"mini": "S01E03", "other": "S01E05"}
    assert data["origins"] == {"other": "imported on x"}
    assert [c["origin"] for c in data["history"]["mini"]] == ["migrated", "typed"]
    assert data["history"]["other"][0]["at"] == "S01E05"


def test_malformed_history_entries_are_dropped_and_the_file_kept_aside(mini: Invoke) -> None:
    path = state_file()
    path.parent.mkdir(parents=True)
    good = Change(MONDAY, "S01E01", None, "typed").as_json()
    state = {"format": 2, "positions": {"mini": "S01E01"}, "history": {"mini": [good, {"origin": "x"}, 3]}}
    path.write_text(json.dumps(state))
    assert len(recall("mini").history) == 1
    result = mini("progress", "2")
    assert result.exit_code == 0 and "copy is kept" in result.stderr
    assert path.with_name("progress.json.bad").exists()


def test_history_is_bounded() -> None:
    """At most MAX_PER_PACK changes per pack and 1000 in all; the oldest go first."""
    for _ in range(MAX_PER_PACK + 5):
        remember("mini", "S01E01")
    history = recall("mini").history
    assert len(history) == MAX_PER_PACK
    many = {f"p{n}": [Change(f"2026-01-{n % 28 + 1:02d}", "S01E01", None, "typed")] * 60 for n in range(30)}
    assert sum(len(changes) for changes in bounded(many).values()) == 1000
    assert state_file().stat().st_size < 100_000


def _writer(position: str) -> None:
    for _ in range(15):
        remember("mini", position)


def test_concurrent_writers_lose_no_change() -> None:
    """Two processes saving at once: every change is in the history, the file is valid JSON."""
    processes = [multiprocessing.Process(target=_writer, args=(p,)) for p in ("S01E01", "S01E02")]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)  # a writer that hangs fails the test rather than the whole suite
        if process.is_alive():
            process.kill()
    assert all(process.exitcode == 0 for process in processes)
    assert len(recall("mini").history) == 30
    json.loads(state_file().read_text())


def test_clock_follows_cell211_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CELL211_NOW", MONDAY)
    assert now().isoformat() == MONDAY
    monkeypatch.setenv("CELL211_NOW", "2026-03-02")
    assert now().date().isoformat() == "2026-03-02" and now().tzinfo is not None
    monkeypatch.setenv("CELL211_NOW", "yesterday")
    with pytest.raises(BadUsage, match="CELL211_NOW"):
        now()
