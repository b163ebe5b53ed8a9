"""A cache of validated packs in the user's cache folder, so that a command does not re-parse YAML.

An entry is a pickle of the ``LoadedPack`` together with the size and modification time of every file the
pack was read from and the tool's version. It is used only if all of those still match; an entry that is
stale, unreadable or corrupt is ignored and rebuilt. The cache folder belongs to the user, like the
packs themselves; delete it at any time (``cell211 paths`` shows where it is).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable
from pathlib import Path

from cell211cli import __version__
from cell211cli.model import LoadedPack
from cell211cli.packs import pack_file
from cell211cli.progress import APP_NAME

CACHE_FORMAT = 1

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


def _entry(file: Path) -> Path:
    digest = hashlib.sha256(os.path.abspath(file).encode("utf-8", "surrogateescape")).hexdigest()
    return cache_dir() / f"{digest[:32]}.pickle"


def _from_cache(entry: Path) -> LoadedPack | None:
    try:
        version, stamp, loaded = pickle.loads(entry.read_bytes())
        if version == (CACHE_FORMAT, __version__) and isinstance(loaded, LoadedPack) and stamp == _stamp(loaded.files):
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
            payload = ((CACHE_FORMAT, __version__), stamp, loaded)
            write_atomically(entry, pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a read-only or full cache folder only costs speed
    return loaded
