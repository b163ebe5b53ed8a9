"""The validators for packs and translations: derived by pydantic once, then kept as data.

To build a validator, pydantic imports most of itself, reads its plugin registry (``importlib.metadata``)
and derives a core schema from the model's annotations: about 110 ms, more than a whole cached run, paid by
every run after an edit to a pack. The core schema it derives is plain data but for references to the
model's own classes. So it is kept in the user cache folder as JSON, those classes written by name, and a
later run hands it straight to pydantic-core's ``SchemaValidator``: the same validator, the same errors.
A wheel carries them too (``prebuilt/validators.json``, written by ``hatch_build.py``), for the first run
after an install with a pack of one's own.

An entry is used only if it was written for this very model module (its SHA-256), format, Python,
pydantic and pydantic-core; if it passes its checksum (see ``cache.read_entry``); and if
every class it names is one of the model's (or ``list`` and ``dict``, the default factories). Otherwise
pydantic builds the validator as before and the entry is written again. pydantic plugins (observability
hooks) are not told about pack validation.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cell211cli import model

if TYPE_CHECKING:
    from pydantic_core import SchemaValidator

VALIDATORS_FORMAT = 1
PREBUILT_FILE = "validators.json"
_CLASS = "$class"
_CLASSES: dict[str, type] = {
    "list": list,
    "dict": dict,
    **{
        name: value
        for name, value in vars(model).items()
        if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == model.__name__
    },
}


class _NotData(Exception):
    """The core schema holds something other than data and the model's classes (it is then not kept)."""


def pack_validator() -> SchemaValidator:
    """The validator for ``Pack``."""
    return _validators()["pack"]


def translation_validator() -> SchemaValidator:
    """The validator for ``Translation``."""
    return _validators()["translation"]


@functools.cache
def _validators() -> dict[str, SchemaValidator]:
    from pydantic_core import SchemaValidator

    from cell211cli.cache import cache_dir, read_entry, read_prebuilt, write_entry

    key = _key()
    entry = cache_dir().parent / "validators" / f"{hashlib.sha256(repr(key).encode()).hexdigest()[:24]}.json"
    kept = [lambda: read_entry(entry), lambda: read_prebuilt(PREBUILT_FILE)]
    for read in kept:  # the user's cache, then the wheel's (written with the same key when it was built)
        with contextlib.suppress(Exception):  # none there, another key, or damaged
            stored = read()
            if stored["key"] == key:
                return {name: SchemaValidator(_from_data(stored[name])) for name in ("pack", "translation")}
    adapters = {"pack": model.pack_adapter(), "translation": model.translation_adapter()}
    with contextlib.suppress(_NotData):
        write_entry(entry, kept_data())
    return {name: adapter.validator for name, adapter in adapters.items()}  # type: ignore[misc]


def kept_data() -> dict[str, Any]:
    """What is kept of the validators: pydantic's core schemas as data, and the key they are valid under
    (raises ``_NotData`` when a schema holds something else)."""
    schemas = {"pack": model.pack_adapter().core_schema, "translation": model.translation_adapter().core_schema}
    return {"key": _key(), **{name: as_data(schema) for name, schema in schemas.items()}}


def _key() -> list[str]:
    """What the core schemas depend on. Not annotated-types' version: it only names the constraints
    (``MinLen(1)``), pydantic turns them into schema, and importing it would cost a tenth of a run."""
    import pydantic.version
    import pydantic_core

    model_digest = hashlib.sha256(Path(model.__file__).read_bytes()).hexdigest()
    return [str(VALIDATORS_FORMAT), model_digest, sys.version, pydantic.version.VERSION, pydantic_core.__version__]


def as_data(node: Any) -> Any:
    """A core schema as JSON data: the model's classes as ``{"$class": name}``, ``metadata`` (which
    pydantic-core does not read) left out. Raises ``_NotData`` for anything else (a function, a tuple)."""
    if isinstance(node, dict):
        if _CLASS in node:
            raise _NotData(node)
        return {key: as_data(value) for key, value in node.items() if key != "metadata"}
    if isinstance(node, list):
        return [as_data(item) for item in node]
    if isinstance(node, type) and _CLASSES.get(node.__name__) is node:
        return {_CLASS: node.__name__}
    if node is None or isinstance(node, str | int | float | bool):
        return node
    raise _NotData(node)


def _from_data(node: Any) -> Any:
    """The core schema ``as_data`` wrote; a name that is not one of the model's classes raises KeyError."""
    if isinstance(node, dict):
        if _CLASS in node:
            return _CLASSES[node[_CLASS]]
        return {key: _from_data(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_from_data(item) for item in node]
    return node
