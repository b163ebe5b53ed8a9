"""A cache of validated packs in the user's cache folder, so that a command does not re-parse YAML.

An entry is a pickle of the ``LoadedPack`` together with the size and modification time of every file the
pack was read from, and of the modules that define how a pack is read and checked (so that a new version
of the tool, or an edited checkout, never reuses an entry built by other code). It is used only if all of
those still match; an entry that is stale, unreadable or corrupt is ignored and rebuilt. The cache folder
belongs to the user, like the packs themselves; delete it at any time (``cell211 paths`` shows where).
"""

from __future__ import annotations

import os
import pickle
import zlib
from collections.abc import Iterable
from pathlib import Path

from cell211cli import __version__
from cell211cli.model import LoadedPack
from cell211cli.packs import pack_file
from cell211cli.progress import APP_NAME

CACHE_FORMAT = 1
_LOADING_MODULES = ("model", "positions", "errors", "loader", "checks", "text", "cache")

Stamp = tuple[tuple[str, int, int], ...]


def cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME) / "packs"


def _stamp(files: Iterable[Path]) -> Stamp:
    stamps = []
    for file in files:
        status = file.stat()
        stamps.append((str(file), status.st_size, status.st_mtime_ns))
    return tuple(stamps)


def _code_stamp() -> tuple[object, ...]:
    package = Path(__file__).parent
    return (CACHE_FORMAT, __version__, _stamp(package / f"{name}.py" for name in _LOADING_MODULES))


def _entry(file: Path) -> Path:
    """The cache file for a pack. Two packs whose paths collide only evict each other: an entry records
    the files it was built from and is rebuilt when they differ."""
    location = os.path.abspath(file)
    checksum = zlib.crc32(location.encode("utf-8", "surrogateescape"))
    return cache_dir() / f"{checksum:08x}-{Path(location).parent.name}.pickle"


def _from_cache(entry: Path) -> LoadedPack | None:
    try:
        code, stamp, loaded = pickle.loads(entry.read_bytes())
        if code == _code_stamp() and isinstance(loaded, LoadedPack) and stamp == _stamp(loaded.files):
            return loaded
    except Exception:  # a missing, stale or corrupt entry is simply rebuilt
        pass
    return None


def load_cached(path: Path) -> LoadedPack:
    """``load_pack(path)``, from the cache when the pack's files are unchanged since it was stored."""
    file = pack_file(path)
    entry = _entry(file)
    cached = _from_cache(entry)
    if cached is not None:
        return cached
    from cell211cli.files import write_atomically
    from cell211cli.loader import load_pack

    try:
        before = _stamp([file])
    except OSError:
        before = None
    loaded = load_pack(path)
    try:
        stamp = _stamp(loaded.files)
        if before is not None and stamp[:1] == before:  # not edited while we were reading it
            entry.parent.mkdir(parents=True, exist_ok=True)
            payload = (_code_stamp(), stamp, loaded)
            write_atomically(entry, pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a read-only or full cache folder only costs speed
    return loaded
