"""Viewing histories → how far the viewer got with a show. Pure: the file's bytes and the pack in, a report out.

Formats are told apart by their content, not their names:

- Netflix "Viewing activity > Download all" (``NetflixViewingHistory.csv``): ``Title,Date`` rows, episodes known
  only by their titles (``netflix.read_viewing_history``);
- Netflix's personal-data archive (``ViewingActivity.csv``, or the ZIP holding it): profiles, bookmarks and
  ``(Episode N)`` titles (``netflix.read_viewing_activity``);
- a Trakt export (a ZIP of ``watched-history-N.json`` pages, or one page) (``trakt.read_watched_history``).

Nothing here prints. What the report holds that came from the file (profile names, unmatched rows) is the
file's own text; episodes are positions of the pack, never its titles.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from cell211cli.errors import BadUsage
from cell211cli.i18n import N_, _
from cell211cli.pack.model import Episode, LoadedPack
from cell211cli.pack.positions import Position, Scale
from cell211cli.text import fold

MAX_HISTORY_BYTES = 8 * 1024 * 1024
"""The same limit as for packs, for the file and for each entry of a ZIP."""
MAX_ZIP_ENTRIES = 10_000
FINISHED_MARGIN_MINUTES = 2
"""A viewing counts as finished when its bookmark is within this much of the episode's end (credits)."""

# TRANSLATORS: ends the message for a file that is not a viewing history; file names and Title,Date stay as they are.
EXPECTED = N_(
    "expected one of: Netflix's NetflixViewingHistory.csv (Title,Date), ViewingActivity.csv from a Netflix "
    "data archive or that archive's ZIP, or a Trakt export (a ZIP of watched-history JSON files)"
)
"""Marked for translation; translate it with ``_(EXPECTED)`` where a message uses it."""


class NotAHistory(BadUsage):
    """The file is not a viewing history of a known format."""


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
    """Rows of the show that name no episode the pack knows, in the file's own words."""
    latest: str | None = None
    """When the last finished episode was watched, as the file gives it."""


@dataclass(frozen=True, eq=False, repr=False)
class ShowTitles:
    """The show's names in every language, folded, to recognise its rows (never the 2009 film's)."""

    names: frozenset[str]

    @classmethod
    def of(cls, loaded: LoadedPack) -> ShowTitles:
        show = loaded.pack.show
        names = {show.title, *(show.original_title or "",), *show.titles.values()}
        return cls(frozenset(fold(name).strip() for name in names if name))

    def __contains__(self, title: str) -> bool:
        return fold(title).strip() in self.names


def read_history(data: bytes, loaded: LoadedPack, profile: str | None, date_order: str | None) -> HistoryReport:
    """The report for the pack's show from a history file's bytes, whatever its format."""
    from cell211cli.viewer.history import netflix, trakt

    if data.startswith(b"PK\x03\x04"):
        entries = _zip_entries(data)
        activity = [name for name in entries if name.rsplit("/", 1)[-1] == "ViewingActivity.csv"]
        if activity:
            return netflix.read_viewing_activity(_text(entries[activity[0]]), loaded, profile)
        pages = sorted(name for name in entries if name.rsplit("/", 1)[-1].startswith("watched-history"))
        if pages:
            return trakt.read_watched_history([entries[name] for name in pages], loaded)
        message = _("the ZIP holds no ViewingActivity.csv and no watched-history JSON; {expected}")
        raise NotAHistory(message.format(expected=_(EXPECTED)))
    text = _text(data)
    start = text.lstrip()[:1]
    if start in ("[", "{"):
        return trakt.read_watched_history([data], loaded)
    header = text.split("\n", 1)[0].strip().lower()
    if header.replace(";", ",").replace('"', "") == "title,date":
        return netflix.read_viewing_history(text, loaded, date_order)
    if "profile name" in header and "start time" in header:
        return netflix.read_viewing_activity(text, loaded, profile)
    raise NotAHistory(_("this is not a viewing history cell211 can read; {expected}").format(expected=_(EXPECTED)))


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError:
        raise NotAHistory(_("the file is not UTF-8 text; {expected}").format(expected=_(EXPECTED))) from None


def _too_large(name: str) -> str:
    return _("{name} in the ZIP is over {size} MiB").format(name=name, size=MAX_HISTORY_BYTES >> 20)


def _zip_entries(data: bytes) -> dict[str, bytes]:
    """The entries a history can hold (CSV and JSON), each read to at most the size limit."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise NotAHistory(_("the ZIP has more than {count} entries").format(count=f"{MAX_ZIP_ENTRIES:,}"))
        wanted = [info for info in infos if info.filename.endswith((".csv", ".json")) and not info.is_dir()]
        entries = {}
        for info in wanted:
            if info.file_size > MAX_HISTORY_BYTES:
                raise NotAHistory(_too_large(info.filename))
            with archive.open(info) as entry:
                content = entry.read(MAX_HISTORY_BYTES + 1)  # the size in the header may lie
            if len(content) > MAX_HISTORY_BYTES:
                raise NotAHistory(_too_large(info.filename))
            entries[info.filename] = content
        return entries
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError) as error:
        raise NotAHistory(_("the ZIP cannot be read ({error})").format(error=error)) from None


def finished_minutes(loaded: LoadedPack, ordinal: int) -> int | None:
    """How far (in minutes) a viewing of this episode must reach to count as finished; None when unknown."""
    episode = _episode(loaded, ordinal)
    length = episode.runtime if episode and episode.runtime else loaded.pack.show.longest_runtime
    return None if length is None else max(length - FINISHED_MARGIN_MINUTES, 1)


def _episode(loaded: LoadedPack, ordinal: int) -> Episode | None:
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
