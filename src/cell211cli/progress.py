"""Remembered progress: where the viewer is, per pack, in the user's state directory.

The file is JSON ``{"format": 1, "positions": {"<pack id>": "S01E03"}}``. Writes go to a temporary file
in the same folder, are flushed to disk and renamed over the old file, under an advisory lock, so a crash,
a full disk or two writers at once never leave a half-written file. A file that cannot be read is
reported and treated as "no progress" (premise), and is left untouched until the user sets a position.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cell211cli.errors import Cell211Error

APP_NAME = "cell211"
STATE_FILE = "progress.json"
_MAX_STATE_BYTES = 1024 * 1024


def state_dir() -> Path:
    """Where progress lives (``$XDG_STATE_HOME/cell211`` on Linux)."""
    from platformdirs import user_state_path

    return user_state_path(APP_NAME)


def state_file() -> Path:
    return state_dir() / STATE_FILE


class StateError(Cell211Error):
    """Progress could not be saved; the previous file is untouched."""


@dataclass(frozen=True, eq=False, repr=False)
class Remembered:
    """The saved position spelling for one pack (None when unset), and a warning if the file was bad."""

    spelling: str | None
    warning: str | None = None


def _read_positions(path: Path) -> dict[str, str]:
    """The saved positions; raises ValueError or OSError when the file is not a valid state file."""
    if path.stat().st_size > _MAX_STATE_BYTES:
        raise ValueError("file is too large")
    data = json.loads(path.read_text(encoding="utf-8"))
    positions = data.get("positions") if isinstance(data, dict) else None
    if not isinstance(positions, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in positions.items()
    ):
        raise ValueError("unexpected content")
    return positions


def recall(pack_id: str) -> Remembered:
    """The remembered position for ``pack_id``; an unreadable file gives a warning and no position."""
    path = state_file()
    try:
        return Remembered(_read_positions(path).get(pack_id))
    except FileNotFoundError:
        return Remembered(None)
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error) or "unreadable"
        return Remembered(
            None,
            f"warning: ignoring saved progress in {path} ({reason}); showing the premise only. "
            "Set a position with `cell211 progress N` to replace the file.",
        )


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Serialise read-modify-write cycles between processes (advisory; a no-op where unsupported)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with open(folder / ".progress.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def remember(pack_id: str, position_id: str | None) -> None:
    """Save (or, with None, forget) the position for ``pack_id``, atomically."""
    from cell211cli.files import write_atomically

    path = state_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _locked(path.parent):
            try:
                positions = _read_positions(path)
            except (OSError, ValueError):
                positions = {}  # missing or unreadable: the user is setting a new value on purpose
            if position_id is None:
                positions.pop(pack_id, None)
            else:
                positions[pack_id] = position_id
            text = json.dumps({"format": 1, "positions": positions}, indent=2, sort_keys=True) + "\n"
            write_atomically(path, text.encode("utf-8"))
    except OSError as error:
        raise StateError(
            f"could not save progress to {path}: {error.strerror or error}; the previous file is unchanged"
        ) from None
