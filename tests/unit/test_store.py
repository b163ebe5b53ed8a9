"""What keeps start-up fast, checked as behaviour (timing is measured by benchmarks/bench.py, never here)."""

from __future__ import annotations

import json
import os
import pickle
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cell211cli.pack import store
from cell211cli.pack.model import LoadedPack
from tests.helpers import MINI, ROOT, Invoke

HEAVY = ("rich", "yaml", "pydantic", "annotated_types")


def imported_after(argv: list[str], env: dict[str, str] | None = None) -> set[str]:
    """Top-level packages a fresh interpreter has imported after running ``cell211 *argv``."""
    probe = (
        "import sys\nfrom cell211cli.cli.app import run\n"
        f"sys.argv = ['cell211', *{argv!r}]\n"
        "try:\n    run()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env={**os.environ, **(env or {})}
    )
    return set(result.stdout.splitlines()[-1].split())


def test_version_reads_no_pack_and_builds_no_command(isolated_env: Path) -> None:
    """--version imports none of rich, yaml or pydantic, nor the pack store, a command's module or what
    finds the config file."""
    probe = (
        "import sys\nfrom cell211cli.cli.app import run\n"
        "try:\n    run(['--version'])\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    modules = set(result.stdout.split())
    assert not {module.split(".")[0] for module in modules} & {*HEAVY, "platformdirs"}  # no folder looked up
    assert not {module for module in modules if module.startswith(("cell211cli.pack.", "cell211cli.cli.commands"))}


def test_cached_plain_recap_needs_no_parser_or_validator(isolated_env: Path) -> None:
    """Once the pack is cached, a plain recap imports neither yaml nor pydantic nor rich."""
    env = {"XDG_CACHE_HOME": str(isolated_env / "cache"), "XDG_STATE_HOME": str(isolated_env / "state")}
    argv = ["recap", "--upto", "2", "--format", "plain", "--pack", str(MINI)]
    first = imported_after(argv, env)
    assert {"yaml", "pydantic"} <= first  # the cold run parses and validates
    second = imported_after(argv, env)
    assert not second & set(HEAVY), second & set(HEAVY)


def copy_mini(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "pack.yaml").write_text((MINI / "pack.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_cache_is_used_when_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second load of an unchanged pack does not parse it again."""
    folder = copy_mini(tmp_path)
    store.load(folder)

    def no_parsing(path: Path, language: str | None = None) -> None:
        raise AssertionError("the pack was parsed again")

    monkeypatch.setattr("cell211cli.pack.loader.load_pack", no_parsing)
    assert store.load(folder).pack.show.title == "Lighthouse"


def test_cache_is_rebuilt_when_the_pack_changes(tmp_path: Path, invoke: Invoke) -> None:
    """Editing the pack (even within the same second) invalidates the cached copy."""
    folder = copy_mini(tmp_path)
    assert "Lighthouse" in invoke("recap", "--pack", str(folder)).stdout
    pack = folder / "pack.yaml"
    pack.write_text(pack.read_text(encoding="utf-8").replace("title: Lighthouse", "title: Beacon"), encoding="utf-8")
    stat = pack.stat()
    os.utime(pack, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert "Beacon" in invoke("recap", "--pack", str(folder)).stdout


def test_cache_never_hides_a_newly_broken_pack(tmp_path: Path, invoke: Invoke) -> None:
    """A pack that becomes invalid after being cached is reported, not served from the cache."""
    folder = copy_mini(tmp_path)
    assert invoke("recap", "--pack", str(folder)).exit_code == 0
    time.sleep(0.01)
    (folder / "pack.yaml").write_text("format: [", encoding="utf-8")
    assert invoke("recap", "--pack", str(folder)).exit_code == 2


class Planted:
    """A pickle that would run code when loaded: the cache must never unpickle anything."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch planted-pickle-ran",))


@pytest.mark.parametrize(
    "content",
    [b"", b"not json", b'{"body": "{}", "checksum": "0"}', b"0\n{}", b"[42]", pickle.dumps(Planted()), b"\xff\xfe"],
)
def test_corrupt_cache_entry_is_ignored(tmp_path: Path, invoke: Invoke, content: bytes) -> None:
    """A corrupt, foreign or planted cache file is ignored and replaced by a good one; nothing in it runs."""
    folder = copy_mini(tmp_path)
    invoke("recap", "--pack", str(folder))
    entries = list(store.store_dir().glob("*.json"))
    assert len(entries) == 1
    entries[0].write_bytes(content)
    result = invoke("recap", "--upto", "1", "--pack", str(folder))
    assert result.exit_code == 0 and "Ana arrives" in result.stdout
    assert entries[0].read_bytes() != content
    assert not Path("planted-pickle-ran").exists()


def test_edited_cache_entry_cannot_change_what_is_revealed(tmp_path: Path, invoke: Invoke) -> None:
    """An entry edited to move every item to the premise fails its checksum and is rebuilt from the pack."""
    folder = copy_mini(tmp_path)
    invoke("recap", "--pack", str(folder))
    entry = next(store.store_dir().glob("*.json"))
    checksum, body = entry.read_text(encoding="utf-8").split("\n", 1)
    edited = re.sub(r'"positions":\[[0-9,]*\]', '"positions":[0,0,0,0,0]', re.sub(r'"at":[1-9]', '"at":0', body))
    assert edited.count('"at":0') > body.count('"at":0') and '"positions":[0,0,0,0,0]' in edited
    entry.write_text(f"{checksum}\n{edited}", encoding="utf-8")
    result = invoke("recap", "--pack", str(folder), "--format", "plain")
    assert result.exit_code == 0 and "falls from the gallery" not in result.stdout


def test_same_size_edit_with_the_old_timestamp_is_noticed(tmp_path: Path, invoke: Invoke) -> None:
    """The cache is keyed by content, not size and time: a same-size edit that keeps the mtime is seen."""
    folder = copy_mini(tmp_path)
    pack = folder / "pack.yaml"
    assert invoke("recap", "--pack", str(folder), "--upto", "1").stdout.count("Ana arrives") == 1
    before = pack.stat()
    pack.write_text(pack.read_text(encoding="utf-8").replace("at: 1, text: Ana", "at: 2, text: Ana"), encoding="utf-8")
    os.utime(pack, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert pack.stat().st_size == before.st_size
    assert "Ana arrives at the lighthouse with" not in invoke("recap", "--pack", str(folder), "--upto", "1").stdout


def test_cache_folder_open_to_others_is_not_used(tmp_path: Path, invoke: Invoke) -> None:
    """A cache folder that others can write is neither read nor written."""
    folder = copy_mini(tmp_path)
    invoke("recap", "--pack", str(folder))
    store.store_dir().chmod(0o777)
    for entry in store.store_dir().glob("*.json"):
        entry.unlink()
    assert invoke("recap", "--pack", str(folder)).exit_code == 0
    assert not list(store.store_dir().glob("*.json"))


def test_unwritable_cache_only_costs_speed(tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the cache cannot be written, commands still work."""
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setattr(store, "store_dir", lambda: blocker / "packs")
    assert invoke("recap", "--upto", "1", "--pack", str(copy_mini(tmp_path))).exit_code == 0


def shipped_copy_of_mini(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """MINI as the one shipped pack, with its prebuilt data in place, as an installed wheel has them."""
    from cell211cli.pack.loader import load_pack

    shipped = tmp_path / "shipped"
    folder = shipped / "mini"
    folder.mkdir(parents=True)
    for name in ("pack.yaml", "es.yaml"):
        (folder / name).write_bytes((MINI / name).read_bytes())
    monkeypatch.setattr("cell211cli.pack.discovery.shipped_packs_dir", lambda: shipped)
    monkeypatch.setattr(store, "PREBUILT_DIR", tmp_path / "prebuilt")
    store.PREBUILT_DIR.mkdir()
    for language in (None, "es"):
        entry = store.entry_bytes(store.entry_lines(load_pack(folder, language), language))
        (store.PREBUILT_DIR / store.prebuilt_name("mini", language)).write_bytes(entry)
    return folder


def loads_counted(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The languages ``load_pack`` is called for from now on (it still loads)."""
    from cell211cli.pack import loader

    calls: list[str | None] = []
    real = loader.load_pack

    def counted(path: Path, language: str | None = None) -> object:
        calls.append(language)
        return real(path, language)

    monkeypatch.setattr(loader, "load_pack", counted)
    return calls


def same_load(first: LoadedPack, second: LoadedPack) -> bool:
    def scale(loaded: LoadedPack) -> tuple[object, ...]:
        return (loaded.scale.positions, dict(loaded.scale.depths), dict(loaded.scale.depth_reveals))

    fields = ("path", "warnings", "files", "untranslated")
    return (
        store._plain(first.pack) == store._plain(second.pack)
        and store._plain(first.pack) == store._plain(second.pack)
        and scale(first) == scale(second)
        and all(getattr(first, name) == getattr(second, name) for name in fields)
    )


@pytest.mark.parametrize("language", [None, "en", "es", "fr"])
def test_prebuilt_shipped_pack_is_what_the_loader_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str | None
) -> None:
    """The first run after an install takes the shipped pack from the wheel's prebuilt data, in every
    language, and gets exactly what reading and checking the pack gives."""
    from cell211cli.pack.loader import load_pack

    folder = shipped_copy_of_mini(tmp_path, monkeypatch)
    expected = load_pack(folder, language)
    calls = loads_counted(monkeypatch)
    assert same_load(store.load(folder, language), expected)
    assert calls == []
    assert not list(store.store_dir().glob("*.json"))  # the wheel's entry serves every run: nothing is copied


def test_prebuilt_data_is_not_used_once_the_pack_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = shipped_copy_of_mini(tmp_path, monkeypatch)
    pack = folder / "pack.yaml"
    pack.write_text(pack.read_text(encoding="utf-8").replace("title: Lighthouse", "title: Beacon"), encoding="utf-8")
    assert store.load(folder).pack.show.title == "Beacon"
    translation = folder / "es.yaml"
    translation.write_text(translation.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    calls = loads_counted(monkeypatch)
    store.load(folder, "es")
    assert calls == ["es"]


@pytest.mark.parametrize(
    "spoil",
    [
        lambda stored, folder: stored.update(key="0" * 64),  # built by other loading code or from other files
        lambda stored, folder: stored.update(files=["pack.yaml"]),  # the translation left out of the key
        lambda stored, folder: stored.update(data=[]),  # malformed
        lambda stored, folder: stored["data"].update({"~": "Path"}),  # a class that is not the model's
        lambda stored, folder: stored.update(pack="other.yaml"),  # another pack file's
        lambda stored, folder: stored.update(files=[], key=store._key(folder, [], "es")),  # no file in its key
        lambda stored, folder: stored.update(positions=[0]),  # fewer positions than lines of items
    ],
    ids=["key", "files", "data", "class", "pack", "no-files", "positions"],
)
def test_prebuilt_data_is_used_only_when_it_fits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spoil: Callable[[dict[str, Any], Path], object]
) -> None:
    from cell211cli.pack.loader import load_pack

    folder = shipped_copy_of_mini(tmp_path, monkeypatch)
    prebuilt = store.PREBUILT_DIR / store.prebuilt_name("mini", "es")
    header, *items = prebuilt.read_bytes().split(b"\n")[1:]
    stored = json.loads(header)
    spoil(stored, folder)
    prebuilt.write_bytes(store.entry_bytes([stored, *map(json.loads, items)]))
    expected = load_pack(folder, "es")
    calls = loads_counted(monkeypatch)
    assert same_load(store.load(folder, "es"), expected)
    assert calls == ["es"]


def test_prebuilt_data_is_only_for_the_shipped_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pack elsewhere with a shipped pack's name is read and checked, never taken from prebuilt data."""
    shipped_copy_of_mini(tmp_path, monkeypatch)
    elsewhere = tmp_path / "mine" / "mini"
    elsewhere.mkdir(parents=True)
    (elsewhere / "pack.yaml").write_bytes((MINI / "pack.yaml").read_bytes())
    calls = loads_counted(monkeypatch)
    store.load(elsewhere)
    assert calls == [None]


def test_wheel_carries_the_shipped_packs_validated(tmp_path: Path) -> None:
    """The wheel's build step writes each shipped pack's prebuilt data (an editable install has none)."""
    import zipfile

    from cell211cli.pack.discovery import SHIPPED_PACK_ID, shipped_packs_dir
    from cell211cli.pack.loader import load_pack

    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    folder = shipped_packs_dir() / SHIPPED_PACK_ID
    code = store.content_digest()  # the code as the wheel was built from it
    assert zipfile.ZipFile(wheel).read(f"cell211cli/prebuilt/{store.CODE_DIGEST_FILE}").decode().strip() == code
    for language in (None, "es"):
        stored = zipfile.ZipFile(wheel).read(f"cell211cli/prebuilt/{store.prebuilt_name(SHIPPED_PACK_ID, language)}")
        assert stored == store.entry_bytes(store.entry_lines(load_pack(folder, language), language, code))


def builds_counted(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[str] | None, bool]]:
    """Every ``build_app`` call of a run: the commands built, and whether the others were listed."""
    from cell211cli.cli import app

    built_apps: list[tuple[list[str] | None, bool]] = []
    real = app.build_app

    def counted(names: list[str] | None = None, *, list_others: bool = False) -> object:
        built_apps.append((None if names is None else list(names), list_others))
        return real(names, list_others=list_others)

    monkeypatch.setattr(app, "build_app", counted)
    return built_apps


@pytest.mark.parametrize(
    ("args", "built"),
    [
        (["recap", "--upto", "2"], (["recap"], False)),
        (["--lang", "es", "characters", "--help"], (["characters"], False)),
        (["help", "search"], (["search"], False)),
        (["--version", "recap"], ([], False)),
        (["--help", "recap"], ([], True)),  # the group's help lists every command
        (["-h"], ([], True)),
        (["recapx"], ([], True)),  # "did you mean" needs the names
        ([], ([], True)),
        (["--", "recap"], (None, False)),
    ],
)
def test_a_run_builds_only_the_command_it_names(
    args: list[str], built: tuple[list[str] | None, bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typer reads the signature of every command it builds; a run that names one builds just that one,
    and the list of commands (help, "did you mean") needs only their names and help."""
    from cell211cli.cli import app

    built_apps = builds_counted(monkeypatch)
    with pytest.raises(SystemExit):
        app.run(args)
    assert built_apps == [built]


@pytest.mark.parametrize(
    ("words", "built"),
    [
        ("cell211 characters --upto ", (["characters"], False)),
        ("cell211 char", ([], True)),
        ("cell211 ", ([], True)),
    ],
)
def test_completion_builds_only_the_command_on_the_line(
    words: str, built: tuple[list[str] | None, bool], monkeypatch: pytest.MonkeyPatch, isolated_env: Path
) -> None:
    from cell211cli.cli import app

    built_apps = builds_counted(monkeypatch)
    cword = str(len(words.split()) - (0 if words.endswith(" ") else 1))
    monkeypatch.setenv("_CELL211_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", cword)
    app.run([])
    assert built_apps == [built]


def test_help_before_a_command_name_still_lists_every_command(isolated_env: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cell211cli", "--help", "recap"], capture_output=True, text=True, check=True
    )
    assert all(name in result.stdout for name in ("characters", "validate", "translate"))


def test_each_language_has_its_own_prebuilt_file() -> None:
    """The wheel keeps one entry per language: a Spanish run never reads the English file."""
    names = {store.prebuilt_name("cell211", language) for language in (None, "en", "es")}
    assert len(names) == 3


def test_the_code_digest_follows_the_modules_in_a_checkout_and_the_build_in_a_wheel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checkout's entries are keyed by every module's size and time (an edited module is new code); a
    wheel's by the digest its build wrote, which names the modules' contents."""
    import shutil

    package = tmp_path / "cell211cli"
    shutil.copytree(store.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__", "prebuilt"))
    monkeypatch.setattr(store, "PACKAGE_DIR", package)
    monkeypatch.setattr(store, "PREBUILT_DIR", package / "prebuilt")
    digests = []
    for change in ("none", "touched", "nested", "wheel"):
        module = package / ("gate.py" if change == "touched" else "viewer/history/report.py")
        if change in ("touched", "nested"):
            status = module.stat()
            os.utime(module, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
        if change == "wheel":
            (package / "prebuilt").mkdir()
            (package / "prebuilt" / store.CODE_DIGEST_FILE).write_text(store.content_digest(package) + "\n")
        store._code_digest.cache_clear()
        digests.append(store._code_digest())
    store._code_digest.cache_clear()
    assert len(set(digests)) == 4
    assert digests[-1] == store.content_digest(package)


def test_a_wheels_code_digest_names_every_modules_path_and_contents(tmp_path: Path) -> None:
    """What a build writes to ``code.digest`` changes when any module changes (even keeping its size and
    time), is renamed, or is added, at any depth; other files do not count."""
    import shutil

    package = tmp_path / "cell211cli"
    shutil.copytree(store.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__", "prebuilt"))
    digests = [store.content_digest(package)]
    first = package / "cli" / "app.py"  # early in the sorted order: not only the last module counts
    status = first.stat()
    first.write_text(first.read_text(encoding="utf-8").replace("import", "imporT", 1), encoding="utf-8")
    os.utime(first, ns=(status.st_atime_ns, status.st_mtime_ns))
    digests.append(store.content_digest(package))
    (package / "viewer" / "history" / "report.py").rename(package / "viewer" / "history" / "reports.py")
    digests.append(store.content_digest(package))
    (package / "viewer" / "history" / "extra.py").write_text("", encoding="utf-8")
    digests.append(store.content_digest(package))
    (package / "notes.txt").write_text("not code", encoding="utf-8")
    assert store.content_digest(package) == digests[-1]
    assert len(set(digests)) == 4


def test_a_pack_file_named_in_no_encoding_is_stored_and_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_env: Path
) -> None:
    """A pack file whose name is not UTF-8 (``caf\\xe9.yaml`` from a Latin-1 system) is stored, and the next
    load reads the entry rather than the YAML."""
    folder = copy_mini(tmp_path)
    odd = folder / os.fsdecode(b"caf\xe9.yaml")
    (folder / "pack.yaml").rename(odd)
    assert store.load(odd).pack.show.title == "Lighthouse"
    assert list(store.store_dir().glob("*.json"))

    def no_parsing(path: Path, language: str | None = None) -> None:
        raise AssertionError("the pack was parsed again")

    monkeypatch.setattr("cell211cli.pack.loader.load_pack", no_parsing)
    assert store.load(odd).pack.show.title == "Lighthouse"


def test_no_store_reads_the_pack_every_time_and_keeps_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_env: Path
) -> None:
    """``CELL211_NO_STORE=1``: every load parses and validates the pack, and no entry is written."""
    folder = copy_mini(tmp_path)
    monkeypatch.setenv("CELL211_NO_STORE", "1")
    calls = loads_counted(monkeypatch)
    store.load(folder)
    store.load(folder)
    assert calls == [None, None]
    assert not store.store_dir().exists() or not list(store.store_dir().iterdir())


def test_a_store_that_fills_up_only_costs_speed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_env: Path
) -> None:
    """An entry that cannot be written (a full disk) leaves the pack loaded as if there were no store."""
    import errno

    def full(path: Path, content: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("cell211cli.files.write_atomically", full)
    assert store.load(copy_mini(tmp_path)).pack.show.title == "Lighthouse"


@pytest.mark.parametrize("stored", [True, False])
def test_a_session_reads_only_the_items_its_position_reveals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_env: Path, stored: bool
) -> None:
    """From an entry, the lines of items past the position are never parsed (reading grows with what is
    shown); read from the YAML, the gate gets the same items, in the pack's order. The session keeps none."""
    from cell211cli.viewer import session

    folder = copy_mini(tmp_path)
    if not stored:
        monkeypatch.setenv("CELL211_NO_STORE", "1")
    session.open_session(str(folder), "2")  # writes the entry (when the store is in use)
    parsed: list[bytes] = []
    real = store._parsed
    monkeypatch.setattr(store, "_parsed", lambda line: parsed.append(line) or real(line))
    gated: list[LoadedPack] = []
    reveal = session.reveal
    monkeypatch.setattr(session, "reveal", lambda loaded, position: gated.append(loaded) or reveal(loaded, position))
    opened = session.open_session(str(folder), "2")
    assert not any(getattr(opened.outline.pack, name) for name in store.ITEM_LISTS)
    pack = gated[0].pack
    assert {item.at for name in store.ITEM_LISTS for item in getattr(pack, name)} == {0, 1, 2}
    assert [source.id for source in pack.sources] == ["guide", "guide-1", "guide-2", "news", "news-2"]
    assert [character.id for character in pack.characters] == ["ana", "tomas"]
    if stored:
        assert len(parsed) == 2  # the outline, then the lines for the premise, episode 1 and episode 2 at once
        later = (b"The keeper falls", b'"inspector"', b"closes the story", b"guide/3")  # items revealed later
        assert not any(text in line for text in later for line in parsed)


def plant_foreign_items(entry: Path) -> None:
    """Rewrite a stored entry, under a fresh checksum, with item lines that name a class that is not the
    model's (its outline kept, so that only the items cannot be read)."""
    header, *items = entry.read_bytes().split(b"\n")[1:]
    planted = [{"recap": [[0, {"~": "Path", "args": "/"}]]} for _ in items]
    entry.write_bytes(store.entry_bytes([json.loads(header), *planted]))


def test_an_entry_with_a_line_too_few_gives_way_to_the_pack(tmp_path: Path, invoke: Invoke) -> None:
    """Item lines are found by position: an entry (under a fresh checksum) whose lines do not match its
    positions is not used."""
    folder = copy_mini(tmp_path)
    invoke("recap", "--pack", str(folder))
    entry = next(store.store_dir().glob("*.json"))
    header, _, *items = entry.read_bytes().split(b"\n")[1:]
    entry.write_bytes(store.entry_bytes([json.loads(header), *map(json.loads, items)]))
    line = ("recap", "--upto", "4", "--pack", str(folder), "--format", "plain")
    from_yaml = invoke(*line, env={"CELL211_NO_STORE": "1"})
    result = invoke(*line)
    assert result.exit_code == 0 and "falls from the gallery" in result.stdout
    assert result.stdout == from_yaml.stdout


def test_an_entry_whose_items_cannot_be_read_gives_way_to_the_pack(tmp_path: Path, invoke: Invoke) -> None:
    """An entry whose outline fits but whose item lines name a class that is not the model's (planted
    under a fresh checksum) is not used: the pack is read again, and the command shows what it should."""
    folder = copy_mini(tmp_path)
    invoke("recap", "--pack", str(folder))
    plant_foreign_items(next(store.store_dir().glob("*.json")))
    result = invoke("recap", "--upto", "4", "--pack", str(folder), "--format", "plain")
    assert result.exit_code == 0 and "falls from the gallery" in result.stdout


def copy_mini_with_spanish(tmp_path: Path) -> Path:
    folder = copy_mini(tmp_path)
    (folder / "es.yaml").write_bytes((MINI / "es.yaml").read_bytes())
    return folder


SPANISH_PREMISE = "Un farero cuida un faro apartado."


def test_an_entry_of_another_store_format_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_env: Path
) -> None:
    folder = copy_mini(tmp_path)
    store.load(folder)
    monkeypatch.setattr(store, "STORE_FORMAT", store.STORE_FORMAT + 1)
    calls = loads_counted(monkeypatch)
    store.load(folder)
    assert calls == [None]


def test_an_entry_written_by_other_code_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_env: Path
) -> None:
    """An entry written before the package's modules changed is read again, from the user's store or
    from a wheel built from other code."""
    from cell211cli.pack.loader import load_pack

    folder = copy_mini(tmp_path)
    store.load(folder)
    monkeypatch.setattr(store, "_code_digest", lambda: "other code")
    calls = loads_counted(monkeypatch)
    store.load(folder)
    assert calls == [None]

    shipped = shipped_copy_of_mini(tmp_path / "wheel", monkeypatch)
    prebuilt = store.entry_lines(load_pack(shipped), None, code="the code of another build")
    (store.PREBUILT_DIR / store.prebuilt_name("mini", None)).write_bytes(store.entry_bytes(prebuilt))
    calls.clear()
    store.load(shipped)
    assert calls == [None]


def test_each_language_has_its_own_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_env: Path) -> None:
    """Two languages, two entries; the Spanish entry copied over the English one is not used for English."""
    folder = copy_mini_with_spanish(tmp_path)
    store.load(folder, "es")
    (spanish,) = store.store_dir().glob("*.json")
    store.load(folder, "en")
    (english,) = set(store.store_dir().glob("*.json")) - {spanish}
    calls = loads_counted(monkeypatch)
    assert store.load(folder, "es").pack.recap[0].text == SPANISH_PREMISE
    assert calls == []
    english.write_bytes(spanish.read_bytes())
    assert store.load(folder, "en").pack.recap[0].text == "A keeper tends a remote lighthouse."
    assert calls == ["en"]


def test_an_edit_of_the_pack_reaches_its_translations_entry(tmp_path: Path, isolated_env: Path) -> None:
    """The Spanish entry is keyed by the pack's file as well as the translation's."""
    folder = copy_mini_with_spanish(tmp_path)
    assert store.load(folder, "es").pack.sources[0].url == "https://example.org/guide"
    pack = folder / "pack.yaml"
    pack.write_text(pack.read_text(encoding="utf-8").replace('org/guide"', 'org/guide-2"'), encoding="utf-8")
    assert store.load(folder, "es").pack.sources[0].url == "https://example.org/guide-2"


def test_the_count_of_untranslated_texts_is_kept(tmp_path: Path, isolated_env: Path) -> None:
    folder = copy_mini_with_spanish(tmp_path)
    translation = folder / "es.yaml"
    lines = translation.read_text(encoding="utf-8").splitlines(keepends=True)
    translation.write_text("".join(line for line in lines if "recap/e4-1/" not in line), encoding="utf-8")
    first = store.load(folder, "es")
    assert first.untranslated == 1
    assert store.load(folder, "es").untranslated == 1  # from the entry


def test_an_entry_that_is_a_link_is_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_env: Path
) -> None:
    """A symbolic link in place of an entry is not read, even to a valid entry (it could lead to a FIFO or
    a device instead)."""
    folder = copy_mini(tmp_path)
    store.load(folder)
    (entry,) = store.store_dir().glob("*.json")
    elsewhere = tmp_path / "elsewhere.json"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    calls = loads_counted(monkeypatch)
    store.load(folder)
    assert calls == [None]


def test_no_store_reads_the_translation_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_env: Path
) -> None:
    monkeypatch.setenv("CELL211_NO_STORE", "1")
    assert store.load(copy_mini_with_spanish(tmp_path), "es").pack.recap[0].text == SPANISH_PREMISE


def test_a_planted_entry_gives_way_to_the_pack_in_its_language_and_up_to_its_position(
    tmp_path: Path, isolated_env: Path
) -> None:
    folder = copy_mini_with_spanish(tmp_path)
    store.load(folder, "es")
    (entry,) = store.store_dir().glob("*.json")
    plant_foreign_items(entry)
    pack = store.open_pack(folder, "es")[1](2).pack
    assert pack.recap[0].text == SPANISH_PREMISE
    assert max(item.at for item in pack.recap) == 2


def test_the_code_digest_does_not_depend_on_the_working_folder_and_names_each_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "package"
    (package / "inner").mkdir(parents=True)
    (package / "inner" / "module.py").write_text("x = 1\n", encoding="utf-8")
    digest = store.content_digest(package)
    monkeypatch.chdir(package / "inner")
    assert store.content_digest(package) == digest
    (package / "inner" / "module.py").rename(package / "module.py")  # the same module, one folder up
    assert store.content_digest(package) != digest


def test_a_packs_warnings_are_kept_in_its_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_env: Path
) -> None:
    """A pack that loads with a warning (a premise text citing a page about episode 2) is stored, and the
    next run, served from the entry, has the same warning."""
    import dataclasses

    folder = copy_mini(tmp_path)
    pack = folder / "pack.yaml"
    guide = 'url: "https://example.org/guide"}'
    pack.write_text(pack.read_text(encoding="utf-8").replace(guide, guide[:-1] + ", covers: S01E02}"), encoding="utf-8")
    first = [dataclasses.asdict(problem) for problem in store.load(folder).warnings]
    assert first and "S01E02" in first[0]["message"]
    calls = loads_counted(monkeypatch)
    assert [dataclasses.asdict(problem) for problem in store.load(folder).warnings] == first
    assert calls == []
