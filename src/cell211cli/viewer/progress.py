"""Remembered progress: where the viewer is, per pack, in the user's state directory.

The file is JSON ``{"format": 1, "positions": {"<pack id>": "S01E03"}}``. Writes go to a temporary file
in the same folder, are flushed to disk and renamed over the old file, under an advisory lock, so a crash,
a full disk or two writers at once never leave a half-written file. A file that cannot be read is
reported and treated as "no progress" (premise), and is left untouched until the user sets a position.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cell211cli.errors import Cell211Error, ExitCode
from cell211cli.i18n import _
from cell211cli.paths import state_dir

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


@dataclass(frozen=True, eq=False, repr=False)
class Remembered:
    """The saved position spelling for one pack (None when unset), and a warning if the file was bad."""

    spelling: str | None
    warning: str | None = None
    origin: str | None = None
    """Where the position came from, when it was imported (``imported on 2026-12-01 from ...``)."""


class _Unreadable(ValueError):
    """The state file cannot be used as a whole."""


def _read_positions(path: Path) -> tuple[dict[str, str], set[str], dict[str, str]]:
    """The saved positions that are well formed, the pack ids whose entries are not, and where the
    positions came from (for those that were imported).

    Raises ``_Unreadable`` or ``OSError`` when the file as a whole is not a state file (too large, not a
    regular file, not JSON, nested too deeply, not the expected shape)."""
    from cell211cli.files import read_limited

    try:
        data = json.loads(read_limited(path, _MAX_STATE_BYTES).decode("utf-8"))
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
    origins = data.get("origins")
    origins = origins if isinstance(origins, dict) else {}
    kept = {k: v for k, v in origins.items() if k in good and isinstance(v, str) and len(v) <= _MAX_ORIGIN}
    return good, set(positions) - set(good), kept


def _reason(error: Exception) -> str:
    return error.strerror if isinstance(error, OSError) and error.strerror else str(error) or _("unreadable")


def recall(pack_id: str) -> Remembered:
    """The remembered position for ``pack_id``; an unreadable file or entry gives a warning and no position."""
    path = state_file()
    try:
        positions, malformed, origins = _read_positions(path)
    except FileNotFoundError:
        return Remembered(None)
    except (OSError, ValueError) as error:
        # TRANSLATORS: {reason} says what is wrong with the file; N stands for an episode number.
        message = _(
            "warning: ignoring saved progress in {path} ({reason}). "
            "Set a position with `cell211 progress N` to replace the file."
        )
        return Remembered(None, message.format(path=path, reason=_reason(error)))
    if pack_id in malformed:
        message = _(
            "warning: the saved progress for this pack in {path} is malformed. Set it again with `cell211 progress N`."
        )
        return Remembered(None, message.format(path=path))
    return Remembered(positions.get(pack_id), origin=origins.get(pack_id))


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
    """Save (or, with None, forget) the position for ``pack_id``, atomically, with where it came from when
    it was imported. Returns a note for the user when the old file had to be set aside.

    Other packs' positions are kept. A file that cannot be read as a whole, or that holds malformed
    entries, is first copied aside to ``progress.json.bad`` so that nothing is lost silently. A symbolic
    link in place of the file is written through: the link stays, its target gets the new content."""
    from cell211cli.files import write_atomically

    link = state_file()
    note = None
    existed = False
    try:
        link.parent.mkdir(parents=True, exist_ok=True)
        path = link.resolve() if link.is_symlink() else link
        with _locked(link.parent):
            _remove_stale_temporaries(path.parent)
            try:
                positions, malformed, origins = _read_positions(path)
                existed = True
            except FileNotFoundError:
                positions, malformed, origins = {}, set(), {}
            except (OSError, ValueError):
                positions, malformed, origins = {}, {"*"}, {}
                existed = path.exists()
            if malformed and existed:
                aside = path.with_name(STATE_FILE + ".bad")
                shutil.copyfile(path, aside)
                note = _("note: the old progress file had unreadable entries; a copy is kept at {path}").format(
                    path=aside
                )
            if position_id is None:
                positions.pop(pack_id, None)
            else:
                positions[pack_id] = position_id
            if origin is None or position_id is None:
                origins.pop(pack_id, None)
            else:
                origins[pack_id] = origin
            state = {"format": 1, "positions": positions, "origins": origins}
            text = json.dumps(state, indent=2, sort_keys=True) + "\n"
            write_atomically(path, text.encode("utf-8"))
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
