"""Netflix's two history files: the "Download all" list and the personal-data archive's ViewingActivity.csv."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator

from cell211cli.errors import BadUsage
from cell211cli.i18n import _
from cell211cli.pack.model import LoadedPack
from cell211cli.text import clean, fold
from cell211cli.viewer.history import HistoryReport as Report
from cell211cli.viewer.history import NotAHistory, ShowTitles, finished_minutes

_EPISODE_NUMBER = re.compile(r"\((?:[^\W\d_]+)\s+(\d{1,4})\)\s*$")
"""``... (Episode 3)``, ``(Episodio 3)``, ``(Épisode 3)``: the archive's episode number at the end of a title."""
_SEASON_NUMBER = re.compile(r"(\d{1,4})")
_DATE = re.compile(r"^\s*(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})\s*$")
_DURATION = re.compile(r"^\s*(\d{1,3}):(\d{2}):(\d{2})\s*$")
DATE_ORDERS = ("dmy", "mdy", "ymd")


def _rows(text: str) -> Iterator[dict[str, str]]:
    """CSV rows by header name; a file re-saved by a spreadsheet with ``;`` separators is read as well."""
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    try:
        reader = csv.DictReader(text.splitlines(), delimiter=delimiter)
        for row in reader:
            yield {(key or "").strip(): (value or "") for key, value in row.items() if isinstance(value, str)}
    except csv.Error as error:
        raise NotAHistory(_("the CSV cannot be read ({error})").format(error=error)) from None


def _split_title(title: str, show: ShowTitles) -> tuple[str, str] | None:
    """``Show: Season 1: Episode title`` → (season part, episode title) for the show's episodes; None for
    anything else, the 2009 film included (a film has no season part)."""
    parts = [part.strip() for part in title.split(":")]
    for cut in range(1, len(parts) - 1):
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


# ── NetflixViewingHistory.csv: Title,Date; episodes known only by their titles ──


def read_viewing_history(text: str, loaded: LoadedPack, date_order: str | None) -> Report:
    show = ShowTitles.of(loaded)
    rows = list(_rows(text))
    order = _date_order([row.get("Date", "") for row in rows], date_order)
    by_title = _episode_titles(loaded)
    # TRANSLATORS: the kind of file read: the list from Netflix's "Viewing activity > Download all".
    report = Report(_("Netflix viewing history"))
    unknown_titles: set[str] = set()
    show_names: set[str] = set()
    dates: list[str] = []
    for row in rows:
        title = row.get("Title", "")
        split = _split_title(title, show)
        if split is None:
            continue
        show_names.add(fold(title.split(":", 1)[0]))
        dates.append(_iso(row.get("Date", ""), order))
        ordinal = by_title.get(fold(split[1]).strip())
        if ordinal is None:
            unknown_titles.add(fold(split[1]).strip())
            report.unmatched.append(clean(title))
        else:
            report.finished.add(ordinal)  # this list holds titles watched; it has no bookmarks
    total = loaded.scale.last.ordinal
    if len(show_names) == 1 and len(report.finished) + len(unknown_titles) == total:
        # Every episode of the show appears, in one language: whatever their titles, all have been seen.
        report.finished, report.unmatched = set(range(1, total + 1)), []
    if report.finished:
        report.latest = max(dates)
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


def _date_order(dates: list[str], given: str | None) -> str | None:
    """The order of day, month and year in the file's dates, told from the whole file where it can be."""
    if given is not None:
        if given not in DATE_ORDERS:
            raise BadUsage(_("--date-order must be one of {orders}").format(orders=", ".join(DATE_ORDERS)))
        return given
    groups = [match.groups() for date in dates if (match := _DATE.match(date))]
    if not groups:
        return None
    if any(len(first) == 4 for first, _second, _third in groups):
        return "ymd"
    parts = [tuple(int(group) for group in found) for found in groups]
    if any(first > 12 for first, _second, _third in parts):
        return "dmy"
    if any(second > 12 for _first, second, _third in parts):
        return "mdy"
    if all(first == second for first, second, _third in parts):
        return "dmy"  # every date reads the same either way
    # TRANSLATORS: dmy and mdy are values of --date-order, to be kept as they are.
    message = _(
        "the dates in this file could be day/month or month/day (like 1/2/25); "
        "say which with --date-order dmy or --date-order mdy"
    )
    raise BadUsage(message)


def _iso(date: str, order: str | None) -> str:
    """A date as YYYY-MM-DD, or as written when it cannot be read."""
    match = _DATE.match(date)
    if not match or order is None:
        return clean(date.strip())
    first, second, third = (int(group) for group in match.groups())
    year, month, day = {
        "ymd": (first, second, third),
        "dmy": (third, second, first),
        "mdy": (third, first, second),
    }[order]
    year += 2000 if year < 100 else 0
    return f"{year:04d}-{month:02d}-{day:02d}"


# ── ViewingActivity.csv: profiles, bookmarks, (Episode N) ──


def read_viewing_activity(text: str, loaded: LoadedPack, profile: str | None) -> Report:
    show = ShowTitles.of(loaded)
    rows = [row for row in _rows(text) if not row.get("Supplemental Video Type", "").strip()]
    ours = [row for row in rows if _split_title(row.get("Title", ""), show) is not None]
    profiles = sorted({row.get("Profile Name", "").strip() for row in ours})
    if profile is not None:
        chosen = [name for name in profiles if fold(name) == fold(profile)]
        if not chosen:
            # TRANSLATORS: stands for the list of profiles when no profile of the file watched the show.
            listed = ", ".join(clean(name) for name in profiles) or _("none")
            message = _("no profile {profile} watched the show in this file (profiles: {profiles})")
            raise BadUsage(message.format(profile=repr(clean(profile)), profiles=listed))
        ours = [row for row in ours if row.get("Profile Name", "").strip() == chosen[0]]
        name = chosen[0]
    elif len(profiles) > 1:
        listed = ", ".join(clean(name) for name in profiles)
        # TRANSLATORS: NAME stands for a profile name.
        message = _("several profiles watched the show ({profiles}): choose one with --profile NAME")
        raise BadUsage(message.format(profiles=listed))
    else:
        name = profiles[0] if profiles else ""
    # TRANSLATORS: the kind of file read: ViewingActivity.csv from Netflix's personal-data archive.
    archive = _("Netflix archive")
    # TRANSLATORS: the kind of file read, ViewingActivity.csv from Netflix's personal-data archive, and the
    # profile (a person's name in the account) whose viewings were read.
    report = Report(_("Netflix archive, profile {profile}").format(profile=clean(name)) if name else archive)
    reached: dict[int, int] = {}
    when: dict[int, str] = {}
    for row in ours:
        season_part, episode_title = _split_title(row.get("Title", ""), show) or ("", "")
        number = _EPISODE_NUMBER.search(episode_title)
        season = _season(season_part, loaded)
        place = loaded.scale.by_season_episode.get((season, int(number[1]))) if number and season else None
        if place is None:
            report.unmatched.append(clean(row.get("Title", "")))
            continue
        seconds = max(_seconds(row.get("Bookmark", "")), _seconds(row.get("Latest Bookmark", "")))
        if seconds >= reached.get(place.ordinal, -1):
            reached[place.ordinal] = seconds
            when[place.ordinal] = clean(row.get("Start Time", "").strip()[:10])
    for ordinal, seconds in reached.items():
        needed = finished_minutes(loaded, ordinal)
        if needed is not None and seconds >= needed * 60:
            report.finished.add(ordinal)
        else:
            report.begun.add(ordinal)
    if report.finished:
        report.latest = max(when[ordinal] for ordinal in report.finished)
    return report


def _seconds(bookmark: str) -> int:
    match = _DURATION.match(bookmark)
    if not match:
        return 0
    hours, minutes, seconds = (int(group) for group in match.groups())
    return hours * 3600 + minutes * 60 + seconds
