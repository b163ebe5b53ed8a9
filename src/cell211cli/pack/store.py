"""The pack store: validated packs kept as JSON data, so that a command need not parse YAML and validate.

One entry format and one key, in two places: the user's cache folder (an entry per pack path and
language, written after a pack is validated) and the data a wheel carries for its shipped packs
(``prebuilt/<id>.<language>.json``, written by ``hatch_build.py``). An entry is used only when its key is
the one this run derives, at the moment it reads the entry, from

- the store's format and the package's code: in a wheel, the digest of every module's contents that its
  build wrote beside the prebuilt entries (``prebuilt/code.digest``); in a checkout or an editable install,
  the size and modification time of every module as found at run time (every module, not a list of them
  someone must keep up to date),
- the language, and the contents of every file the pack was read from (YAML, sources table,
  translation), found beside the pack under the names the entry lists.

Otherwise the pack is loaded and validated again and the entry rewritten. An entry is lines of JSON under a
checksum: the pack without the items of its lists, then the items by the position that reveals them, so
that a command parses only the items it may show (``open_pack``). An entry is plain JSON, never
code, and is rebuilt into the model's own dataclasses only (``_revived``): reading one cannot run
anything. The user's entries are read only from a folder that is the user's own (owned by them, no access
for others), without following links, and under a checksum, so a truncated or planted file is ignored.

Only the run's orchestration (``viewer.session`` and the commands) calls ``load``; the loader and the
gate never know the store exists. ``CELL211_NO_STORE=1`` bypasses it (as black's ``--no-cache``).
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import functools
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import xxhash

from cell211cli.errors import Problem
from cell211cli.pack import model
from cell211cli.pack.discovery import pack_file
from cell211cli.pack.model import LoadedPack, scale_of
from cell211cli.paths import cache_dir

STORE_FORMAT = 6
MAX_ENTRY_BYTES = 64 * 1024 * 1024
PACKAGE_DIR = Path(__file__).parents[1]
PREBUILT_DIR = PACKAGE_DIR / "prebuilt"
CODE_DIGEST_FILE = "code.digest"
_BYTECODE_FOLDER = "__pycache__"
"""Skipped when listing the modules: it holds no ``.py`` file."""


def store_dir() -> Path:
    """The user's store folder (``cell211 paths`` shows it)."""
    return cache_dir() / "packs"


Items = Callable[[int | None], LoadedPack]
"""The pack with the items of its lists revealed at or before an ordinal (all of them for None)."""

ITEM_LISTS = ("sources", "recap", "characters", "topics", "relationships")
"""The pack's lists whose items each carry the ``at`` that reveals them: an entry keeps them by position."""


def load(path: Path, language: str | None = None) -> LoadedPack:
    """``load_pack(path, language)``, from the store when an entry's key matches this run's."""
    return open_pack(path, language)[1](None)


def open_pack(path: Path, language: str | None = None) -> tuple[LoadedPack, Items]:
    """The pack without the items of its lists (its show, scale and id: enough to find the position),
    and a function that adds the items revealed up to a position. From an entry, items past that position
    are never parsed: reading grows with what is shown, not with the pack."""
    if os.environ.get("CELL211_NO_STORE"):
        return _opened(_load_pack(path, language))
    file = pack_file(path)
    entry = _user_entry(file, language)
    opened = _from_entry(_read_user_entry(entry), file, language)
    if opened is None:
        opened = _from_entry(_read_prebuilt(file, language), file, language)
    if opened is None and language is not None:  # the pack in its own language serves any it has no translation for
        opened = _from_entry(_read_prebuilt(file, None), file, None)
        if opened is not None and language != opened[0].pack.language and language in opened[0].pack.translations:
            opened = None
    if opened is None:
        loaded = _load_pack(path, language)
        _write_user_entry(entry, entry_lines(loaded, language))
        return _opened(loaded)
    outline, items = opened
    return outline, lambda ordinal: _or_reloaded(items, ordinal, path, language)


def _or_reloaded(items: Items, ordinal: int | None, path: Path, language: str | None) -> LoadedPack:
    """The entry's items up to ``ordinal``; the pack read again if they cannot be (a planted entry)."""
    try:
        return items(ordinal)
    except Exception:  # a foreign or crafted entry (its checksum holds): the pack is loaded again
        return _opened(_load_pack(path, language))[1](ordinal)


def _opened(loaded: LoadedPack) -> tuple[LoadedPack, Items]:
    """A pack read in full, as ``open_pack`` gives it."""

    def items(ordinal: int | None) -> LoadedPack:
        if ordinal is None:
            return loaded
        return _with_items(
            loaded, {name: [item for item in getattr(loaded.pack, name) if item.at <= ordinal] for name in ITEM_LISTS}
        )

    return _without_items(loaded), items


def _with_items(loaded: LoadedPack, lists: dict[str, Any]) -> LoadedPack:
    """``loaded`` with these lists (``ITEM_LISTS``) in place of its pack's."""
    return dataclasses.replace(loaded, pack=dataclasses.replace(loaded.pack, **lists))


def _without_items(loaded: LoadedPack) -> LoadedPack:
    return _with_items(loaded, {name: [] for name in ITEM_LISTS})


def _load_pack(path: Path, language: str | None) -> LoadedPack:
    """Read and check the pack (imported only on a miss: YAML and pydantic come with it)."""
    from cell211cli.pack.loader import load_pack

    return load_pack(path, language)


def entry_lines(loaded: LoadedPack, language: str | None, code: str | None = None) -> list[dict[str, Any]]:
    """A loaded pack as an entry's lines. The first: its key (for the package's code as found now, or as
    ``code`` names it), the names of its files beside the pack, the pack without the items of its lists,
    and the positions of the lines after it. Then one line per position that reveals items, each item
    with its place in its list."""
    folder = loaded.path.parent
    names = [os.path.relpath(name, folder) for name in loaded.files]
    by_position: dict[int, dict[str, list[Any]]] = {}
    for name in ITEM_LISTS:
        for place, item in enumerate(getattr(loaded.pack, name)):
            by_position.setdefault(item.at, {}).setdefault(name, []).append([place, _plain(item)])
    header = {
        "key": _key(folder, names, language, code),
        "files": names,
        "pack": loaded.path.name,
        "untranslated": loaded.untranslated,
        "warnings": [dataclasses.asdict(problem) for problem in loaded.warnings],
        "data": _plain(_without_items(loaded).pack),
        "positions": sorted(by_position),
    }
    return [header, *(by_position[ordinal] for ordinal in sorted(by_position))]


def entry_bytes(lines: list[dict[str, Any]]) -> bytes:
    """An entry as stored: the checksum of the rest on the first line, then each line's JSON."""
    # Mutation testing: the JSON's layout and escaping are equivalent (read back the same).
    body = b"\n".join(
        _encoded(
            json.dumps(
                line,
                ensure_ascii=False,  # pragma: no mutate
                separators=(",", ":"),  # pragma: no mutate
            )
        )
        for line in lines
    )
    return _digest(body).encode() + b"\n" + body


def prebuilt_name(pack_id: str, language: str | None) -> str:
    """The file of the wheel's data that holds a shipped pack in one language."""
    # Mutation testing: another spelling of "default" is equivalent (the build and the run share this name).
    return f"{pack_id}.{language or 'default'}.json"  # pragma: no mutate


def _digester() -> xxhash.xxh3_128:
    """An XXH3-128 state, seeded with the store's format (xxhash: a well-kept digest that, unlike hashlib,
    loads no OpenSSL)."""
    return xxhash.xxh3_128(str(STORE_FORMAT).encode())


def _digest(*parts: bytes) -> str:
    """The digest of ``parts`` in order."""
    digest = _digester()
    for part in parts:
        digest.update(part)
    return digest.hexdigest()


def _modules(package: Path) -> list[tuple[str, str]]:
    """Every module of ``package``, as its path inside the package and its path on disk, in a fixed order."""
    modules = []
    for folder, children, files in os.walk(package):
        children[:] = sorted(name for name in children if name != _BYTECODE_FOLDER)
        inside = os.path.relpath(folder, package)
        modules += [(f"{inside}/{name}", os.path.join(folder, name)) for name in sorted(files) if name.endswith(".py")]
    return modules


def content_digest(package: Path = PACKAGE_DIR) -> str:
    """The digest of every module's path and contents: what a wheel's build writes to ``code.digest``."""
    # Mutation testing: another separator between a path and its contents is equivalent.
    separator = b"\0"  # pragma: no mutate
    parts = []
    for inside, module in _modules(package):
        parts += [_encoded(inside) + separator, Path(module).read_bytes()]
    return _digest(*parts)


@functools.cache
def _code_digest() -> str:
    """The package's code: the digest its wheel was built with, else (a checkout) the size and
    modification time of every module as found now."""
    try:
        return (PREBUILT_DIR / CODE_DIGEST_FILE).read_text(encoding="ascii").strip()
    except OSError:
        pass
    stamps = []
    for inside, module in _modules(PACKAGE_DIR):
        status = os.stat(module)
        stamps.append(f"{inside}\0{status.st_size}\0{status.st_mtime_ns}")
    return _digest(_encoded("\0".join(stamps)))


def _key(folder: Path, names: list[str], language: str | None, code: str | None = None) -> str | None:
    """The key an entry for these files must carry; None when one of them cannot be read."""
    from cell211cli.files import MAX_PACK_BYTES, read_limited

    digest = _digester()
    digest.update(_encoded(f"{code or _code_digest()}\0{language}"))
    try:
        for name in names:  # each file digested as it is read, never all of them held at once
            content = read_limited(folder / name, MAX_PACK_BYTES)
            digest.update(_encoded(f"\0{name}\0{len(content)}\0"))
            digest.update(content)
    except OSError:
        return None
    return digest.hexdigest()


def _from_entry(lines: list[bytes] | None, file: Path, language: str | None) -> tuple[LoadedPack, Items] | None:
    """The pack an entry holds, if its key is this run's for the pack at ``file``."""
    if lines is None:
        return None
    try:
        data = _parsed(lines[0])
        names, folder, positions = data["files"], file.parent, data["positions"]
        if data["pack"] != file.name or not names or data["key"] != _key(folder, names, language):
            return None
        if len(positions) != len(lines) - 1:  # one line per position that reveals items
            return None
        pack = data["data"]
        if not isinstance(pack, model.Pack):
            return None
        outline = LoadedPack(
            pack,
            scale_of(pack),
            file,
            tuple(Problem(**problem) for problem in data["warnings"]),
            tuple(folder / name for name in names),
            data["untranslated"],
        )
    except Exception:  # a stale or foreign entry: the pack is loaded again
        return None

    def items(ordinal: int | None) -> LoadedPack:
        found: dict[str, list[Any]] = {name: [] for name in ITEM_LISTS}
        shown = lines[1:] if ordinal is None else lines[1 : 1 + bisect.bisect_right(positions, ordinal)]
        for revealed in _parsed(b"[" + b",".join(shown) + b"]"):  # one parse for all the lines shown
            for name, placed in revealed.items():
                found[name] += placed
        # Back in each list's order: every place is unique, so the pairs sort by place alone.
        return _with_items(outline, {name: [item for _, item in sorted(placed)] for name, placed in found.items()})

    return outline, items


def _user_entry(file: Path, language: str | None) -> Path:
    location = f"{os.path.abspath(file)}\0{language}"
    name = _digest(_encoded(location))
    # Mutation testing: the entry's name is equivalent (any fixed naming serves).
    return store_dir() / f"{name[:24]}.json"  # pragma: no mutate


def _read_user_entry(entry: Path) -> list[bytes] | None:
    """A user entry's lines, if they pass its checksum."""
    from cell211cli.files import own_folder, read_limited

    if not own_folder(
        entry.parent,
        # Mutation testing: creating the folder is equivalent (a missing entry is then written into it).
        create=False,  # pragma: no mutate
    ):
        return None
    try:
        return _checked(
            read_limited(
                entry,
                MAX_ENTRY_BYTES,
                # Mutation testing: None is equivalent (it reads as False); True fails the link test.
                follow_links=False,  # pragma: no mutate
            )
        )
    except OSError:  # missing or unreadable: the pack is loaded again
        return None


def _checked(content: bytes) -> list[bytes] | None:
    """An entry's lines after its checksum, if it matches (a truncated or edited entry is not used)."""
    checksum, _, body = content.partition(b"\n")
    return body.split(b"\n") if checksum == _digest(body).encode() else None


def _write_user_entry(entry: Path, lines: list[dict[str, Any]]) -> None:
    """Store an entry atomically; a store that cannot be written only costs speed."""
    from cell211cli.files import own_folder, write_atomically

    if lines[0]["key"] is not None and own_folder(entry.parent, create=True):
        with contextlib.suppress(OSError):
            write_atomically(entry, entry_bytes(lines))


def _read_prebuilt(file: Path, language: str | None) -> list[bytes] | None:
    """The wheel's entry for a shipped pack, if it carries one (a checkout or an editable install does not)."""
    from cell211cli.pack.discovery import shipped_packs_dir

    if os.path.abspath(file.parent.parent) != os.path.abspath(shipped_packs_dir()):
        return None
    try:
        return _checked((PREBUILT_DIR / prebuilt_name(file.parent.name, language)).read_bytes())
    except OSError:  # unreadable: the pack is loaded
        return None


# ── The model as JSON data, and back: one generic pair over the model's dataclasses. ──

_CLASS = "~"


def _plain(value: Any) -> Any:
    """A dataclass tree as JSON data, each object tagged with its class's name."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
        return {_CLASS: type(value).__name__, **fields}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


@functools.cache
def _model_classes() -> dict[str, type[Any]]:
    """The only classes an entry can name: the dataclasses the model module defines."""
    return {
        name: value
        for name, value in vars(model).items()
        if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == model.__name__
    }


def _parsed(line: bytes) -> Any:
    """An entry line's JSON with each tagged object rebuilt as its model class (json calls ``_revived`` on
    every object, innermost first); an unknown class name is a ``KeyError`` (the entry is then not used)."""
    return json.loads(_decoded(line), object_hook=_revived)


def _encoded(text: str) -> bytes:
    """``text`` as the store keeps it: UTF-8, with a file name's undecodable bytes as they were."""
    return text.encode(
        "utf-8",  # pragma: no mutate (a codec's name ignores case)
        "surrogateescape",
    )


def _decoded(content: bytes) -> str:
    """``_encoded``'s inverse: a file name that is not UTF-8 reads back as it was written."""
    return content.decode(
        "utf-8",  # pragma: no mutate (a codec's name ignores case)
        "surrogateescape",
    )


def _revived(data: dict[str, Any]) -> Any:
    """``_plain``'s inverse for one object, its members already rebuilt."""
    name = data.pop(_CLASS, None)
    return data if name is None else _model_classes()[name](**data)
