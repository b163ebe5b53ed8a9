"""Properties of reading a history: the result depends on the viewings, not on how the file writes them down,
and parsing time grows linearly with the file."""

from __future__ import annotations

import datetime
import io
import random
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cell211cli.viewer.history.reading import read_history
from cell211cli.viewer.history.report import HistoryReport, position_from
from tests.history_helpers import HEADER, TOWER

BASE = datetime.datetime(2025, 2, 6, 20, 0)
SPACING_MINUTES = 100
"""Viewings start this far apart; a resumed part of one starts inside the gap."""


def clock(seconds: int) -> str:
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def row(minutes: int, episode: int, began_at: int, reached: int, autoplayed: bool, show: str = "The Tower") -> str:
    when = (BASE + datetime.timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M:%S")
    attributes = "Autoplayed: user action: None; " if autoplayed else ""
    title = f"{show}: Limited Series: Episode {episode} (Episode {episode})"
    return f'Ana,{when},{clock(reached - began_at)},{attributes},"{title}",,TV,{clock(reached)},{clock(reached)},MX'


Viewing = tuple[int, int, int, bool]
"""Episode, where it began and where it stopped (seconds), autoplayed."""

viewing = st.tuples(
    st.integers(1, 6),
    st.sampled_from([0, 0, 0, 600, 1200]),
    st.integers(0, 46 * 60),
    st.booleans(),
).map(lambda v: (v[0], min(v[1], v[2]), v[2], v[3]))
viewings = st.lists(viewing, min_size=1, max_size=12)


def rows_of(history: list[Viewing]) -> list[str]:
    return [row(index * SPACING_MINUTES, *item) for index, item in enumerate(history)]


def read(rows: list[str]) -> HistoryReport:
    return read_history(io.BytesIO(("\n".join([HEADER, *rows]) + "\n").encode()), TOWER, None, None)


def result(report: HistoryReport) -> tuple[object, ...]:
    verdict = position_from(report, TOWER.scale)
    return (report.reasons, report.begun, report.reached, report.undecided, verdict.position, verdict.beyond_gap)


@given(history=viewings, seed=st.integers(0, 10**6), others=st.lists(viewing, max_size=6))
def test_reordering_rows_and_adding_other_shows_never_change_the_result(
    history: list[Viewing], seed: int, others: list[Viewing]
) -> None:
    rows = rows_of(history)
    mixed = rows + [row(index * 37 + 5, *item, show="Another Show") for index, item in enumerate(others)]
    random.Random(seed).shuffle(mixed)
    assert result(read(mixed)) == result(read(rows))


@given(
    history=viewings, which=st.integers(0, 11), share=st.floats(0.05, 0.95), later=st.integers(1, SPACING_MINUTES - 1)
)
def test_splitting_a_viewing_into_pause_and_resume_rows_never_changes_the_result(
    history: list[Viewing], which: int, share: float, later: int
) -> None:
    index = which % len(history)
    episode, began_at, reached, autoplayed = history[index]
    paused = began_at + int((reached - began_at) * share)
    if not began_at < paused < reached:
        return
    rows = rows_of(history)
    minutes = index * SPACING_MINUTES
    split = [row(minutes, episode, began_at, paused, autoplayed), row(minutes + later, episode, paused, reached, False)]
    assert result(read([*rows[:index], *split, *rows[index + 1 :]])) == result(read(rows))


@given(history=viewings, episode=st.integers(1, 6), reached=st.integers(0, 46 * 60), autoplayed=st.booleans())
def test_a_later_viewing_from_the_start_never_lowers_the_result(
    history: list[Viewing], episode: int, reached: int, autoplayed: bool
) -> None:
    """A later, never-resumed episode (or a rewatch: any episode begun from the start) never lowers what is
    finished nor the position."""
    rows = rows_of(history)
    before = read(rows)
    after = read([*rows, row(len(history) * SPACING_MINUTES, episode, 0, reached, autoplayed)])
    assert before.finished <= after.finished
    assert position_from(before, TOWER.scale).position <= position_from(after, TOWER.scale).position


# ── Time grows linearly with the file ──

SMALL_BYTES = 256 * 1024
GROWTH = 8
MAX_PER_BYTE_RATIO = 3.0
"""Parsing 8 times the bytes may cost at most 3 times as much per byte (a quadratic parser costs 8 times)."""
MAX_SECONDS_PER_MIB = 5.0
"""A generous absolute budget (a history reads at several MiB a second)."""


def colon_file(size: int, title_length: int, colons: int, show_first: bool) -> bytes:
    """A Title,Date history of about ``size`` bytes whose titles are ``title_length`` long with ``colons``
    colons spread through them."""
    step = max(title_length // (colons + 1), 1)
    body = "".join(":" if index % step == step - 1 else "x" for index in range(title_length))
    title = ("The Tower:" + body if show_first else body).replace('"', "")
    line = f'"{title}","2/6/25"\n'
    return ("Title,Date\n" + line * max(size // len(line), 1)).encode()


def seconds_to_read(data: bytes) -> float:
    best = float("inf")
    for _attempt in range(3):
        start = time.perf_counter()
        read_history(io.BytesIO(data), TOWER, None, None)
        best = min(best, time.perf_counter() - start)
    return best


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(density=st.floats(0.01, 1.0), show_first=st.booleans())
def test_parsing_time_grows_linearly_with_the_file(density: float, show_first: bool) -> None:
    """Titles and files grow together (title length and colon count with the file): the time per byte stays
    within a fixed ratio of the small file's, and within an absolute budget."""
    small_title = 2_000
    small = colon_file(SMALL_BYTES, small_title, int(small_title * density), show_first)
    large_title = small_title * GROWTH
    large = colon_file(SMALL_BYTES * GROWTH, large_title, int(large_title * density), show_first)
    small_time, large_time = seconds_to_read(small), seconds_to_read(large)
    per_byte_small, per_byte_large = small_time / len(small), large_time / len(large)
    assert per_byte_large <= max(per_byte_small, 1e-8) * MAX_PER_BYTE_RATIO
    assert large_time <= MAX_SECONDS_PER_MIB * len(large) / 2**20
