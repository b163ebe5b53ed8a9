"""The validators kept as data (``validators.py``) behave exactly as the ones pydantic builds, and are used
only when they fit."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import SchemaValidator, ValidationError

from cell211cli import model, validators
from cell211cli.cache import _plain, read_entry, write_entry
from tests.conftest import MINI


@pytest.fixture(autouse=True)
def fresh_validators() -> Iterator[None]:
    validators._validators.cache_clear()
    yield
    validators._validators.cache_clear()


def kept(adapter: Any) -> SchemaValidator:
    """The validator rebuilt from the core schema as the cache stores it (through JSON text)."""
    return SchemaValidator(validators._from_data(json.loads(json.dumps(validators.as_data(adapter.core_schema)))))


def outcome(validator: Any, data: Any) -> tuple[str, Any]:
    try:
        return "valid", _plain(validator.validate_python(data))
    except ValidationError as error:
        return "invalid", error.errors(include_url=False)


PACK = yaml.safe_load((MINI / "pack.yaml").read_text(encoding="utf-8"))
TRANSLATION = yaml.safe_load((MINI / "es.yaml").read_text(encoding="utf-8"))
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from(["", "x", "premise", "S01E02", "3", "ending"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["id", "at", "text", "odd"]), inner),
    max_leaves=6,
)


def containers(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict | list):
        yield path
        for key, value in node.items() if isinstance(node, dict) else enumerate(node):
            yield from containers(value, (*path, key))


@st.composite
def mutants(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    """``base`` with one to three of its values replaced, keys removed or unknown keys added."""
    data = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(list(containers(data))))
        container = data
        for step in path:
            container = container[step]
        keys = list(container) if isinstance(container, dict) else list(range(len(container)))
        action = draw(st.sampled_from(["replace", "remove", "add"] if keys else ["add"]))
        if action == "add" and isinstance(container, dict):
            container[draw(st.sampled_from(["odd", "id", "at", "extra"]))] = draw(VALUES)
        elif action == "add":
            container.append(draw(VALUES))
        elif action == "remove":
            del container[draw(st.sampled_from(keys))]
        else:
            container[draw(st.sampled_from(keys))] = draw(VALUES)
    return data


@given(mutants(PACK))
def test_kept_pack_validator_accepts_and_rejects_exactly_as_pydantic(data: dict[str, Any]) -> None:
    adapter = model.pack_adapter()
    assert outcome(kept(adapter), data) == outcome(adapter.validator, data)


@given(mutants(TRANSLATION))
def test_kept_translation_validator_accepts_and_rejects_exactly_as_pydantic(data: dict[str, Any]) -> None:
    adapter = model.translation_adapter()
    assert outcome(kept(adapter), data) == outcome(adapter.validator, data)


def adapters_built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Which pydantic adapters are asked for from now on."""
    built: list[str] = []
    for name in ("pack_adapter", "translation_adapter"):
        real = getattr(model, name)
        monkeypatch.setattr(model, name, lambda real=real, name=name: built.append(name) or real())
    return built


def the_entry() -> Path:
    (entry,) = (Path(os.environ["XDG_CACHE_HOME"]) / "cell211" / "validators").glob("*.json")
    return entry


def test_a_kept_validator_spares_pydantic_the_next_time(monkeypatch: pytest.MonkeyPatch) -> None:
    first = validators.pack_validator()
    validators._validators.cache_clear()
    built = adapters_built(monkeypatch)
    again = validators.pack_validator()
    assert built == [] and again is not first
    assert outcome(again, PACK) == outcome(model.pack_adapter().validator, PACK)
    assert the_entry().stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("pydantic.version", "VERSION"),
        ("pydantic_core", "__version__"),
        ("sys", "version"),
    ],
)
def test_a_kept_validator_is_not_used_with_other_libraries(
    monkeypatch: pytest.MonkeyPatch, module: str, name: str
) -> None:
    validators.pack_validator()
    validators._validators.cache_clear()
    monkeypatch.setattr(f"{module}.{name}", "0.0.1")
    built = adapters_built(monkeypatch)
    validators.pack_validator()
    assert set(built) == {"pack_adapter", "translation_adapter"}


def test_a_kept_validator_is_not_used_with_another_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    validators.pack_validator()
    validators._validators.cache_clear()
    edited = tmp_path / "model.py"
    edited.write_text(Path(model.__file__).read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    monkeypatch.setattr(model, "__file__", str(edited))
    built = adapters_built(monkeypatch)
    validators.pack_validator()
    assert set(built) == {"pack_adapter", "translation_adapter"}


@pytest.mark.parametrize(
    "spoil",
    [
        lambda stored: stored["pack"]["schema"].update({"cls": {"$class": "Path"}}),  # not a model class
        lambda stored: stored["pack"].update({"type": "no-such-schema"}),  # pydantic-core refuses it
        lambda stored: stored.pop("translation"),
    ],
)
def test_a_kept_validator_is_used_only_when_it_fits(
    monkeypatch: pytest.MonkeyPatch, spoil: Callable[[dict[str, Any]], object]
) -> None:
    validators.pack_validator()
    stored = read_entry(the_entry())
    assert stored is not None
    spoil(stored)
    write_entry(the_entry(), stored)
    validators._validators.cache_clear()
    built = adapters_built(monkeypatch)
    assert outcome(validators.pack_validator(), PACK)[0] == "valid"
    assert set(built) == {"pack_adapter", "translation_adapter"}


@pytest.mark.parametrize("same_key", [True, False])
def test_the_wheels_validators_serve_a_first_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, same_key: bool
) -> None:
    """With nothing in the user's cache, the validators the wheel carries are used if their key is this
    run's (the same Python and libraries as the build)."""
    data = validators.kept_data()
    if not same_key:
        data["key"][3] = "0.0.1"
    expected = outcome(model.pack_adapter().validator, PACK)
    monkeypatch.setattr("cell211cli.cache.PREBUILT_DIR", tmp_path)
    (tmp_path / validators.PREBUILT_FILE).write_text(json.dumps(data), encoding="utf-8")
    built = adapters_built(monkeypatch)
    assert outcome(validators.pack_validator(), PACK) == expected
    assert set(built) == (set() if same_key else {"pack_adapter", "translation_adapter"})


def test_an_unreadable_cache_only_costs_speed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setattr("cell211cli.cache.cache_dir", lambda: blocker / "packs")
    assert outcome(validators.pack_validator(), PACK)[0] == "valid"


@pytest.mark.parametrize("node", [print, ("a", "tuple"), {"$class": "Pack"}, Path, b"bytes"])
def test_only_data_and_model_classes_are_written(node: object) -> None:
    with pytest.raises(validators._NotData):
        validators.as_data({"type": "any", "schema": [node]})


def test_metadata_is_left_out() -> None:
    """pydantic keeps JSON Schema hooks (functions) under ``metadata``, which pydantic-core never reads."""
    schema = {"type": "list", "items_schema": {"type": "str", "metadata": {"hook": print}}, "metadata": {}}
    assert validators.as_data(schema) == {"type": "list", "items_schema": {"type": "str"}}


def test_after_an_edit_a_run_does_not_derive_the_validator(tmp_path: Path) -> None:
    """A whole run after an edit to a pack parses and checks it with the kept validator, not pydantic's."""
    folder = tmp_path / "pack"
    folder.mkdir()
    for name in ("pack.yaml", "es.yaml"):
        (folder / name).write_bytes((MINI / name).read_bytes())
    probe = (
        "import sys\nfrom cell211cli import cli\n"
        f"sys.argv = ['cell211', 'recap', '--pack', {str(folder)!r}, '--lang', 'es', '--format', 'plain']\n"
        "try:\n    cli.run()\nexcept SystemExit:\n    pass\n"
        "print('pydantic._internal._generate_schema' in sys.modules)"
    )

    def run() -> list[str]:
        command = [sys.executable, "-c", probe]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.splitlines()

    assert run()[-1] == "True"
    pack = folder / "pack.yaml"
    text = pack.read_text(encoding="utf-8").replace("title: Episode guide", "title: Episode notes")
    pack.write_text(text, encoding="utf-8")
    lines = run()
    assert lines[-1] == "False" and any("Episode notes" in line for line in lines)
