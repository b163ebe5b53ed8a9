"""``cell211 progress history``: the dated changes of position, oldest first, and the watch in progress.

Rows print dates, position labels (structure only, never a title), how each change was made and, for an
import, the file the viewer named: nothing of the story.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from cell211cli.document import Document, upto_data
from cell211cli.gate import View
from cell211cli.i18n import _
from cell211cli.pack.positions import Position
from cell211cli.text import clean


class HistoryRow(NamedTuple):
    """One change: its date (None when unknown), the position set (None when cleared), the one before,
    how it was made, whether it was part of a rewatch, and the file of an import."""

    date: str | None
    at: Position | None
    before: Position | None
    origin: str
    rewatch: bool
    file: str | None


def _how(row: HistoryRow) -> str:
    if row.origin == "import":
        return _("imported from {file}").format(file=clean(row.file or "?"))
    how = {
        "typed": _("typed"),
        "rewatch": _("rewatch started"),
        "stop": _("rewatch stopped"),
        "clear": _("cleared"),
        "migrated": _("saved before the history was kept"),
    }[row.origin]
    return _("{how}, rewatching").format(how=how) if row.rewatch and row.origin == "typed" else how


def _position(view: View, position: Position | None) -> dict[str, str] | None:
    return {"id": position.id, "label": view.label(position)} if position is not None else None


def history_page(view: View, rows: list[HistoryRow], first: Position | None, rewatch: Position | None) -> Document:
    """The changes, oldest first (the newest last), then where each watch stands."""
    document = Document.for_view(
        view,
        title=_("{show}: your progress history").format(show=view.show.title),
        data={
            "upto": upto_data(view),
            "first_watch": _position(view, first),
            "rewatch": _position(view, rewatch),
            "changes": [_row_data(view, row) for row in rows],
        },
    )
    for row in rows:
        # TRANSLATORS: the date of a change of progress that was saved before dates were kept.
        date = row.date[:10] if row.date else _("date unknown")
        where = view.label(row.at) if row.at is not None else _("no position")
        document.add("item", f"{date}  {where}  ({_how(row)})")
    if not rows:
        document.add("note", _("No change of position saved yet. Save one with: cell211 progress N"))
    if rewatch is not None and first is not None:
        line = _("Rewatching: at {rewatch}; your first watch reached {first}.")
        document.add("text", line.format(rewatch=view.scale.phrase(rewatch), first=view.scale.phrase(first)))
    return document


def _row_data(view: View, row: HistoryRow) -> dict[str, Any]:
    return {
        "date": row.date,
        "at": _position(view, row.at),
        "from": _position(view, row.before),
        "origin": row.origin,
        "watch": "rewatch" if row.rewatch else "first",
        "file": row.file,
    }
