"""Watching and rewatching: the rules for changing the saved position, the range "since you last watched"
and the hint after a long gap. Every change is decided under the progress file's lock, on its latest state,
so two writers at once never undo each other."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, NamedTuple

from cell211cli.errors import BadUsage
from cell211cli.i18n import _
from cell211cli.pack.model import LoadedPack
from cell211cli.pack.positions import Position, Scale, UnknownPosition
from cell211cli.viewer.progress import PackState, StateError, change, recall
from cell211cli.viewer.timeline import Change, now, parse_stamp, stamp

if TYPE_CHECKING:
    from cell211cli.document import Document

GAP_DAYS = 30
"""A content command this long after the last change of position gets the "welcome back" hint."""


def _parse(scale: Scale, spelling: str | None) -> Position | None:
    if spelling is None:
        return None
    try:
        return scale.parse(spelling)
    except UnknownPosition:
        return None


class Watch(NamedTuple):
    """The first-watch position and, during a rewatch, the rewatch position."""

    first: Position | None
    rewatch: Position | None

    @property
    def current(self) -> Position | None:
        """Where commands stop by default: the rewatch position during a rewatch."""
        return self.rewatch if self.rewatch is not None else self.first


def save_typed(loaded: LoadedPack, position: Position) -> tuple[str, str | None]:
    """``progress N``: during a rewatch it moves the rewatch (and ends it on reaching the first watch,
    which it never lowers); otherwise it sets the position, lower too (a correction). Returns the message
    and a note about the file."""
    scale = loaded.scale
    ended = False

    def apply(state: PackState) -> Change:
        nonlocal ended
        first, rewatch = _parse(scale, state.position), _parse(scale, state.rewatch)
        if first is not None and rewatch is not None:
            if position >= first:
                state.position, state.origin, state.rewatch, ended = position.id, None, None, True
            else:
                state.rewatch = position.id
            return Change(stamp(now()), position.id, rewatch.id, "typed", "rewatch")
        before = state.position
        state.position, state.origin, state.rewatch = position.id, None, None
        return Change(stamp(now()), position.id, before, "typed")

    note = change(loaded.pack.id, apply)
    message = (
        _("Saved: you are at the premise (nothing watched yet).")
        if position.is_premise
        else _("Saved: you have finished {episode}.").format(episode=scale.phrase(position))
    )
    if ended:
        message += " " + _("Your rewatch has reached your first watch: it is over.")
    return message, note


def start_rewatch(loaded: LoadedPack, at: Position | None) -> tuple[str, str | None]:
    """``progress rewatch [POSITION]``: a rewatch from ``at`` (the premise by default), keeping the first
    watch."""
    scale = loaded.scale
    seen: Position | None = None

    def apply(state: PackState) -> Change:
        nonlocal seen
        seen = first = _parse(scale, state.position)
        if first is None or first.is_premise:
            raise BadUsage(_("nothing to rewatch yet: save how far you have watched with `cell211 progress N`"))
        if (rewatching := _parse(scale, state.rewatch)) is not None:
            message = _("you are already rewatching (at {position}); `cell211 progress rewatch --stop` ends it")
            raise BadUsage(message.format(position=scale.phrase(rewatching)))
        start = at or scale.positions[0]
        if start >= first:
            message = _("a rewatch starts before your first watch ({position})")
            raise BadUsage(message.format(position=scale.phrase(first)))
        state.rewatch = start.id
        return Change(stamp(now()), start.id, first.id, "rewatch", "rewatch")

    note = change(loaded.pack.id, apply)
    assert seen is not None
    start = at or scale.positions[0]
    message = _(
        "Rewatching from {start}; your first watch ({first}) is kept. Save each episode with `cell211 progress next`."
    )
    return message.format(start=scale.phrase(start), first=scale.phrase(seen)), note


def stop_rewatch(loaded: LoadedPack) -> tuple[str, str | None]:
    """``progress rewatch --stop``: back to the first-watch position."""
    scale = loaded.scale
    seen: Position | None = None

    def apply(state: PackState) -> Change:
        nonlocal seen
        if state.rewatch is None or (seen := _parse(scale, state.position)) is None:
            raise BadUsage(_("you are not rewatching; start with `cell211 progress rewatch`"))
        before, state.rewatch = state.rewatch, None
        return Change(stamp(now()), seen.id, before, "stop", "rewatch")

    note = change(loaded.pack.id, apply)
    assert seen is not None
    return _("Rewatch stopped; commands follow your first watch again ({first}).").format(
        first=scale.phrase(seen)
    ), note


def save_imported(loaded: LoadedPack, position: Position, origin: str, file: str) -> str | None:
    """An import's position, as the first watch (never lowering it; a rewatch it passes is over)."""
    scale = loaded.scale

    def apply(state: PackState) -> Change | None:
        first, rewatch = _parse(scale, state.position), _parse(scale, state.rewatch)
        if first is not None and first > position:
            return None  # another writer got further meanwhile
        before = state.position
        state.position, state.origin = position.id, origin
        if rewatch is not None and rewatch >= position:
            state.rewatch = None
        return Change(stamp(now()), position.id, before, "import", file=file[-300:])

    return change(loaded.pack.id, apply)


def since_last(loaded: LoadedPack, current: Position) -> Position | None:
    """The position saved before the latest change, when that change brought the viewer to ``current``
    from earlier; None otherwise."""
    history = recall(loaded.pack.id).history
    moves = [c for c in history if c.at != c.before]
    if not moves or _parse(loaded.scale, moves[-1].at) != current:
        return None
    before = _parse(loaded.scale, moves[-1].before)
    return before if before is not None and before < current else None


def _how_long(days: int) -> str:
    """A gap of 30 days or more, as a person says it (never one of anything: no plural forms needed)."""
    if days < 60:
        return _("{count} days").format(count=days)
    if days < 730:
        return _("{count} months").format(count=days // 30)
    return _("{count} years").format(count=days // 365)


def gap_hint(loaded: LoadedPack) -> str | None:
    """Once per gap: how long it has been since the last change of position, and what to run; marks the
    change as hinted. None when the gap is shorter, already hinted, or there is nothing to remind of."""
    from cell211cli.viewer.session import saved_position

    current = saved_position(loaded)[0]
    remembered = recall(loaded.pack.id)
    if not remembered.history or current is None or current.is_premise or remembered.warning:
        return None
    latest = remembered.history[-1]
    when = parse_stamp(latest.date)
    if when is None or latest.date == remembered.hinted:
        return None
    days = (now() - when).days
    if days < GAP_DAYS:
        return None

    def apply(state: PackState) -> None:
        state.hinted = latest.date

    with contextlib.suppress(StateError):  # a folder that cannot be written never stops a reading command
        change(loaded.pack.id, apply)
    scale = loaded.scale
    command = "cell211 recap --before " + (str(current.ordinal + 1) if current != scale.last else "next")
    message = _("It has been {time} since you finished {episode}: `{command}` is a short reminder.")
    return message.format(time=_how_long(days), episode=scale.phrase(current), command=command)


def history_document(loaded: LoadedPack) -> Document:
    """``progress history``: the saved changes at the viewer's own position (warnings go to the hints)."""
    from cell211cli.gate import reveal
    from cell211cli.pages.progress_history import HistoryRow, history_page
    from cell211cli.viewer.session import saved_watch

    first, rewatch, warning = saved_watch(loaded)
    scale = loaded.scale
    current = rewatch if rewatch is not None else first
    rows = [
        HistoryRow(c.date, _parse(scale, c.at), _parse(scale, c.before), c.origin, c.watch == "rewatch", c.file)
        for c in recall(loaded.pack.id).history
        if c.at is None or _parse(scale, c.at) is not None
    ]
    document = history_page(reveal(loaded, current or scale.positions[0]), rows, first, rewatch)
    if warning:
        document.hints.append(warning)
    return document
