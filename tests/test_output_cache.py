"""Stored output is replayed only when every input is the same; any change of input runs the command again.

These run the real entry point in child processes (the replay happens before the app is imported)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cell211cli import output_cache
from tests.conftest import MINI


def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "cell211cli", *args],
        capture_output=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=60,
    )


def entries() -> list[Path]:
    folder = Path(output_cache.cache_folder(os.environ))
    return sorted(folder.glob("*.out")) if folder.is_dir() else []


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    shutil.copytree(MINI, folder)
    return folder


COMMANDS = [
    ("recap", "--upto", "2", "--format", "rich"),
    ("recap", "--upto", "4", "--format", "plain"),
    ("recap", "--upto", "3", "--format", "json", "--lang", "es"),
    ("characters", "--upto", "3", "--format", "markdown"),
    ("facts", "true-story", "--upto", "4"),
    ("search", "keeper", "--upto", "2"),
    ("levels",),
    ("map", "--upto", "4", "--format", "mermaid"),
    ("recap", "--help"),
    ("--version",),
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_replay_is_byte_for_byte_the_command(pack: Path, args: tuple[str, ...]) -> None:
    """First run (stored), second (replayed) and a run with the cache off print the same bytes."""
    args = (*args, "--pack", str(pack)) if args[0] != "--version" else args
    env = {"FORCE_COLOR": "1", "COLUMNS": "60", "CELL211_PACK": str(pack)}
    first, second = run(*args, env=env), run(*args, env=env)
    fresh = run(*args, env={**env, "CELL211_NO_OUTPUT_CACHE": "1"})
    assert len(entries()) == 1
    for result in (second, fresh):
        assert (result.returncode, result.stdout, result.stderr) == (first.returncode, first.stdout, first.stderr)


def test_replay_follows_saved_progress(pack: Path) -> None:
    """Saving another position (the progress file) is a new input: nothing past it is replayed."""
    recap = ("recap", "--format", "plain", "--pack", str(pack))
    assert run("progress", "1", "--pack", str(pack)).returncode == 0
    assert b"lamp key" in run(*recap).stdout
    assert b"storm cuts" not in run(*recap).stdout  # replayed
    run("progress", "2", "--pack", str(pack))
    assert b"storm cuts" in run(*recap).stdout
    run("progress", "--clear", "--pack", str(pack))
    cleared = run(*recap)
    assert b"lamp key" not in cleared.stdout and b"premise only" in cleared.stderr


def test_replay_follows_the_pack_and_its_translation(pack: Path) -> None:
    """An edit to the translation or to the pack is seen on the next run."""
    args = ("recap", "--upto", "1", "--format", "plain", "--pack", str(pack))
    spanish = (*args, "--lang", "es")
    assert b"con una carta" in run(*spanish).stdout
    (pack / "es.yaml").write_text(
        (pack / "es.yaml").read_text("utf-8").replace("con una carta", "con un sobre"), "utf-8"
    )
    assert b"con un sobre" in run(*spanish).stdout
    assert b"with a letter" in run(*args).stdout
    (pack / "pack.yaml").write_text(
        (pack / "pack.yaml").read_text("utf-8").replace("with a letter", "with a parcel"), "utf-8"
    )
    assert b"with a parcel" in run(*args).stdout
    assert b"[en] Ana arrives at the lighthouse with a parcel" in run(*spanish).stdout  # now stale


def test_same_size_edit_keeping_the_time_is_seen(pack: Path) -> None:
    """Files are compared by status and then content, as the pack cache does: a sneaky edit is noticed."""
    args = ("recap", "--upto", "1", "--format", "plain", "--pack", str(pack))
    file = pack / "pack.yaml"
    assert b"Ana arrives at the lighthouse with" in run(*args).stdout
    before = file.stat()
    file.write_text(file.read_text("utf-8").replace("at: 1, text: Ana", "at: 2, text: Ana"), "utf-8")
    os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert b"Ana arrives at the lighthouse with" not in run(*args).stdout


def test_replay_follows_environment_folder_and_config(pack: Path, tmp_path: Path) -> None:
    """Another width, another working folder for a relative --pack, or a new config file: run again."""
    args = ("recap", "--upto", "1", "--pack", "pack", "--format", "rich")
    narrow = run(*args, env={"COLUMNS": "40"}, cwd=pack.parent)
    assert run(*args, env={"COLUMNS": "100"}, cwd=pack.parent).stdout != narrow.stdout
    other = tmp_path / "elsewhere"
    other.mkdir()
    assert run(*args, env={"COLUMNS": "40"}, cwd=other).returncode == 2  # no pack there
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "cell211" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('format = "json"\n', encoding="utf-8")
    assert run("recap", "--upto", "1", "--pack", "pack", cwd=pack.parent).stdout.startswith(b"{")


def test_a_new_tab_or_shell_still_replays_but_a_set_variable_counts(pack: Path) -> None:
    """Variables that name a shell or window count only by being set: a replay, not a new entry, in another
    tab; setting one (a terminal's links depend on KITTY_WINDOW_ID being there) or changing any other is a miss."""
    args = ("recap", "--upto", "2", "--pack", str(pack), "--format", "rich")
    first = run(*args, env={"OLDPWD": "/a", "SHLVL": "1", "_": "/usr/bin/cell211"})
    stored = entries()
    again = run(*args, env={"OLDPWD": "/b", "SHLVL": "3", "_": "/bin/env"})
    assert (entries(), again.stdout) == (stored, first.stdout)
    run(*args, env={"OLDPWD": "/b", "SHLVL": "3", "_": "/bin/env", "KITTY_WINDOW_ID": "4"})
    assert len(entries()) == len(stored) + 1
    run(*args, env={"OLDPWD": "/b", "SHLVL": "3", "_": "/bin/env", "SOME_OTHER": "x"})
    assert len(entries()) == len(stored) + 2


def test_an_installed_pack_with_the_same_id_is_noticed(pack: Path) -> None:
    """A pack installed later under an id that named a shipped pack: the lookup changes, so does the output."""
    assert b"Prison Cell 211" in run("recap", "--pack", "cell211", "--format", "plain").stdout
    installed = Path(os.environ["XDG_DATA_HOME"]) / "cell211" / "packs" / "cell211"
    installed.parent.mkdir(parents=True)
    shutil.copytree(pack, installed)
    assert b"Lighthouse" in run("recap", "--pack", "cell211", "--format", "plain").stdout


def test_failures_questions_and_saves_are_not_stored(pack: Path) -> None:
    """Errors, not-found answers and commands that change state are never replayed."""
    run("recap", "--upto", "99", "--pack", str(pack))
    run("characters", "nobody", "--pack", str(pack))
    run("progress", "2", "--pack", str(pack))
    run("validate", str(pack))
    assert entries() == []


@pytest.mark.parametrize("content", [b"", b"{}\n", b"not json\n", b'{"format": 1}\nbody'])
def test_a_corrupt_or_edited_entry_is_ignored(pack: Path, content: bytes) -> None:
    """An entry that fails its checksum is a miss, and is replaced by a good one."""
    args = ("recap", "--upto", "1", "--format", "plain", "--pack", str(pack))
    good = run(*args)
    (entry,) = entries()
    entry.write_bytes(content)
    assert run(*args).stdout == good.stdout
    header, _, body = entry.read_bytes().partition(b"\n")
    entry.write_bytes(header + b"\n" + body.replace(b"lamp key", b"LEAKED!!"))
    assert run(*args).stdout == good.stdout


def test_a_folder_open_to_others_is_not_used(pack: Path) -> None:
    """Entries in a folder others can write are neither read nor written."""
    args = ("recap", "--upto", "1", "--format", "plain", "--pack", str(pack))
    run(*args)
    folder = Path(output_cache.cache_folder(os.environ))
    folder.chmod(0o777)
    (entry,) = entries()
    header, _, body = entry.read_bytes().partition(b"\n")
    entry.write_bytes(header.replace(b'"exit":0', b'"exit":7') + b"\n" + body)
    assert run(*args).returncode == 0


def test_old_entries_are_removed(pack: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder keeps at most MAX_ENTRIES entries."""
    for width in range(output_cache.MAX_ENTRIES + 3):
        recording = output_cache.Recording()
        recording.add("stdout", b"x", None)
        output_cache._store(["levels", str(width)], os.environ, recording)
    assert len(entries()) == output_cache.MAX_ENTRIES


@pytest.mark.parametrize(
    ("args", "recorded"),
    [
        (["recap", "--upto", "3"], True),
        (["--lang", "es", "characters"], True),
        (["progress", "3"], False),
        (["progress", "--help"], True),
        (["progress", "--", "-h"], False),
        (["-V"], True),
        (["--install-completion"], False),
        (["validate"], False),
        ([], False),
    ],
)
def test_only_commands_that_change_nothing_are_recorded(args: list[str], recorded: bool) -> None:
    """Content commands, help, version; never a save, an install or a check."""
    assert output_cache.should_record(args, {}) is recorded


CHANGES = st.lists(
    st.one_of(
        st.tuples(st.just("progress"), st.sampled_from(["1", "2", "3", "4", "--clear"])),
        st.tuples(st.just("move"), st.sampled_from(["e1-2", "e2-1", "e3-1", "e4-1"]), st.sampled_from([1, 2, 3, 4])),
        st.tuples(st.just("translate"), st.sampled_from(["carta", "tormenta", "llave"])),
    ),
    min_size=1,
    max_size=5,
)
COMMAND = st.tuples(
    st.sampled_from(["recap", "characters", "search faro", "search keeper", "map", "levels"]),
    st.sampled_from(["", "--upto 2", "--upto 4"]),
    st.sampled_from(["plain", "json", "rich"]),
    st.sampled_from(["en", "es"]),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command=COMMAND, changes=CHANGES)
def test_whatever_changes_a_replay_is_what_the_command_prints(
    tmp_path: Path, command: tuple[str, str, str, str], changes: list[tuple[Any, ...]]
) -> None:
    """One command run again after each of a series of saves, edits that move recap items between
    episodes, and translation edits: every answer equals that of the same command with the cache off, so a
    replay never shows what the gate would not."""
    folder = tmp_path / f"pack-{len(list(tmp_path.iterdir()))}"
    shutil.copytree(MINI, folder)
    state = {"XDG_STATE_HOME": str(folder / "state"), "XDG_CACHE_HOME": str(folder / "cache"), "FORCE_COLOR": "1"}
    words, upto, output_format, language = command
    args = [*words.split(), *upto.split(), "--format", output_format, "--lang", language, "--pack", str(folder)]

    def check() -> None:
        replayed = run(*args, env=state)
        fresh = run(*args, env={**state, "CELL211_NO_OUTPUT_CACHE": "1"})
        assert (replayed.returncode, replayed.stdout, replayed.stderr) == (
            fresh.returncode,
            fresh.stdout,
            fresh.stderr,
        )

    check()
    for change in changes:
        if change[0] == "progress":
            run("progress", change[1], "--pack", str(folder), env=state)
        elif change[0] == "move":
            file = folder / "pack.yaml"
            moved = re.sub(rf"(id: {change[1]}, at: )[^,]+,", rf"\g<1>{change[2]},", file.read_text("utf-8"))
            file.write_text(moved, "utf-8")
        else:
            file = folder / "es.yaml"
            file.write_text(file.read_text("utf-8").replace(change[1], change[1].upper()), "utf-8")
        check()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cache_home=st.sampled_from(["", " ", "/abs/cache", "/abs/cache/", " /padded", "relative/cache", "~/cache"]),
    home=st.sampled_from(["/home/ana", "/home/ana/", "relative", "", None]),
)
def test_the_folder_is_the_one_platformdirs_names(
    monkeypatch: pytest.MonkeyPatch, cache_home: str, home: str | None
) -> None:
    from platformdirs import user_cache_path

    monkeypatch.setenv("XDG_CACHE_HOME", cache_home)
    if home is None:
        monkeypatch.delenv("HOME", raising=False)
    else:
        monkeypatch.setenv("HOME", home)
    expected = str(user_cache_path("cell211") / "outputs")
    assert output_cache.cache_folder(os.environ) == expected
