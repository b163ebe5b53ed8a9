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

from cell211cli.errors import BadUsage
from cell211cli.i18n import _, current, pgettext

PREMISE = "premise"
ENDING = "ending"
NEXT = "next"
"""``cell211 progress next``: one episode on from the saved position (so never a depth name)."""
IMPORT = "import"
"""``cell211 progress import FILE``: the position read from a viewing history (never a depth name)."""
HISTORY = "history"
REWATCH = "rewatch"
"""``cell211 progress history`` and ``cell211 progress rewatch``: never depth names either."""

_EPISODE_ONLY = r"(?:e|ep|episode-?|episodio-?)?(\d+)"
_SEASON_EPISODE = r"[st](\d+)e(\d+)|(\d+)x(\d+)"
"""``s1e3``, and ``t1e3`` (temporada) as Spanish speakers write it."""
SPANISH_SPELLINGS = {"premisa": PREMISE, "final": ENDING, "siguiente": NEXT}
"""The built-in words in Spanish (``episodio-3`` and ``t1e3`` are read by the patterns above)."""

_WORDS = {
    "en": {PREMISE: PREMISE, ENDING: ENDING, "episode": "episode-", "season": "s"},
    "es": {PREMISE: "premisa", ENDING: "final", "episode": "episodio-", "season": "t"},
}
"""How each language writes the built-in words on the command line; the parser reads all of them."""


def _words() -> dict[str, str]:
    # Mutation testing: the default is equivalent (the language in use is always one of _WORDS's).
    return _WORDS.get(current(), _WORDS["en"])  # pragma: no mutate


def spoken(name: str) -> str:
    """A depth name as the language in use writes it on the command line (``premisa``, ``final``); a pack's
    own depth names, which have one spelling, as they are."""
    spelled = _words().get(name, name)  # pragma: no mutate (premise and ending are in every language's words)
    return spelled if name in (PREMISE, ENDING) else name


def spelling_examples() -> tuple[str, ...]:
    """Examples of every way of writing episode 3, in the language in use (``episodio-3``, ``t1e3``)."""
    words = _words()
    return (words[PREMISE], "3", "e3", "ep3", f"{words['episode']}3", f"{words['season']}1e3", "S01E03", "1x03")


class UnknownPosition(BadUsage, ValueError):
    """A spelling that names no position on this show's scale (exit 2, as any bad usage)."""

    def __init__(self, spelling: str, accepted: str, suggestion: str | None = None) -> None:
        if suggestion:
            # TRANSLATORS: {suggestion} is a named depth such as 'ending'; {accepted} lists the accepted spellings.
            message = _("unknown position {spelling}; did you mean {suggestion}? accepted: {accepted}")
        else:
            # TRANSLATORS: {accepted} lists the accepted spellings of a position.
            message = _("unknown position {spelling}; accepted: {accepted}")
        super().__init__(message.format(spelling=repr(spelling), suggestion=repr(suggestion), accepted=accepted))
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


DepthSpelling = str | int | None

MAX_DIGITS = 6
"""Longer numbers name no position of any pack (and int() of thousands of digits is slow or refused)."""

DEPTH_NAME = r"[a-z][a-z0-9-]*"


def is_position_spelling(text: str) -> bool:
    """True for a spelling the scale itself understands (``3``, ``e3``, ``S01E03``, ``premise`` ...),
    whether or not the show has that episode: a named depth must never be one of these."""
    folded = text.strip().casefold()
    return (
        folded in (PREMISE, ENDING, NEXT, IMPORT, HISTORY, REWATCH, *SPANISH_SPELLINGS)
        or re.fullmatch(_EPISODE_ONLY, folded) is not None
        or re.fullmatch(_SEASON_EPISODE, folded) is not None
    )


@dataclass(eq=False, repr=False)
class Scale:
    """All positions of one show, in order, plus the pack's named depths.

    ``depths`` maps each name (``premise`` and ``ending`` included) to the ordinal it stands for;
    ``depth_reveals`` to the ordinal from which the name itself may be printed (a depth name is text too).
    """

    positions: tuple[Position, ...]
    depths: Mapping[str, int]
    depth_reveals: Mapping[str, int]
    by_season_episode: Mapping[tuple[int, int], Position]
    single_season: bool

    @classmethod
    def build(
        cls, season_sizes: Iterable[tuple[int, int]], depths: Mapping[str, DepthSpelling | tuple[DepthSpelling, ...]]
    ) -> Scale:
        """Build from ``(season number, episode count)`` pairs and named depths given as
        ``name: spelling`` or ``name: (spelling, reveal spelling or None)``; a depth without a reveal is
        revealed at the position it names."""
        positions = [Position(0)]
        for season, count in season_sizes:
            for episode in range(1, count + 1):
                positions.append(Position(len(positions), season, episode))
        index = {(p.season, p.episode): p for p in positions[1:]}
        resolved = {PREMISE: 0, ENDING: len(positions) - 1}
        reveals = {PREMISE: 0, ENDING: 0}
        scale = cls(tuple(positions), resolved, reveals, index, len({p.season for p in positions[1:]}) <= 1)

        def ordinal_of(spelling: DepthSpelling) -> int:
            """An ``int`` is already an ordinal (as the loader resolves them); any other value a spelling."""
            # Mutation testing: any other text for a missing spelling is equivalent (both are refused alike).
            return spelling if isinstance(spelling, int) else scale.parse(spelling or "").ordinal  # pragma: no mutate

        for name, value in depths.items():
            spelling, shown = value if isinstance(value, tuple) else (value, None)
            ordinal = ordinal_of(spelling)
            resolved[name] = ordinal
            reveals[name] = ordinal if shown is None else ordinal_of(shown)
        return scale

    @property
    def last(self) -> Position:
        return self.positions[-1]

    def label(self, position: Position) -> str:
        """Human label: ``Premise``, ``Episode 3`` or ``Season 2, episode 4``."""
        if position.is_premise:
            # TRANSLATORS: the position before the first episode (the viewer knows only the premise); a heading.
            return _("Premise")
        if self.single_season:
            return _("Episode {episode}").format(episode=position.episode)
        return _("Season {season}, episode {episode}").format(season=position.season, episode=position.episode)

    def phrase(self, position: Position) -> str:
        """The position inside a sentence: ``the premise``, ``episode 3`` (with its article where the language
        wants one: ``el episodio 3``)."""
        if position.is_premise:
            return pgettext("in a sentence", "the premise")
        if self.single_season:
            return pgettext("in a sentence", "episode {episode}").format(episode=position.episode)
        return pgettext("in a sentence", "season {season}, episode {episode}").format(
            season=position.season, episode=position.episode
        )

    def visible_depths(self, upto: Position) -> list[str]:
        """The depth names a viewer at ``upto`` may see, in scale order."""
        shown = [name for name, at in self.depth_reveals.items() if at <= upto.ordinal]
        return sorted(shown, key=lambda name: (self.depths[name], name))

    def accepted(self, upto: Position) -> str:
        """The accepted spellings, for an error message; never a title, never a depth name not yet revealed."""
        names = ", ".join(spoken(name) for name in self.visible_depths(upto))
        last = self.last
        words = _words()
        if last.is_premise:
            return names
        # TRANSLATORS: {names} lists named depths (premise, ending ...); every other placeholder is a spelling
        # the command line accepts (3, e3, ep3, episode-3, s1e3, S01E03, 1x03), to be kept as it is.
        message = _(
            "{names}; an episode number 1-{last} written as {number}, {e_number}, {ep_number} or {episode_number}; "
            "or a season and episode written as {short}, {padded} or {crossed}"
        )
        return message.format(
            names=names,
            last=last.ordinal,
            number=last.ordinal,
            e_number=f"e{last.ordinal}",
            ep_number=f"ep{last.ordinal}",
            episode_number=f"{words['episode']}{last.ordinal}",
            short=f"{words['season']}{last.season}e{last.episode}",
            padded=f"S{last.season:02d}E{last.episode:02d}",
            crossed=f"{last.season}x{last.episode:02d}",
        )

    def parse(self, spelling: str | int, upto: Position | None = None) -> Position:
        """Turn any accepted spelling into a position, or raise ``UnknownPosition``.

        Built-in spellings are read before depth names, so no depth can reinterpret ``3`` or ``S01E03``.
        ``upto`` is where the viewer is: an error lists and suggests only depth names revealed there."""
        text = str(spelling).strip().casefold()
        text = SPANISH_SPELLINGS.get(text, text)
        if match := re.fullmatch(_EPISODE_ONLY, text):
            if len(match[1]) <= MAX_DIGITS and 1 <= (ordinal := int(match[1])) < len(self.positions):
                return self.positions[ordinal]
        elif match := re.fullmatch(_SEASON_EPISODE, text):
            numbers = [g for g in match.groups() if g is not None]
            if all(len(g) <= MAX_DIGITS for g in numbers):
                season, episode = (int(g) for g in numbers)
                if position := self.by_season_episode.get((season, episode)):
                    return position
        elif text in self.depths:
            return self.positions[self.depths[text]]
        where = upto or self.positions[0]
        shown = str(spelling) if len(str(spelling)) <= 40 else str(spelling)[:40] + "..."
        raise UnknownPosition(shown, self.accepted(where), self._closest_name(text, where))

    def _closest_name(self, text: str, upto: Position) -> str | None:
        """A named depth close to a mistyped one (``endign`` → ``ending``); revealed names only."""
        import difflib

        names = [spoken(name) for name in self.visible_depths(upto)]  # premisa, final in Spanish
        # Mutation testing: text[:41] is equivalent (the 40 characters only bound difflib's work), and so are n=2
        # or no n (only the best match is used).
        close = difflib.get_close_matches(
            text[:40],  # pragma: no mutate
            [*names, *self.visible_depths(upto)],
            n=1,  # pragma: no mutate
            cutoff=0.75,
        )
        return close[0] if close else None
