"""Which episodes a Netflix archive proves finished, from the order of the viewings and their bookmarks.

- A viewing that reaches the end (within the credits of the episode's runtime, else of the longest) is a finish.
- An autoplayed viewing of the next episode right after it proves the end was reached: Netflix autoplays
  only from the credits.
- A viewing followed later by a viewing of a later episode is a finish, unless the episode was resumed
  afterwards (Netflix resumes what is unfinished) or its bookmark shows it was abandoned a few minutes in.
- Rows of one episode with no other episode of the show between them are one viewing (pause and resume,
  on any device): the furthest bookmark counts. Another show's rows never matter.
- An episode is finished when any of its viewings is: a rewatch never lowers what was finished.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from cell211cli.pack.model import Episode, LoadedPack

FINISHED_MARGIN_MINUTES = 2
"""A viewing reaches the end when its bookmark is within this much of the episode's end (the credits)."""
ABANDONED_SHARE = 0.5
"""A viewing that stopped before this share of the shortest runtime known was abandoned, whatever followed."""
ABANDONED_MINUTES_WITHOUT_RUNTIME = 5
"""The same, for a pack that gives no runtime at all."""
RESUMED_AFTER_SECONDS = 120
"""A viewing that began further in than this into the episode resumed an earlier one (a rewatch begins at 0)."""


class Reason(Enum):
    """Why an episode counts as finished, strongest first."""

    END = "end"
    AUTOPLAY = "autoplay"
    FOLLOWED = "followed"
    LATER_LISTED = "later-listed"
    WATCHED = "watched"
    CONFIRMED = "confirmed"


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the show in an archive: when it began, the episode, where it began and ended (seconds)."""

    when: str
    ordinal: int
    began_at: int
    reached: int
    autoplayed: bool


@dataclass(slots=True)
class _Viewing:
    ordinal: int
    began_at: int
    reached: int
    autoplayed: bool


@dataclass(frozen=True, slots=True)
class Findings:
    """What the rows prove: finished episodes with their reason, the furthest bookmark of every episode, and
    the unfinished episodes nothing after them decides (their last viewing has no later episode after it)."""

    finished: dict[int, Reason]
    reached: dict[int, int]
    undecided: frozenset[int]


def end_seconds(loaded: LoadedPack, ordinal: int) -> int | None:
    """How far a viewing of this episode must reach to count as finished; None when no runtime is known."""
    longest = longest_minutes(loaded, ordinal)
    return None if longest is None else max(longest - FINISHED_MARGIN_MINUTES, 1) * 60


def longest_minutes(loaded: LoadedPack, ordinal: int) -> int | None:
    """The episode's own runtime, else the longest the show's episodes run."""
    episode = episode_of(loaded, ordinal)
    if episode is not None and episode.runtime:
        return episode.runtime
    show = loaded.pack.show
    return show.runtime.max if show.runtime else show.longest_runtime


def shortest_minutes(loaded: LoadedPack, ordinal: int) -> int | None:
    """The episode's own runtime, else the shortest the show's episodes run (the longest when only that is known)."""
    episode = episode_of(loaded, ordinal)
    if episode is not None and episode.runtime:
        return episode.runtime
    show = loaded.pack.show
    return show.runtime.min if show.runtime else show.longest_runtime


def abandoned_seconds(loaded: LoadedPack, ordinal: int) -> int:
    """A viewing that stopped before this was abandoned."""
    shortest = shortest_minutes(loaded, ordinal)
    return int(shortest * 60 * ABANDONED_SHARE) if shortest else ABANDONED_MINUTES_WITHOUT_RUNTIME * 60


def _viewings(rows: Iterable[Row]) -> list[_Viewing]:
    """The rows in time order, consecutive rows of one episode merged into one viewing."""
    viewings: list[_Viewing] = []
    for row in sorted(rows, key=lambda row: (row.when, row.ordinal, row.began_at, row.reached, row.autoplayed)):
        if viewings and viewings[-1].ordinal == row.ordinal:
            viewings[-1].reached = max(viewings[-1].reached, row.reached)
        else:
            viewings.append(_Viewing(row.ordinal, row.began_at, row.reached, row.autoplayed))
    return viewings


def decide(rows: Iterable[Row], loaded: LoadedPack) -> Findings:
    """The episodes these rows (of one profile, one show) prove finished, by the rules above."""
    viewings = _viewings(rows)
    # Mutation testing: another start value, or a longer list, is equivalent (episodes count from 1, and
    # only the first len + 1 values are read); the line's other mutants raise.
    later_episode_after = [0] * (len(viewings) + 1)  # pragma: no mutate
    """For each viewing, the highest episode viewed after it."""
    for index in range(len(viewings) - 1, -1, -1):
        later_episode_after[index] = max(later_episode_after[index + 1], viewings[index].ordinal)
    last_resumed: dict[int, int] = {}
    for index, viewing in enumerate(viewings):
        if viewing.began_at > RESUMED_AFTER_SECONDS:
            last_resumed[viewing.ordinal] = index
    finished: dict[int, Reason] = {}
    reached: dict[int, int] = {}
    last_viewing: dict[int, int] = {}
    for index, viewing in enumerate(viewings):
        ordinal = viewing.ordinal
        reached[ordinal] = max(reached.get(ordinal, viewing.reached), viewing.reached)
        last_viewing[ordinal] = index
        end = end_seconds(loaded, ordinal)
        following = viewings[index + 1] if index + 1 < len(viewings) else None
        reason = None
        if end is not None and viewing.reached >= end:
            reason = Reason.END
        elif following is not None and following.ordinal == ordinal + 1 and following.autoplayed:
            reason = Reason.AUTOPLAY
        elif (
            later_episode_after[index + 1] > ordinal
            and last_resumed.get(
                ordinal,
                -1,  # pragma: no mutate (any default below 0 is equivalent: indexes start at 0)
            )
            <= index
            and viewing.reached >= abandoned_seconds(loaded, ordinal)
        ):
            reason = Reason.FOLLOWED
        if reason is not None and (ordinal not in finished or _stronger(reason, finished[ordinal])):
            finished[ordinal] = reason
    undecided = frozenset(
        ordinal
        for ordinal, index in last_viewing.items()
        if ordinal not in finished
        # Mutation testing: `<` is equivalent (this is the episode's last viewing: none after it is of it).
        and later_episode_after[index + 1] <= ordinal  # pragma: no mutate
        and reached[ordinal] >= abandoned_seconds(loaded, ordinal)
    )
    return Findings(finished, reached, undecided)


def _stronger(reason: Reason, than: Reason) -> bool:
    order = list(Reason)
    # Mutation testing: `<=` here is equivalent (for an equal reason the caller stores the same value again).
    return order.index(reason) < order.index(than)  # pragma: no mutate


def episode_of(loaded: LoadedPack, ordinal: int) -> Episode | None:
    """The pack's entry for the episode at this ordinal (None when the pack lists none)."""
    position = loaded.scale.positions[ordinal]
    for season in loaded.pack.show.seasons:
        if season.number == position.season:
            return next(
                (e for e in season.episodes if e.number == position.episode),
                # Mutation testing: the default is equivalent (the scale numbers episodes 1, 2, 3 ... as listed).
                None,  # pragma: no mutate
            )
    return None
