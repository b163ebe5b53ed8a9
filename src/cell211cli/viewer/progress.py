"""Remembered progress: where the viewer is, per pack, in the user's state directory.

The file is JSON ``{"format": 2, "positions": {"<pack id>": "S01E03"}, "origins": {...}, "rewatch": {...},
"history": {"<pack id>": [change, ...]}, "hinted": {...}}``: the first-watch position, where an imported one
came from, the position of a rewatch under way, the dated changes (see ``timeline``) and the change a
long-gap hint was last given for. A file of format 1 (no history) reads as one undated change per pack,
dated when the file was last written, and is rewritten as format 2 on the next change. Writes go to a temporary file
in the same folder, are flushed to disk and renamed over the old file, under an advisory lock, so a crash,
a full disk or two writers at once never leave a half-written file. A file that cannot be read is
reported and treated as "no progress" (premise), and is left untouched until the user sets a position.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cell211cli.errors import Cell211Error, ExitCode
from cell211cli.i18n import _
from cell211cli.paths import state_dir
from cell211cli.viewer.timeline import Change, bounded, migrated, read_history, stamp

STATE_FILE = "progress.json"
_MAX_STATE_BYTES = 1024 * 1024
_MAX_SPELLING = 64
_MAX_ORIGIN = 300


def state_file() -> Path:
    """The progress file (``$XDG_STATE_HOME/cell211/progress.json`` on Linux)."""
    return state_dir() / STATE_FILE


class StateError(Cell211Error):
    """Progress could not be saved."""

    exit_code = ExitCode.CANNOT_SAVE


@dataclass(eq=False, repr=False)
class Remembered:
    """The saved position spelling for one pack (None when unset), and a warning if the file was bad."""

    spelling: str | None
    warning: str | None = None
    origin: str | None = None
    """Where the position came from, when it was imported (``imported on 2026-12-01 from ...``)."""
    rewatch: str | None = None
    """The position of a rewatch under way (``spelling`` stays the first watch's)."""
    history: tuple[Change, ...] = ()
    hinted: str | None = None
    """The date of the change a long-gap hint was last given for."""


@dataclass(eq=False, repr=False)
class PackState:
    """One pack's saved state, as a change sees it (read under the lock, written back after)."""

    position: str | None
    origin: str | None
    rewatch: str | None
    history: list[Change] = field(default_factory=list)
    hinted: str | None = None


@dataclass(eq=False, repr=False)
class _State:
    """The progress file as read: every pack's saved position, origin, rewatch, history and last hint."""

    positions: dict[str, str]
    malformed: set[str]
    origins: dict[str, str]
    rewatch: dict[str, str] = field(default_factory=dict)
    history: dict[str, list[Change]] = field(default_factory=dict)
    hinted: dict[str, str] = field(default_factory=dict)
    damaged: bool = False
    """Some history entry could not be read (and is dropped at the next write)."""


class _Unreadable(ValueError):
    """The state file cannot be used as a whole."""


def _strings(value: object, keys: dict[str, str] | set[str], limit: int) -> dict[str, str]:
    """The entries of a ``{pack id: text}`` mapping that are short texts, for the packs in ``keys``."""
    value = value if isinstance(value, dict) else {}
    return {k: v for k, v in value.items() if k in keys and isinstance(v, str) and len(v) <= limit}


def _read_state(path: Path) -> _State:
    """The saved positions that are well formed, the pack ids whose entries are not, where the positions
    came from (for those that were imported), rewatches, histories and hints given.

    Raises ``_Unreadable`` or ``OSError`` when the file as a whole is not a state file (too large, not a
    regular file, not JSON, nested too deeply, not the expected shape)."""
    from cell211cli.files import read_limited

    try:
        # Mutation testing: the codec's spelling is equivalent ("UTF-8" names the same codec).
        data = json.loads(read_limited(path, _MAX_STATE_BYTES).decode("utf-8"))  # pragma: no mutate
    except RecursionError:
        # TRANSLATORS: why the saved progress file is ignored (its JSON is nested too deeply).
        raise _Unreadable(_("nested too deeply")) from None
    except ValueError:  # invalid UTF-8 or JSON
        raise _Unreadable(_("not valid JSON")) from None
    positions = data.get("positions") if isinstance(data, dict) else None
    if not isinstance(positions, dict):
        # TRANSLATORS: why the saved progress file is ignored (it is JSON, but not the expected shape).
        raise _Unreadable(_("unexpected content"))
    good = {k: v for k, v in positions.items() if isinstance(v, str) and len(v) <= _MAX_SPELLING}
    state = _State(good, set(positions) - set(good), _strings(data.get("origins"), good, _MAX_ORIGIN))
    state.rewatch = _strings(data.get("rewatch"), good, _MAX_SPELLING)
    state.hinted = _strings(data.get("hinted"), set(positions), _MAX_SPELLING)
    state.history, state.damaged = read_history(data.get("history"))
    unrecorded = [pack_id for pack_id in good if pack_id not in state.history]
    if unrecorded:  # saved before the history was kept: one change, dated when the file was written
        written = datetime.datetime.fromtimestamp(path.stat().st_mtime).astimezone()
        for pack_id in unrecorded:
            state.history[pack_id] = [migrated(good[pack_id], stamp(written))]
    return state


def _reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    # Mutation testing: the "unreadable" fallback is never reached (every error raised here has a text), so
    # its mutants are equivalent.
    return str(error) or _("unreadable")  # pragma: no mutate


def recall(pack_id: str) -> Remembered:
    """The remembered position for ``pack_id``; an unreadable file or entry gives a warning and no position."""
    path = state_file()
    try:
        state = _read_state(path)
    except FileNotFoundError:
        return Remembered(None)
    except (OSError, ValueError) as error:
        # TRANSLATORS: {reason} says what is wrong with the file; N stands for an episode number.
        message = _(
            "warning: ignoring saved progress in {path} ({reason}). "
            "Set a position with `cell211 progress N` to replace the file."
        )
        return Remembered(None, message.format(path=path, reason=_reason(error)))
    if pack_id in state.malformed:
        message = _(
            "warning: the saved progress for this pack in {path} is malformed. Set it again with `cell211 progress N`."
        )
        return Remembered(None, message.format(path=path))
    return Remembered(
        state.positions.get(pack_id),
        origin=state.origins.get(pack_id),
        rewatch=state.rewatch.get(pack_id),
        history=tuple(state.history.get(pack_id, ())),
        hinted=state.hinted.get(pack_id),
    )


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Serialise read-modify-write cycles between processes (advisory; a no-op where unsupported).

    The lock file is opened without following a symbolic link, so a link planted in its place cannot
    make us create or truncate some other file."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(folder / ".progress.lock", flags, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _remove_stale_temporaries(folder: Path) -> None:
    """Temporary files left by a writer that was killed mid-write (we hold the lock: none is in use)."""
    for temporary in folder.glob(f".{STATE_FILE}.*.tmp"):
        with contextlib.suppress(OSError):
            temporary.unlink()


def remember(pack_id: str, position_id: str | None, origin: str | None = None) -> str | None:
    """Save (or, with None, forget) the first-watch position for ``pack_id`` as typed, ending any rewatch,
    with where it came from when it was imported. Returns a note for the user when the old file had to be
    set aside (see ``change``)."""
    from cell211cli.viewer.timeline import now

    def apply(state: PackState) -> Change:
        before = state.position
        state.position, state.rewatch = position_id, None
        # Mutation testing: `or True` is equivalent (``change`` drops an origin without a position).
        state.origin = origin if position_id else None  # pragma: no mutate
        return Change(stamp(now()), position_id, before, "typed" if position_id else "clear")

    return change(pack_id, apply)


def change(pack_id: str, apply: Callable[[PackState], Change | None]) -> str | None:
    """Read the saved state under the lock, let ``apply`` change this pack's (returning the change to add
    to its history, or None), and write it back atomically. Returns a note for the user when the old file
    had to be set aside.

    Other packs' positions are kept. A file that cannot be read as a whole, or that holds malformed
    entries, is first copied aside to ``progress.json.bad`` so that nothing is lost silently. A symbolic
    link in place of the file is written through: the link stays, its target gets the new content."""
    from cell211cli.files import write_atomically

    link = state_file()
    # Mutation testing: "" for None and None for False are equivalent (both are only tested for truth).
    note = None  # pragma: no mutate
    existed = False  # pragma: no mutate
    try:
        link.parent.mkdir(parents=True, exist_ok=True)
        # Mutation testing: resolving a path that is no link is equivalent (the same file).
        path = link.resolve() if link.is_symlink() else link  # pragma: no mutate
        with _locked(link.parent):
            _remove_stale_temporaries(path.parent)
            try:
                state = _read_state(path)
                existed = True
            # Mutation testing: None for the empty set, or another marker than "*", is equivalent (only their
            # truth is read).
            except FileNotFoundError:
                state = _State({}, set(), {})  # pragma: no mutate
            except (OSError, ValueError):
                state = _State({}, {"*"}, {})  # pragma: no mutate
                existed = path.exists()
            if (state.malformed or state.damaged) and existed:
                aside = path.with_name(STATE_FILE + ".bad")
                shutil.copyfile(path, aside)
                note = _("note: the old progress file had unreadable entries; a copy is kept at {path}").format(
                    path=aside
                )
            mine = PackState(
                state.positions.get(pack_id),
                state.origins.get(pack_id),
                state.rewatch.get(pack_id),
                list(state.history.get(pack_id, ())),
                state.hinted.get(pack_id),
            )
            made = apply(mine)
            if made is not None:
                mine.history.append(made)
            for table, value in (
                (state.positions, mine.position),
                # Mutation testing: keeping these without a position is equivalent (reading drops them).
                (state.origins, mine.origin if mine.position else None),  # pragma: no mutate
                (state.rewatch, mine.rewatch if mine.position else None),  # pragma: no mutate
                (state.hinted, mine.hinted),
            ):
                if value is None:
                    table.pop(pack_id, None)
                else:
                    table[pack_id] = value
            state.history[pack_id] = mine.history
            histories = bounded(state.history)
            text = json.dumps(
                {
                    "format": 2,
                    "positions": state.positions,
                    "origins": state.origins,
                    "rewatch": state.rewatch,
                    "history": {k: [c.as_json() for c in v] for k, v in histories.items()},
                    "hinted": state.hinted,
                },
                # Mutation testing: the layout and the codec's spelling are equivalent (read back the same).
                indent=2,  # pragma: no mutate
                sort_keys=True,  # pragma: no mutate
            )
            write_atomically(path, (text + "\n").encode("utf-8"))  # pragma: no mutate
    except OSError as error:
        if existed:
            message = _(
                "could not save progress to {path}: {reason}; the previous file is unchanged. "
                "Check that the folder {folder} is writable (cell211 paths shows it)."
            )
        else:
            message = _(
                "could not save progress to {path}: {reason}. "
                "Check that the folder {folder} is writable (cell211 paths shows it)."
            )
        raise StateError(message.format(path=link, reason=_reason(error), folder=link.parent)) from None
    return note
