"""A cache of validated packs in the user's cache folder, so that a command does not re-parse YAML.

An entry is plain JSON data, never code: loading one cannot run anything, whatever its content. It is
used only when all of these hold, and is otherwise ignored and rebuilt:

- the folder is the user's own (owned by them, not a symbolic link, no access for group or others);
- the entry is a regular file of the user's, opened without following links;
- it was built by this version of the loading code, for this very pack path, from files whose contents
  (SHA-256, not size and time) are those the pack has now;
- its checksum matches its data, so a truncated or hand-edited entry is refused.

The checksum guards against accidents and planted files, not against the user's own deliberate edits: a
user who can write their cache folder can edit the pack itself. ``cell211 paths`` shows the folder.

A wheel also carries the shipped packs already validated (``prebuilt/``, written by ``hatch_build.py``), so
that the first run after an install needs neither the YAML parser nor the validator. It is used only for a
shipped pack, only if the installed loading code is byte for byte the code that built it, and only if the
pack's files still have the contents it was built from.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cell211cli import __version__
from cell211cli.errors import Problem
from cell211cli.model import (
    Alias,
    Character,
    Depth,
    Episode,
    Fact,
    LabelChange,
    LoadedPack,
    Pack,
    RecapItem,
    Relationship,
    Runtime,
    Season,
    Show,
    Source,
    Topic,
)
from cell211cli.output_cache import own_folder
from cell211cli.packs import pack_file
from cell211cli.positions import Scale
from cell211cli.progress import APP_NAME

CACHE_FORMAT = 3
MAX_ENTRY_BYTES = 64 * 1024 * 1024
_LOADING_MODULES = (
    "model",
    "validators",
    "positions",
    "errors",
    "loader",
    "checks",
    "text",
    "gate",
    "cache",
    "i18n/content",
)
PREBUILT_DIR = Path(__file__).parent / "prebuilt"


def cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME) / "packs"


def _code_stamp() -> list[Any]:
    """The tool's version and the size and time of the modules that read and check packs."""
    package = Path(__file__).parent
    stamps: list[Any] = [CACHE_FORMAT, __version__]
    for name in _LOADING_MODULES:
        status = (package / f"{name}.py").stat()
        stamps.append([name, status.st_size, status.st_mtime_ns])
    return stamps


def _code_digest() -> str:
    """SHA-256 of the cache format, the version and the contents of the modules that read and check packs:
    what a prebuilt entry must match (sizes and times differ from one install to the next)."""
    package = Path(__file__).parent
    digest = hashlib.sha256(f"{CACHE_FORMAT} {__version__}".encode())
    for name in _LOADING_MODULES:
        digest.update((package / f"{name}.py").read_bytes())
    return digest.hexdigest()


def _entry(file: Path, language: str | None) -> Path:
    """The cache file for a pack path in one language."""
    location = os.path.abspath(file) + "\0" + (language or "")
    key = hashlib.sha256(location.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return cache_dir() / f"{key}.json"


def _checksum(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8", "surrogateescape")).hexdigest()


def _current_digest(files: list[str]) -> str | None:
    from cell211cli.files import MAX_PACK_BYTES, content_digest, read_limited

    try:
        return content_digest([read_limited(Path(name), MAX_PACK_BYTES) for name in files])
    except OSError:
        return None


def read_entry(entry: Path) -> dict[str, Any] | None:
    """The data ``write_entry`` stored at ``entry``; None when its folder is not the user's own or the entry
    is missing, not a regular file, or fails its checksum."""
    from cell211cli.files import read_limited

    if not own_folder(str(entry.parent), create=False):
        return None
    try:
        stored = json.loads(read_limited(entry, MAX_ENTRY_BYTES, follow_links=False))
        body, checksum = stored["body"], stored["checksum"]
        if not isinstance(body, str) or checksum != _checksum(body):
            return None
        data = json.loads(body)
    except Exception:  # missing, foreign or corrupt: the caller rebuilds it
        return None
    return data if isinstance(data, dict) else None


def write_entry(entry: Path, data: dict[str, Any]) -> None:
    """Store ``data`` as JSON under a checksum, atomically, in a folder only this user can open; a cache
    that cannot be written only costs speed."""
    from cell211cli.files import write_atomically

    if own_folder(str(entry.parent), create=True):
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        text = json.dumps({"checksum": _checksum(body), "body": body}, ensure_ascii=False)
        with contextlib.suppress(OSError):
            write_atomically(entry, text.encode("utf-8", "surrogateescape"))


def _from_cache(entry: Path, file: Path, language: str | None) -> LoadedPack | None:
    data = read_entry(entry)
    if data is None:
        return None
    try:
        if data["code"] != _code_stamp() or data["pack"] != os.path.abspath(file) or data["language"] != language:
            return None
        if data["digest"] != _current_digest(data["files"]):
            return None
        return _loaded_from_data(data)
    except Exception:  # a stale or foreign entry is simply rebuilt
        return None


def load_cached(path: Path, language: str | None = None) -> LoadedPack:
    """``load_pack(path, language)``, from the cache when the pack's files have the contents it was built from;
    the output of the run depends on every one of those files."""
    from cell211cli import output_cache

    output_cache.depends_on(pack_file(path))  # also when it cannot be read: a failed run is not stored
    loaded = _load_cached(path, language)
    for name in loaded.files:
        output_cache.depends_on(name)
    return loaded


def _load_cached(path: Path, language: str | None) -> LoadedPack:
    file = pack_file(path)
    entry = _entry(file, language)
    cached = _from_cache(entry, file, language)
    if cached is not None:
        return cached
    loaded = _from_prebuilt(file, language)
    if loaded is None:
        from cell211cli.loader import load_pack

        with _sign_of_life():
            loaded = load_pack(path, language)
    write_entry(entry, _data_from_loaded(loaded, file, language))
    return loaded


def prebuilt_entries(folder: Path) -> dict[str, Any]:
    """What ``prebuilt/<id>.json`` holds for the shipped pack in ``folder``: the pack validated in its own
    language and in each of its translations, with its file names relative to the folder. A language whose
    pack has warnings is left out (their messages are in the language of whoever built the wheel)."""
    from cell211cli.loader import load_pack

    base = load_pack(folder)
    languages = {"": base} | {language: load_pack(folder, language) for language in base.pack.translations}
    file = pack_file(folder)
    return {
        "code": _code_digest(),
        "language": base.pack.language,
        "translations": sorted(base.pack.translations),
        "entries": {
            language: _relative(_data_from_loaded(loaded, file, language or None), file.parent)
            for language, loaded in languages.items()
            if not loaded.warnings
        },
    }


def _relative(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    names = [Path(name).relative_to(folder).as_posix() for name in [data["path"], *data["files"]]]
    return {**data, "code": None, "pack": None, "path": names[0], "files": names[1:]}


def read_prebuilt(name: str) -> Any:
    """A file of the data the wheel carries (see ``hatch_build.py``); OSError where there is none."""
    return json.loads((PREBUILT_DIR / name).read_bytes())


def _from_prebuilt(file: Path, language: str | None) -> LoadedPack | None:
    """The shipped pack at ``file`` as the wheel's build validated it, if that still holds (see above)."""
    from cell211cli.packs import PACK_FILE, shipped_packs_dir

    folder = file.parent
    if file.name != PACK_FILE or os.path.abspath(folder.parent) != os.path.abspath(shipped_packs_dir()):
        return None
    try:
        stored = read_prebuilt(f"{folder.name}.json")
        if stored["code"] != _code_digest():
            return None
        translated = language is not None and language != stored["language"] and language in stored["translations"]
        data = stored["entries"].get(language if translated else "")
        if data is None:
            return None
        files = [str(folder / name) for name in data["files"]]
        if data["digest"] != _current_digest(files):
            return None
        return _loaded_from_data({**data, "path": str(folder / data["path"]), "files": files})
    except Exception:  # no prebuilt data (a checkout, an editable install) or not this pack's: read the pack
        return None


@contextlib.contextmanager
def _sign_of_life() -> Iterator[None]:
    """A line on a terminal's stderr while a pack takes more than a second to read and check (a large pack,
    the first time after an install or an edit), erased once it is done. Written to the process's own
    stderr, so that no stored output replays it."""
    import sys

    stderr = sys.__stderr__
    if stderr is None or not stderr.isatty():
        yield
        return
    import threading

    from cell211cli.i18n import _

    shown = threading.Event()

    def show() -> None:
        stderr.write(_("cell211: reading and checking the pack (the first run after an install or an edit)..."))
        stderr.flush()
        shown.set()

    timer = threading.Timer(1.0, show)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        timer.join()
        if shown.is_set():
            stderr.write("\r\x1b[K")
            stderr.flush()


# ── LoadedPack <-> JSON data. Explicit per type: only these classes can ever come out of an entry. ──


def _data_from_loaded(loaded: LoadedPack, file: Path, language: str | None) -> dict[str, Any]:
    import dataclasses

    scale = loaded.scale
    positions = scale.positions
    return {
        "code": _code_stamp(),
        "pack": os.path.abspath(file),
        "language": language,
        "untranslated": loaded.untranslated,
        "files": [str(name) for name in loaded.files],
        "digest": loaded.digest,
        "path": str(loaded.path),
        "warnings": [dataclasses.asdict(problem) for problem in loaded.warnings],
        "depths": {
            name: [positions[ordinal].id, positions[scale.depth_reveals[name]].id]
            for name, ordinal in scale.depths.items()
        },
        "data": _plain(loaded.pack),
    }


def _plain(value: Any) -> Any:
    """A dataclass tree as dicts and lists (``dataclasses.asdict`` without its deep copies)."""
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _loaded_from_data(data: dict[str, Any]) -> LoadedPack:
    raw = data["data"]
    show = raw["show"]
    seasons = [
        Season(season["number"], [Episode(**episode) for episode in season["episodes"]]) for season in show["seasons"]
    ]
    depths = {name: Depth(**value) if isinstance(value, dict) else value for name, value in show["depths"].items()}
    runtime = Runtime(**show["runtime"]) if show["runtime"] else None
    pack = Pack(
        format=raw["format"],
        id=raw["id"],
        language=raw["language"],
        show=Show(**{**show, "seasons": seasons, "depths": depths, "runtime": runtime}),
        sources=[Source(**source) for source in raw["sources"]],
        sources_table=raw["sources_table"],
        recap=[RecapItem(**item) for item in raw["recap"]],
        characters=[
            Character(
                **{
                    **character,
                    "aliases": [Alias(**alias) for alias in character["aliases"]],
                    "facts": [Fact(**fact) for fact in character["facts"]],
                }
            )
            for character in raw["characters"]
        ],
        topics=[Topic(**{**topic, "facts": [Fact(**fact) for fact in topic["facts"]]}) for topic in raw["topics"]],
        relationships=[
            Relationship(**{**link, "changes": [LabelChange(**change) for change in link["changes"]]})
            for link in raw["relationships"]
        ],
        updated=raw["updated"],
        translations=raw["translations"],
    )
    sizes = [(season.number, len(season.episodes)) for season in seasons]
    scale = Scale.build(sizes, {name: tuple(value) for name, value in data["depths"].items()})
    return LoadedPack(
        pack,
        scale,
        Path(data["path"]),
        tuple(Problem(**problem) for problem in data["warnings"]),
        tuple(Path(name) for name in data["files"]),
        data["digest"],
        data["untranslated"],
    )
