"""Viewing histories → how far the viewer got with a show. Pure: a history file in, a report out; nothing
here prints or asks (``questions`` says what to ask, ``summary`` what to say).

Formats are told apart by their content, not their names, and read as streams (``streams``):

- Netflix "Viewing activity > Download all" (``NetflixViewingHistory.csv``): ``Title,Date`` rows, episodes
  known by their titles or a number in them; every listed episode was begun, and one with a later episode
  listed was finished (``netflix``);
- Netflix's personal-data archive (``ViewingActivity.csv``, or the ZIP holding it): profiles, bookmarks and
  ``(Episode N)`` titles, read by the rules of ``evidence``;
- a Trakt export (a ZIP of ``watched-history-N.json`` pages, or one page), whose "watched" is a finish (``trakt``).

What the report holds that came from the file (profile names, unmatched rows) is the file's own text;
episodes are positions of the pack, never its titles.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from cell211cli.history.evidence import Reason
from cell211cli.history.streams import (
    EXPECTED,
    MAX_HISTORY_BYTES,
    Archive,
    Budget,
    NotAHistory,
    open_file,
    too_large,
)
from cell211cli.i18n import _
from cell211cli.model import Episode, LoadedPack
from cell211cli.positions import Position, Scale
from cell211cli.text import fold

__all__ = ["EXPECTED", "MAX_HISTORY_BYTES", "HistoryReport", "NotAHistory", "position_from", "read_history"]

MAX_TITLE_CHARS = 500
"""A longer title is no episode of any show (Netflix's are under 200 characters): such rows are skipped."""
_SNIFF_BYTES = 4096


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
    """The show's names in every language, folded, to recognise its rows (never the 2009 film's)."""

    names: frozenset[str]
    longest: int
    """The length of the longest name: a title's parts past it cannot be the show's name."""

    @classmethod
    def of(cls, loaded: LoadedPack) -> ShowTitles:
        show = loaded.pack.show
        names = {show.title, *(show.original_title or "",), *show.titles.values()}
        folded = frozenset(fold(name).strip() for name in names if name)
        return cls(folded, max((len(name) for name in names if name), default=0))

    def __contains__(self, title: str) -> bool:
        return fold(title).strip() in self.names


def read_history(
    source: Path | BinaryIO, loaded: LoadedPack, profile: str | None, date_order: str | None
) -> HistoryReport:
    """The report for the pack's show from a history file (a path, or a seekable binary stream), whatever its
    format. Read as a stream: at most ``MAX_HISTORY_BYTES`` of text (decompressed, for a ZIP), memory bounded
    by the rows of the show, not the file."""
    if isinstance(source, Path):
        with open_file(source) as stream:
            return _read(stream, loaded, profile, date_order)
    return _read(source, loaded, profile, date_order)


def _read(stream: BinaryIO, loaded: LoadedPack, profile: str | None, date_order: str | None) -> HistoryReport:
    from cell211cli.history import netflix, trakt

    budget = Budget()
    start = stream.read(4)
    stream.seek(0)
    if start == b"PK\x03\x04":
        archive = Archive(stream)
        by_file_name: dict[str, list[str]] = {}
        for name in archive.names:
            by_file_name.setdefault(name.rsplit("/", 1)[-1], []).append(name)
        activity = sorted(
            by_file_name.get("ViewingActivity.csv", []), key=lambda name: "CONTENT_INTERACTION" not in name
        )
        if activity:
            return netflix.read_csv(archive.open(activity[0]), budget, loaded, profile, date_order)
        pages = sorted(
            name
            for file_name, names in by_file_name.items()
            if file_name.startswith("watched-history") and file_name.endswith(".json")
            for name in names
        )
        if pages:
            return trakt.read_watched_history((archive.open(name) for name in pages), budget, loaded)
        message = _("the ZIP holds no ViewingActivity.csv and no watched-history JSON; {expected}")
        raise NotAHistory(message.format(expected=_(EXPECTED)))
    if stream.seek(0, os.SEEK_END) > MAX_HISTORY_BYTES:
        raise too_large()
    stream.seek(0)
    if _first_character(stream) in (b"[", b"{"):
        stream.seek(0)
        return trakt.read_watched_history(iter([stream]), budget, loaded)
    stream.seek(0)
    return netflix.read_csv(stream, budget, loaded, profile, date_order)


def _first_character(stream: BinaryIO) -> bytes:
    """The first byte that is not white space (nor a BOM), looking no further than the first few KiB."""
    head = stream.read(_SNIFF_BYTES).removeprefix(b"\xef\xbb\xbf").lstrip()
    return head[:1]


def episode_of(loaded: LoadedPack, ordinal: int) -> Episode | None:
    """The pack's entry for the episode at this ordinal (None when the pack lists none)."""
    position = loaded.scale.positions[ordinal]
    for season in loaded.pack.show.seasons:
        if season.number == position.season:
            return next((e for e in season.episodes if e.number == position.episode), None)
    return None


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
    beyond = sorted(ordinal for ordinal in report.finished if ordinal > run + 1)
    reached = max(report.finished, default=0) if count_gaps else run
    return Verdict(scale.positions[reached], [] if count_gaps else beyond)
