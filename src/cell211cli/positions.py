"""The spoiler scale: where a viewer is, and the spellings that name it.

A position is an ordinal on the show's scale: 0 is ``premise`` (has seen nothing, or only the trailer),
1 is "has finished the first episode", and so on across seasons. Everything in a pack carries the
position that reveals it, and the gate compares ordinals only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

PREMISE = "premise"
ENDING = "ending"

_EPISODE_ONLY = re.compile(r"(?:e|ep|episode-?)?(\d+)")
_SEASON_EPISODE = re.compile(r"s(\d+)e(\d+)|(\d+)x(\d+)")

SPELLING_EXAMPLES = ("premise", "3", "e3", "ep3", "episode-3", "s1e3", "S01E03", "1x03")


class UnknownPosition(ValueError):
    """A spelling that names no position on this show's scale."""

    def __init__(self, spelling: str, accepted: str, suggestion: str | None = None) -> None:
        hint = f"did you mean {suggestion!r}? " if suggestion else ""
        super().__init__(f"unknown position {spelling!r}; {hint}accepted: {accepted}")
        self.spelling = spelling
        self.accepted = accepted


class Position(NamedTuple):
    """A point on the scale: ``ordinal`` 0 is the premise, N is "finished the Nth episode".

    Positions order by ``ordinal`` (the other fields follow from it)."""

    ordinal: int
    season: int = 0
    episode: int = 0

    @property
    def is_premise(self) -> bool:
        return self.ordinal == 0

    @property
    def id(self) -> str:
        """Stable identifier: ``premise`` or ``S01E03``."""
        return PREMISE if self.is_premise else f"S{self.season:02d}E{self.episode:02d}"


@dataclass(frozen=True, eq=False, repr=False)
class Scale:
    """All positions of one show, in order, plus the pack's named depths."""

    positions: tuple[Position, ...]
    depths: Mapping[str, int]
    by_season_episode: Mapping[tuple[int, int], Position]
    single_season: bool

    @classmethod
    def build(cls, season_sizes: Iterable[tuple[int, int]], depths: Mapping[str, str | int]) -> Scale:
        """Build from ``(season number, episode count)`` pairs and named depths given as spellings."""
        positions = [Position(0)]
        for season, count in season_sizes:
            for episode in range(1, count + 1):
                positions.append(Position(len(positions), season, episode))
        index = {(p.season, p.episode): p for p in positions[1:]}
        resolved = {PREMISE: 0, ENDING: len(positions) - 1}
        scale = cls(tuple(positions), resolved, index, len({p.season for p in positions[1:]}) <= 1)
        for name, spelling in depths.items():
            resolved[name.casefold()] = scale.parse(spelling).ordinal
        return scale

    @property
    def last(self) -> Position:
        return self.positions[-1]

    def label(self, position: Position) -> str:
        """Human label: ``Premise``, ``Episode 3`` or ``Season 2, episode 4``."""
        if position.is_premise:
            return "Premise"
        if self.single_season:
            return f"Episode {position.episode}"
        return f"Season {position.season}, episode {position.episode}"

    def accepted(self) -> str:
        """The accepted spellings, for an error message; never mentions an episode title."""
        names = ", ".join(sorted(self.depths, key=lambda n: (self.depths[n], n)))
        return (
            f"{names}; an episode number 1-{self.last.ordinal} written as 3, e3, ep3 or episode-3; "
            "or a season and episode written as s1e3, S01E03 or 1x03"
        )

    def parse(self, spelling: str | int) -> Position:
        """Turn any accepted spelling into a position, or raise ``UnknownPosition``."""
        text = str(spelling).strip().casefold()
        if text in self.depths:
            return self.positions[self.depths[text]]
        if match := _EPISODE_ONLY.fullmatch(text):
            ordinal = int(match[1])
            if 1 <= ordinal < len(self.positions):
                return self.positions[ordinal]
        elif match := _SEASON_EPISODE.fullmatch(text):
            season, episode = (int(g) for g in match.groups() if g is not None)
            if position := self.by_season_episode.get((season, episode)):
                return position
        raise UnknownPosition(str(spelling), self.accepted(), self._closest_name(text))

    def _closest_name(self, text: str) -> str | None:
        """A named depth close to a mistyped one (``endign`` → ``ending``); names only, never titles."""
        import difflib

        close = difflib.get_close_matches(text, list(self.depths), n=1, cutoff=0.75)
        return close[0] if close else None
