"""What a history says about one show (``HistoryReport``), and the position it supports (``position_from``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from cell211cli.pack.model import LoadedPack
from cell211cli.pack.positions import Position, Scale
from cell211cli.text import fold
from cell211cli.viewer.history.evidence import Reason

MAX_TITLE_CHARS = 500
"""A longer title is no episode of any show (Netflix's are under 200 characters): such rows are skipped."""


@dataclass(eq=False, repr=False)
class HistoryReport:
    """What one history file says about one show."""

    source: str
    """The format, and the profile when it has several: ``Netflix archive, profile Ana``."""
    finished: set[int] = field(default_factory=set)
    """Ordinals of the episodes watched to the end."""
    begun: set[int] = field(default_factory=set)
    """Ordinals of episodes begun but not finished (and not finished in another viewing)."""
    unmatched: list[str] = field(default_factory=list)
    """Rows of the show that name no episode the pack knows, in the file's own words (the first hundred)."""
    unmatched_count: int = 0
    """How many such rows there are."""
    latest: str | None = None
    """The day the show was last watched (the latest row of the show), as the file gives it."""
    reasons: dict[int, Reason] = field(default_factory=dict)
    """Why each finished episode counts as finished."""
    reached: dict[int, int] = field(default_factory=dict)
    """The furthest bookmark of each episode, in seconds, where the file gives bookmarks."""
    undecided: set[int] = field(default_factory=set)
    """Begun episodes nothing after them decides: the last viewed, short of the end but not abandoned."""
    unknown: list[str] = field(default_factory=list)
    """The dates of the distinct episodes a quick history lists under titles the pack does not know, earliest
    first (in the file's order when its dates read either way)."""
    settled: set[str] = field(default_factory=set)
    """The questions already put to the person (see ``questions``)."""

    def finish(self, ordinal: int, reason: Reason) -> None:
        self.finished.add(ordinal)
        self.begun.discard(ordinal)
        self.undecided.discard(ordinal)
        self.reasons[ordinal] = reason


@dataclass(frozen=True, eq=False, repr=False)
class ShowTitles:
    """The show's names in every language, folded, to recognise its rows (never a film's of the same name)."""

    names: frozenset[str]
    longest: int
    """The length of the longest name: a title's parts past it cannot be the show's name."""

    @classmethod
    def of(cls, loaded: LoadedPack) -> ShowTitles:
        show = loaded.pack.show
        names = {show.title, *show.titles.values()}
        if show.original_title:
            names.add(show.original_title)
        return cls(frozenset(fold(name).strip() for name in names), max(map(len, names)))

    def __contains__(self, title: str) -> bool:
        return fold(title).strip() in self.names


@dataclass(frozen=True, eq=False, repr=False)
class Verdict:
    """The position a report supports, and what it leaves out."""

    position: Position
    beyond_gap: list[int]


def position_from(report: HistoryReport, scale: Scale, count_gaps: bool = False) -> Verdict:
    """The longest unbroken run of finished episodes from episode 1 (or, with ``count_gaps``, the last
    finished episode); episodes finished past a gap are reported, not counted. The premise when episode 1
    is not finished."""
    run = 0
    while run + 1 in report.finished:
        run += 1
    beyond = sorted(ordinal for ordinal in report.finished if ordinal > run)  # run + 1 is not finished
    reached = max(report.finished, default=0) if count_gaps else run
    return Verdict(scale.positions[reached], [] if count_gaps else beyond)
