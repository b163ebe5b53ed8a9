"""A Trakt data export: pages of watched history, each item a movie or an episode with its numbers."""

from __future__ import annotations

import json

from cell211cli.i18n import _
from cell211cli.pack.model import LoadedPack
from cell211cli.text import clean
from cell211cli.viewer.history import EXPECTED, NotAHistory, ShowTitles
from cell211cli.viewer.history import HistoryReport as Report


def read_watched_history(pages: list[bytes], loaded: LoadedPack) -> Report:
    """Trakt marks an episode watched once it has been seen through, so every item counts as finished."""
    show = ShowTitles.of(loaded)
    # TRANSLATORS: the kind of file read: a watched history exported from Trakt.
    report = Report(_("Trakt history"))
    dates: list[str] = []
    for page in pages:
        try:
            items = json.loads(page.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            message = _("a Trakt history page is not valid JSON; {expected}")
            raise NotAHistory(message.format(expected=_(EXPECTED))) from None
        if not isinstance(items, list):
            message = _("a Trakt history page is not a list of items; {expected}")
            raise NotAHistory(message.format(expected=_(EXPECTED)))
        for item in items:
            if not isinstance(item, dict) or item.get("type") != "episode":
                continue  # movies (the 2009 film among them) and anything else
            title = (item.get("show") or {}).get("title")
            episode = item.get("episode") or {}
            if not isinstance(title, str) or title not in show:
                continue
            season, number = episode.get("season"), episode.get("number")
            place = None
            if type(season) is int and type(number) is int:
                place = loaded.scale.by_season_episode.get((season, number))
            if place is None:
                report.unmatched.append(clean(f"{title} {season}x{number}"))
                continue
            report.finished.add(place.ordinal)
            if isinstance(watched := item.get("watched_at"), str):
                dates.append(clean(watched[:10]))
    if report.finished and dates:
        report.latest = max(dates)
    return report
