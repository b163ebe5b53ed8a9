"""The dated progress history: every change of position, with when and how it was made.

A change is kept in the progress file as ``{"date": ISO 8601, "at": "S01E04", "from": "S01E02",
"origin": "typed", "watch": "first", "file": null}``, oldest first, at most ``MAX_PER_PACK`` per pack and
``MAX_CHANGES`` in all (the oldest go first). The clock is the system's, or ``CELL211_NOW`` (ISO 8601) for
tests and demos.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from typing import Any

from cell211cli.errors import BadUsage
from cell211cli.i18n import _

MAX_PER_PACK = 100
MAX_CHANGES = 1000
"""About 200 bytes a change: the whole history stays far below the progress file's size limit."""
_MAX_TEXT = 300

ORIGINS = ("typed", "import", "rewatch", "stop", "clear", "migrated")
"""How a position was set: ``progress N`` (or next), ``progress import FILE``, ``progress rewatch``,
``progress rewatch --stop``, ``progress --clear``, or a file saved before the history was kept."""
WATCHES = ("first", "rewatch")


def now() -> datetime.datetime:
    """The current time with its offset: ``CELL211_NOW`` when set (a time without an offset is local)."""
    value = os.environ.get("CELL211_NOW", "").strip()
    if not value:
        return datetime.datetime.now().astimezone()
    try:
        moment = datetime.datetime.fromisoformat(value[:64])
    except ValueError:
        message = _("CELL211_NOW={value} is not an ISO 8601 date and time (such as 2026-03-02T20:00:00+01:00)")
        raise BadUsage(message.format(value=repr(value[:64]))) from None
    return moment.astimezone() if moment.tzinfo is None else moment


def stamp(moment: datetime.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def parse_stamp(value: str | None) -> datetime.datetime | None:
    """A stored date, or None when there is none or it cannot be read."""
    if value is None:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.astimezone() if moment.tzinfo is None else moment


@dataclass(eq=False, repr=False)
class Change:
    """One change of position: ``at`` is None when progress was cleared; ``before`` is the position it
    replaced (the same watch's)."""

    date: str | None
    at: str | None
    before: str | None
    origin: str
    watch: str = "first"
    file: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "at": self.at,
            "from": self.before,
            "origin": self.origin,
            "watch": self.watch,
            "file": self.file,
        }

    @classmethod
    def from_json(cls, value: object) -> Change | None:
        """The change stored as ``value``, or None when it is malformed."""
        if not isinstance(value, dict):
            return None
        texts = [value.get(key) for key in ("date", "at", "from", "file")]
        if not all(text is None or (isinstance(text, str) and len(text) <= _MAX_TEXT) for text in texts):
            return None
        origin, watch = value.get("origin"), value.get("watch", "first")
        if origin not in ORIGINS or watch not in WATCHES:
            return None
        date, at, before, file = texts
        return cls(date, at, before, str(origin), str(watch), file)


def read_history(value: object) -> tuple[dict[str, list[Change]], bool]:
    """The stored histories by pack, and whether anything in them was malformed (and dropped)."""
    if value is None:
        return {}, False
    if not isinstance(value, dict):
        return {}, True
    histories: dict[str, list[Change]] = {}
    dropped = False
    for pack_id, changes in value.items():
        if not isinstance(changes, list):
            dropped = True
            continue
        kept = [change for change in map(Change.from_json, changes) if change is not None]
        dropped = dropped or len(kept) != len(changes)
        histories[pack_id] = kept[-MAX_PER_PACK:]
    return histories, dropped


def migrated(position: str, saved_on: str | None) -> Change:
    """The one change a progress file from before the history stands for: dated when the file was last
    written (no later than the real change)."""
    return Change(saved_on, position, None, "migrated")


def bounded(histories: dict[str, list[Change]]) -> dict[str, list[Change]]:
    """At most ``MAX_PER_PACK`` changes per pack and ``MAX_CHANGES`` in all, dropping the oldest."""
    kept = {pack_id: changes[-MAX_PER_PACK:] for pack_id, changes in histories.items() if changes}
    total = sum(len(changes) for changes in kept.values())
    while total > MAX_CHANGES:
        oldest = min(kept, key=lambda pack_id: kept[pack_id][0].date or "")
        kept[oldest] = kept[oldest][1:]
        if not kept[oldest]:
            del kept[oldest]
        total -= 1
    return kept
