"""Netflix's two history files, read as streams: the "Download all" list (Title,Date) and the personal-data
archive's ViewingActivity.csv (profiles, bookmarks, ``(Episode N)`` titles)."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import BinaryIO

from cell211cli.errors import BadUsage
from cell211cli.i18n import _
from cell211cli.pack.model import LoadedPack
from cell211cli.text import clean, fold
from cell211cli.viewer.history.evidence import Reason, Row, decide
from cell211cli.viewer.history.report import MAX_TITLE_CHARS, ShowTitles
from cell211cli.viewer.history.report import HistoryReport as Report
from cell211cli.viewer.history.streams import EXPECTED, MAX_LINE_CHARS, Budget, NotAHistory, text_lines

_EPISODE_NUMBER = re.compile(r"\((?:[^\W\d_]+)\s+(\d{1,4})\)\s*$")
"""``... (Episode 3)``, ``(Episodio 3)``, ``(Épisode 3)``: the archive's episode number at the end of a title."""
_NUMBERED_TITLE = re.compile(r"^(?:episode|episodio|épisode|episódio|episodi|folge|capítulo|capitulo)\s+(\d{1,4})$")
"""A quick history's title that is only a number: ``Episode 4``, ``Episodio 4`` (folded, so lower case)."""
_SEASON_NUMBER = re.compile(r"(\d{1,4})")
_DATE = re.compile(r"^\s*(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})\s*$")
_DURATION = re.compile(r"^\s*(\d{1,3}):(\d{2}):(\d{2})\s*$")
DATE_ORDERS = ("dmy", "mdy", "ymd")
MAX_UNMATCHED_KEPT = 100
"""Unmatched rows kept to quote (all are counted)."""


def read_csv(stream: BinaryIO, budget: Budget, loaded: LoadedPack, profile: str | None, order: str | None) -> Report:
    """Either Netflix file, told apart by its header."""
    lines = text_lines(stream, budget)
    header = next(lines, "")  # pragma: no mutate (any default is equivalent: no file kind has no header)
    folded = header.strip().lower()
    if folded.replace(";", ",").replace('"', "") == "title,date":
        return _read_quick(_rows(header, lines), loaded, order)
    if "profile name" in folded and "start time" in folded:
        return _read_activity(_rows(header, lines), loaded, profile)
    raise NotAHistory(_("this is not a viewing history cell211 can read; {expected}").format(expected=_(EXPECTED)))


def _rows(header: str, lines: Iterator[str]) -> Iterator[dict[str, str]]:
    """CSV rows by header name, each at most ``MAX_LINE_CHARS`` long (quoted line breaks included); a file
    re-saved by a spreadsheet with ``;`` separators is read as well. A column the header or a row lacks
    reads as empty."""
    # Mutation testing: a tie or a miscount is equivalent (no history's header has as many of each, or any of
    # both), and so is a row length counted from 1 (the bound is on memory, to a character).
    delimiter = ";" if header.count(";") > header.count(",") else ","  # pragma: no mutate
    pending = 0  # pragma: no mutate

    def counted() -> Iterator[str]:
        nonlocal pending
        for line in chain([header], lines):
            pending += len(line)
            if pending > MAX_LINE_CHARS:
                message = _("a row is over {count} characters long; {expected}")
                raise NotAHistory(message.format(count=f"{MAX_LINE_CHARS:,}", expected=_(EXPECTED)))
            yield line

    try:
        reader = csv.reader(counted(), delimiter=delimiter)
        # Mutation testing: the default is equivalent (the first row is the header, which is never empty), and
        # so are a count from 1 and zip's strict=None or its default (False).
        names = [name.strip() for name in next(reader, [])]  # pragma: no mutate
        pending = 0
        for values in reader:
            pending = 0  # pragma: no mutate
            yield defaultdict(str, zip(names, values, strict=False))  # pragma: no mutate
    except csv.Error as error:
        # Mutation testing: no file reaches this in Python 3.11 (a NUL is read, and a field is held under
        # csv's size limit above); kept as a guard, so its mutants are not run.
        raise NotAHistory(_("the CSV cannot be read ({error})").format(error=error)) from None  # pragma: no mutate


def _split_title(title: str, show: ShowTitles) -> tuple[str, str] | None:
    """``Show: Season 1: Episode title`` → (season part, episode title) for the show's episodes; None for
    anything else: a film of the same name (no season part), other shows, titles too long to be an episode's.

    Only the parts that fit in the show's longest name are tried, so this is linear in the title."""
    # Mutation testing: the bounds below only keep a title of many colons from being joined every way (time,
    # not output): a character more or less, or no bound, is equivalent in what is found.
    # pragma: no mutate start
    if len(title) > MAX_TITLE_CHARS:
        return None
    parts = [part.strip() for part in title.split(":")]
    bound = 2 * show.longest + 8
    length = 0
    # pragma: no mutate end
    for cut in range(1, len(parts) - 1):
        length += len(parts[cut - 1]) + 2  # pragma: no mutate
        if length > bound:  # pragma: no mutate
            return None
        if ":".join(parts[:cut]) in show or ": ".join(parts[:cut]) in show:
            return parts[cut], ": ".join(parts[cut + 1 :])
    return None


def _season(part: str, loaded: LoadedPack) -> int | None:
    """The season a ``Season 2`` / ``Temporada 2`` / ``Limited Series`` part names (a lone season when no number)."""
    found = _SEASON_NUMBER.search(part)
    if found:
        return int(found[1])
    seasons = loaded.pack.show.seasons
    return seasons[0].number if len(seasons) == 1 else None


def _numbered(season_part: str, episode_title: str, loaded: LoadedPack, quick: bool = False) -> int | None:
    """The ordinal an episode number in the title names: ``(Episode 4)`` at its end, or (``quick``) a title
    that is only ``Episode 4``."""
    number = _EPISODE_NUMBER.search(episode_title)
    if number is None and quick:
        number = _NUMBERED_TITLE.match(fold(episode_title).strip())
    season = _season(season_part, loaded)
    if number is None or season is None:
        return None
    place = loaded.scale.by_season_episode.get((season, int(number[1])))
    return None if place is None else place.ordinal


def _unmatched(report: Report, title: str) -> None:
    report.unmatched_count += 1
    if len(report.unmatched) < MAX_UNMATCHED_KEPT:
        report.unmatched.append(clean(title))


# ── NetflixViewingHistory.csv: Title,Date; episodes known by their titles or numbers ──


@dataclass(eq=False, repr=False)
class _DateEvidence:
    """What the dates of a file say about their order, gathered row by row."""

    year_first: bool = False
    day_first: bool = False
    month_first: bool = False
    all_alike: bool = True
    latest: dict[str, tuple[tuple[int, int, int], str]] = field(default_factory=dict)
    """Per order, the show's latest date read that way and as written."""

    def add(self, date: str, of_the_show: bool) -> None:
        match = _DATE.match(date)
        if match is None:
            return
        first, second, third = (int(group) for group in match.groups())
        # Mutation testing: `=` for `|=` is equivalent for the files read (a file writes every date one way).
        self.year_first |= len(match[1]) == 4  # pragma: no mutate
        self.day_first |= first > 12
        self.month_first |= second > 12
        self.all_alike &= first == second
        if of_the_show:
            for order in DATE_ORDERS:
                key = _ymd(first, second, third, order)
                # Mutation testing: `>=` is equivalent (one day written two ways in one file would be needed).
                if order not in self.latest or key > self.latest[order][0]:  # pragma: no mutate
                    self.latest[order] = (key, date.strip())

    def order(self, given: str | None) -> str | None:
        """The order the dates are in; None when they read either way (day/month or month/day)."""
        if given is not None:
            if given not in DATE_ORDERS:
                raise BadUsage(_("--date-order must be one of {orders}").format(orders=", ".join(DATE_ORDERS)))
            return given
        if self.year_first:
            return "ymd"
        if self.day_first:
            return "dmy"
        if self.month_first:
            return "mdy"
        return "dmy" if self.all_alike else None

    def last_day(self, given: str | None) -> str | None:
        """The show's last day watched, as YYYY-MM-DD; as written when the order is unknown but does not
        matter (the same row is the latest either way); None when it matters."""
        order = self.order(given)
        if order is not None:
            found = self.latest.get(order)
            return None if found is None else "{:04d}-{:02d}-{:02d}".format(*found[0])
        either = {self.latest[order][1] for order in ("dmy", "mdy") if order in self.latest}
        return clean(either.pop()) if len(either) == 1 else None

    def in_order(self, listed: list[str], given: str | None) -> list[str]:
        """Dates earliest first (those that cannot be read last); as listed when the order is unknown and the
        two readings (day/month, month/day) sort them differently."""
        order = self.order(given)
        if order is not None:
            return _sorted_dates(listed, order)
        either = [_sorted_dates(listed, order) for order in ("dmy", "mdy")]
        # Mutation testing: `either[1]` for the first `either[0]` is equivalent (the two lists are equal there).
        return either[0] if either[0] == either[1] else listed  # pragma: no mutate


def _sorted_dates(dates: list[str], order: str) -> list[str]:
    def key(date: str) -> tuple[int, int, int]:
        match = _DATE.match(date)
        if match is None:
            # Mutation testing: any other year past every real one (11**9, 10**10) or month and day is equivalent.
            return (10**9, 0, 0)  # pragma: no mutate
        return _ymd(int(match[1]), int(match[2]), int(match[3]), order)

    return sorted(dates, key=key)


def _ymd(first: int, second: int, third: int, order: str) -> tuple[int, int, int]:
    year, month, day = {
        "ymd": (first, second, third),
        "dmy": (third, second, first),
        "mdy": (third, first, second),
    }[order]
    # Mutation testing: `<= 100`, `< 101` are equivalent (no viewing history is dated in the year 100).
    return (year + (2000 if year < 100 else 0), month, day)  # pragma: no mutate


def _read_quick(rows: Iterator[dict[str, str]], loaded: LoadedPack, date_order: str | None) -> Report:
    """Every listed episode was at least begun; one with a later episode listed was finished."""
    show = ShowTitles.of(loaded)
    by_title = _episode_titles(loaded)
    # TRANSLATORS: the kind of file read: the list from Netflix's "Viewing activity > Download all".
    report = Report(_("Netflix viewing history"))
    dates = _DateEvidence()
    unknown: dict[str, str] = {}
    """Folded title → date, for the distinct episodes of the show under titles the pack does not know."""
    show_names: set[str] = set()
    total = loaded.scale.last.ordinal
    for row in rows:
        title, date = row["Title"], row["Date"]
        split = _split_title(title, show)
        dates.add(date, split is not None)
        if split is None:
            continue
        show_names.add(fold(title.partition(":")[0]).strip())
        ordinal = by_title.get(fold(split[1]).strip()) or _numbered(*split, loaded, quick=True)
        if ordinal is not None:
            report.begun.add(ordinal)
            continue
        _unmatched(report, title)
        key = fold(split[1]).strip()
        if key not in unknown and len(unknown) <= total:
            unknown[key] = date.strip()
    report.latest = dates.last_day(date_order)
    if len(show_names) == 1 and unknown and len(report.begun) + len(unknown) == total:
        # Every episode of the show appears, in one language: whatever their titles, each has been begun.
        report.begun, report.unmatched, report.unmatched_count = set(range(1, total + 1)), [], 0
    else:
        report.unknown = [clean(date) for date in dates.in_order(list(unknown.values()), date_order)]
    highest = max(report.begun) if report.begun else 0
    for ordinal in sorted(report.begun):
        if ordinal < highest:
            report.finish(ordinal, Reason.LATER_LISTED)
    if highest:
        report.undecided.add(highest)
    return report


def _episode_titles(loaded: LoadedPack) -> dict[str, int]:
    """Every title an episode has in the pack, in any language, folded → its ordinal."""
    titles: dict[str, int] = {}
    for season in loaded.pack.show.seasons:
        for episode in season.episodes:
            ordinal = loaded.scale.by_season_episode[(season.number, episode.number)].ordinal
            for title in (episode.title, *episode.titles.values()):
                if title:
                    titles[fold(title).strip()] = ordinal
    return titles


# ── ViewingActivity.csv: profiles, bookmarks, (Episode N) ──


def _read_activity(rows: Iterator[dict[str, str]], loaded: LoadedPack, profile: str | None) -> Report:
    show = ShowTitles.of(loaded)
    by_profile: dict[str, list[Row]] = {}
    unmatched: dict[str, Report] = {}
    """Per profile, the rows of the show that name no episode (counted, the first few kept)."""
    for row in rows:
        if row["Supplemental Video Type"].strip():
            continue  # HOOK, TRAILER, RECAP ...: never an episode
        title = row["Title"]
        split = _split_title(title, show)
        if split is None:
            continue
        name = row["Profile Name"].strip()
        viewings = by_profile.setdefault(name, [])
        ordinal = _numbered(*split, loaded)
        if ordinal is None:
            collected = unmatched.setdefault(
                name,
                Report(""),  # pragma: no mutate (equivalent: only its rows are kept, never its source)
            )
            _unmatched(collected, title)
            continue
        reached = _seconds(row["Bookmark"]) or _seconds(row["Latest Bookmark"])
        began_at = max(
            reached - _seconds(row["Duration"]),
            0,  # pragma: no mutate (a floor of 1 second is equivalent: a resumption begins past 120)
        )
        autoplayed = "autoplayed" in row["Attributes"].casefold()
        viewings.append(Row(row["Start Time"].strip(), ordinal, began_at, reached, autoplayed))
    name = _profile(sorted(by_profile), profile)
    # TRANSLATORS: the kind of file read: ViewingActivity.csv from Netflix's personal-data archive.
    archive = _("Netflix archive")
    # TRANSLATORS: the kind of file read, ViewingActivity.csv from Netflix's personal-data archive, and the
    # profile (a person's name in the account) whose viewings were read.
    report = Report(_("Netflix archive, profile {profile}").format(profile=clean(name)) if name else archive)
    if name in unmatched:
        report.unmatched, report.unmatched_count = unmatched[name].unmatched, unmatched[name].unmatched_count
    viewings = by_profile.get(name, [])
    findings = decide(viewings, loaded)
    report.reached = dict(findings.reached)
    report.begun = set(findings.reached)
    for ordinal, reason in findings.finished.items():
        report.finish(ordinal, reason)
    report.undecided = set(findings.undecided)
    days = [viewing.when[:10] for viewing in viewings if viewing.when]
    report.latest = clean(max(days)) if days else None
    return report


def _profile(profiles: list[str], given: str | None) -> str:
    """The profile to read: the one given (in any case), or the only one that watched the show."""
    if given is not None:
        chosen = [name for name in profiles if fold(name) == fold(given)]
        if not chosen:
            # TRANSLATORS: stands for the list of profiles when no profile of the file watched the show.
            listed = ", ".join(clean(name) for name in profiles) or _("none")
            message = _("no profile {profile} watched the show in this file (profiles: {profiles})")
            raise BadUsage(message.format(profile=repr(clean(given)), profiles=listed))
        return chosen[0]
    if len(profiles) > 1:
        listed = ", ".join(clean(name) for name in profiles)
        # TRANSLATORS: NAME stands for a profile name.
        message = _("several profiles watched the show ({profiles}): choose one with --profile NAME")
        raise BadUsage(message.format(profiles=listed))
    return profiles[0] if profiles else ""


def _seconds(bookmark: str) -> int:
    match = _DURATION.match(bookmark)
    if not match:
        return 0
    hours, minutes, seconds = (int(group) for group in match.groups())
    return hours * 3600 + minutes * 60 + seconds
