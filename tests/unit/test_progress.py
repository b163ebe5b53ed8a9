"""Remembered progress: set, show, clear, followed by every command, overridden, and robust."""

from __future__ import annotations

import json
import multiprocessing
import shutil
from pathlib import Path

import pytest

from cell211cli.errors import ExitCode
from cell211cli.viewer.progress import recall, remember, state_file
from tests.helpers import Invoke


def test_set_show_clear(mini: Invoke) -> None:
    """progress N saves, progress shows, --clear forgets."""
    assert "No saved progress" in mini("progress").stdout
    assert mini("progress", "S01E02").stdout.strip() == "Saved: you have finished episode 2."
    assert "You have finished episode 2 (S01E02)." in mini("progress").stdout
    assert json.loads(mini("progress", "--json").stdout) == {
        "json_version": 2,
        "pack": "mini",
        "upto": {"id": "S01E02", "label": "Episode 2"},
        "first_watch": {"id": "S01E02", "label": "Episode 2"},
        "rewatch": None,
    }
    assert "cleared" in mini("progress", "--clear").stdout
    assert "No saved progress" in mini("progress").stdout


def test_progress_refuses_unknown_positions(mini: Invoke) -> None:
    """A bad position exits 2 and saves nothing."""
    result = mini("progress", "9")
    assert result.exit_code == 2
    assert not state_file().exists()


def test_commands_follow_saved_progress(mini: Invoke) -> None:
    """With progress saved and no --upto, content stops at the saved position; stderr only counts what is
    hidden (no premise hint, no warning)."""
    mini("progress", "1")
    result = mini("recap")
    assert "Ana arrives" in result.stdout and "storm" not in result.stdout
    assert result.stderr == "3 later episodes are hidden. Use --upto to look further ahead.\n"
    assert "Bruno" not in mini("characters").stdout


def test_upto_and_environment_override_saved_progress(mini: Invoke) -> None:
    """--upto and CELL211_UPTO win for one command and say so when they look ahead."""
    mini("progress", "1")
    ahead = mini("recap", "--upto", "3")
    assert "Bruno" in ahead.stdout
    assert "Looking ahead" in ahead.stderr and "episode 1" in ahead.stderr
    from_env = mini("recap", env={"CELL211_UPTO": "2"})
    assert "storm" in from_env.stdout and "Looking ahead" in from_env.stderr
    behind = mini("recap", "--upto", "premise")
    assert "Looking ahead" not in behind.stderr and "Ana" not in behind.stdout
    assert "Ana arrives" in mini("recap").stdout  # the saved value itself is unchanged


def test_progress_is_kept_per_pack(mini: Invoke, invoke: Invoke) -> None:
    """Saving for one pack leaves another pack's progress alone."""
    mini("progress", "3")
    invoke("progress", "1")
    assert recall("mini").spelling == "S01E03"
    assert recall("cell211").spelling == "S01E01"


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"", b'{"positions": ["S01E02"]}', b"\xff\xfe\x00", b'{"positions": {"mini": 3}}'],
)
def test_corrupt_state_file_fails_closed_and_is_kept(mini: Invoke, content: bytes) -> None:
    """A corrupt file: a warning, the premise only, and the file left as it was until a new position is set."""
    path = state_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    result = mini("recap")
    assert result.exit_code == 0
    assert "warning:" in result.stderr and "premise only" in result.stderr
    assert "Ana" not in result.stdout
    assert path.read_bytes() == content
    mini("progress", "2")
    assert recall("mini").spelling == "S01E02"


def test_state_path_is_a_folder(mini: Invoke) -> None:
    """A folder where the file should be: warning on read, a clear error (exit 4, cannot save) on write."""
    state_file().mkdir(parents=True)
    assert "warning" in mini("recap").stderr
    result = mini("progress", "2")
    assert result.exit_code == ExitCode.CANNOT_SAVE
    assert "could not save progress" in result.stderr and "Traceback" not in result.stderr


def test_a_file_in_place_of_the_state_folder_is_left_whole(mini: Invoke) -> None:
    """The state folder cannot be made or written into, whoever runs (a file stands where it should be, and
    no permission bit lets root create a file inside a file): setting fails cleanly, the file in the way is
    left byte for byte, nothing else is created, and reading commands go on."""
    folder = state_file().parent
    folder.parent.mkdir(parents=True)
    folder.write_bytes(b"not a folder\n")
    result = mini("progress", "3")
    assert result.exit_code == ExitCode.CANNOT_SAVE, result.stderr
    assert "could not save progress" in result.stderr and "Traceback" not in result.stderr
    assert folder.read_bytes() == b"not a folder\n" and [p.name for p in folder.parent.iterdir()] == ["cell211"]
    assert mini("recap").exit_code == 0


def test_a_state_folder_where_nothing_can_be_created_keeps_the_old_value(mini: Invoke) -> None:
    """Saved: episode 1. Then the folder takes no new file, whoever runs (the lock's name is taken by a folder,
    which no one can open as a file; permission bits would not stop root, and CI runs as root): setting
    episode 3 fails cleanly and episode 1 survives, byte for byte."""
    mini("progress", "1")
    before = state_file().read_bytes()
    lock = state_file().parent / ".progress.lock"
    lock.unlink()
    lock.mkdir()
    result = mini("progress", "3")
    assert result.exit_code == ExitCode.CANNOT_SAVE, result.stderr
    assert "could not save progress" in result.stderr and "Traceback" not in result.stderr
    assert state_file().read_bytes() == before and recall("mini").spelling == "S01E01"


def test_failed_write_leaves_old_file_whole(mini: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash while writing (e.g. a full disk) leaves the previous file intact and no temporary file."""
    mini("progress", "1")
    before = state_file().read_bytes()

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("cell211cli.files.os.fsync", disk_full)
    result = mini("progress", "3")
    assert result.exit_code == ExitCode.CANNOT_SAVE and "No space left on device" in result.stderr
    assert state_file().read_bytes() == before
    assert [p.name for p in state_file().parent.iterdir() if p.name.endswith(".tmp")] == []


WRITERS_TIMEOUT = 120
"""Seconds the concurrent writers may take (they take about two)."""


def _set_many(args: tuple[str, str, int]) -> None:
    state_home, position, rounds = args
    import os

    os.environ["XDG_STATE_HOME"] = state_home
    for _ in range(rounds):
        remember("mini", position)
        remember("other", position)


def test_concurrent_writers_leave_a_whole_file(isolated_env: Path) -> None:
    """Processes writing at once: the file always parses and holds one of the written values."""
    state_home = str(isolated_env / "xdg_state_home")
    jobs = [(state_home, f"S01E0{n}", 40) for n in (1, 2, 3, 4)]
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:  # leaving the block terminates the workers, done or not
        # A worker that cannot start (an import that fails in the child) makes a plain map wait forever:
        # the timeout fails the test instead (multiprocessing.TimeoutError).
        pool.map_async(_set_many, jobs).get(timeout=WRITERS_TIMEOUT)
    data = json.loads(state_file().read_text(encoding="utf-8"))
    assert data["positions"]["mini"] in {"S01E01", "S01E02", "S01E03", "S01E04"}
    assert data["positions"]["other"] in {"S01E01", "S01E02", "S01E03", "S01E04"}


def test_paths_shows_state_file(invoke: Invoke) -> None:
    """`cell211 paths` names the progress file inside the isolated state folder."""
    out = invoke("paths").stdout
    assert str(state_file()) in out and "xdg_state_home" in out


def test_deeply_nested_state_file_is_refused_and_set_aside(mini: Invoke) -> None:
    """A hugely nested file: a warning on read, and `progress N` (the advised fix) still works."""
    path = state_file()
    path.parent.mkdir(parents=True)
    path.write_text("[" * 200_000, encoding="utf-8")
    result = mini("recap")
    assert result.exit_code == 0 and "nested too deeply" in result.stderr
    saved = mini("progress", "2")
    assert saved.exit_code == 0, saved.stderr
    assert recall("mini").spelling == "S01E02"
    assert path.with_name("progress.json.bad").read_text(encoding="utf-8") == "[" * 200_000


def test_one_malformed_entry_keeps_the_others(mini: Invoke) -> None:
    """A bad entry for one pack neither hides nor loses the other packs' positions."""
    path = state_file()
    path.parent.mkdir(parents=True)
    path.write_text('{"positions": {"mini": "S01E01", "other": 3, "third": "S01E04"}}', encoding="utf-8")
    assert recall("mini").spelling == "S01E01"
    assert recall("other").spelling is None and "malformed" in (recall("other").warning or "")
    result = mini("progress", "2")
    assert result.exit_code == 0 and "a copy is kept" in result.stderr
    assert recall("mini").spelling == "S01E02" and recall("third").spelling == "S01E04"
    assert '"other": 3' in path.with_name("progress.json.bad").read_text(encoding="utf-8")


def test_symlinked_state_file_is_written_through(mini: Invoke, tmp_path: Path) -> None:
    """A progress.json that links to a dotfiles folder stays a link; its target gets the new content."""
    target = tmp_path / "dotfiles" / "progress.json"
    target.parent.mkdir()
    target.write_text('{"positions": {"other": "S01E01"}}', encoding="utf-8")
    state_file().parent.mkdir(parents=True)
    state_file().symlink_to(target)
    assert mini("progress", "3").exit_code == 0
    assert state_file().is_symlink()
    assert json.loads(target.read_text(encoding="utf-8"))["positions"] == {"mini": "S01E03", "other": "S01E01"}


def test_lock_file_link_is_not_followed(mini: Invoke, tmp_path: Path) -> None:
    """A symbolic link planted as the lock file cannot make us create its target: a clear error instead."""
    victim = tmp_path / "victim"
    state_file().parent.mkdir(parents=True)
    (state_file().parent / ".progress.lock").symlink_to(victim)
    result = mini("progress", "2")
    assert result.exit_code == ExitCode.CANNOT_SAVE and "could not save progress" in result.stderr
    assert "previous file is unchanged" not in result.stderr  # there was none
    assert not victim.exists()


def test_stale_temporary_files_are_removed(mini: Invoke) -> None:
    """A temporary file left by a writer killed mid-write is cleaned up by the next save."""
    state_file().parent.mkdir(parents=True)
    stale = state_file().parent / ".progress.json.abc123.tmp"
    stale.write_text('{"half": ', encoding="utf-8")
    assert mini("progress", "1").exit_code == 0
    assert not stale.exists()


def test_fifo_as_state_file_does_not_hang(mini: Invoke) -> None:
    """A named pipe where progress.json should be: a warning and the premise, at once."""
    import os

    state_file().parent.mkdir(parents=True)
    os.mkfifo(state_file())
    result = mini("recap")
    assert result.exit_code == 0 and "not a regular file" in result.stderr


def test_a_folder_named_like_a_stale_temporary_does_not_stop_a_save(mini: Invoke) -> None:
    """Cleaning up stale temporaries skips what it cannot remove (here a folder): the save goes on."""
    state_file().parent.mkdir(parents=True)
    stuck = state_file().parent / ".progress.json.abc123.tmp"
    stuck.mkdir()
    result = mini("progress", "1")
    assert result.exit_code == 0, result.stderr
    assert recall("mini").spelling == "S01E01" and stuck.is_dir()


def test_the_warning_for_a_folder_in_place_of_the_file_says_why_in_words(mini: Invoke) -> None:
    """The reason is the system's words ("is a folder"), not Python's "[Errno 21] ..." with the path again."""
    state_file().mkdir(parents=True)
    assert f"warning: ignoring saved progress in {state_file()} (is a folder)." in mini("recap").stderr


def test_only_short_texts_saved_for_a_saved_position_are_read_as_its_origin(mini: Invoke) -> None:
    """An origin is read only when it is text of at most 300 characters for a pack with a position: a list,
    a longer text or an origin without a position is dropped (and never printed)."""
    state_file().parent.mkdir(parents=True)
    origins = {"mini": ["imported"], "other": "imported on 2026-03-02"}
    state = {"format": 2, "positions": {"mini": "S01E02", "third": "S01E01"}, "origins": origins}
    state["origins"]["third"] = "o" * 301
    state_file().write_text(json.dumps(state), encoding="utf-8")
    assert recall("mini").origin is None and recall("other").origin is None and recall("third").origin is None
    state["origins"] = {"mini": "o" * 300}
    state_file().write_text(json.dumps(state), encoding="utf-8")
    assert recall("mini").origin == "o" * 300 and recall("mini").spelling == "S01E02"


def test_remember_saves_a_position_with_its_origin_and_clearing_forgets_both() -> None:
    """Each call adds a change to the pack's history: typed at the position, then a clear at none."""
    remember("mini", "S01E02", "imported on 2026-03-02 from a test")
    remembered = recall("mini")
    assert remembered.spelling == "S01E02" and remembered.origin == "imported on 2026-03-02 from a test"
    assert (remembered.history[-1].at, remembered.history[-1].origin) == ("S01E02", "typed")
    remember("mini", None, "ignored without a position")
    remembered = recall("mini")
    assert remembered.spelling is None and remembered.origin is None
    assert (remembered.history[-1].at, remembered.history[-1].before, remembered.history[-1].origin) == (
        None,
        "S01E02",
        "clear",
    )


def test_the_progress_messages_word_for_word(mini: Invoke) -> None:
    """The warning for an unreadable file, both "could not save" errors (with and without a previous file)
    naming the file and its folder, and the note for a damaged file set aside; a sound file is never set
    aside."""
    path, folder = state_file(), state_file().parent
    path.mkdir(parents=True)
    assert mini("recap").stderr.startswith(
        f"warning: ignoring saved progress in {path} (is a folder). "
        "Set a position with `cell211 progress N` to replace the file.\n"
    )
    assert mini("progress", "2").stderr == (
        f"cell211: could not save progress to {path}: Is a directory; the previous file is unchanged. "
        f"Check that the folder {folder} is writable (cell211 paths shows it).\n"
    )
    shutil.rmtree(folder)
    folder.write_bytes(b"x")
    assert mini("progress", "3").stderr == (
        f"cell211: could not save progress to {path}: File exists. "
        f"Check that the folder {folder} is writable (cell211 paths shows it).\n"
    )
    folder.unlink()
    folder.mkdir()
    path.write_text("{not json", encoding="utf-8")
    assert mini("progress", "1").stderr == (
        f"note: the old progress file had unreadable entries; a copy is kept at {path}.bad\n"
    )
    (folder / "progress.json.bad").unlink()
    assert mini("progress", "2").stderr == "" and mini("progress", "3").stderr == ""
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == ["progress.json"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"{not json", "not valid JSON"), (b"[]", "unexpected content"), (b"[" * 100_000, "nested too deeply")],
    ids=["not-json", "a-list", "nested"],
)
def test_an_unreadable_progress_file_says_why(mini: Invoke, content: bytes, reason: str) -> None:
    state_file().parent.mkdir(parents=True)
    state_file().write_bytes(content)
    result = mini("recap")
    assert result.exit_code == 0
    assert result.stderr.startswith(f"warning: ignoring saved progress in {state_file()} ({reason}). ")


def test_a_malformed_entry_for_this_pack_is_named(mini: Invoke) -> None:
    state_file().parent.mkdir(parents=True)
    state_file().write_text(json.dumps({"format": 2, "positions": {"mini": 3}}), encoding="utf-8")
    assert mini("recap").stderr.startswith(
        f"warning: the saved progress for this pack in {state_file()} is malformed. "
        "Set it again with `cell211 progress N`.\n"
    )


def test_a_change_keeps_what_it_does_not_touch(isolated_env: Path) -> None:
    """A change that leaves a pack's import origin, rewatch and last-hinted date alone keeps them, for that
    pack and for another (dropping them would lose where an import came from and repeat the gap hint)."""
    from cell211cli.viewer.progress import PackState, change

    def rewatch_and_hint(state: PackState) -> None:
        state.rewatch, state.hinted = "S01E01", "2026-11-01T20:00:00+00:00"

    def nothing(state: PackState) -> None:
        return None

    for pack in ("tower", "other"):
        remember(pack, "S01E03", origin="imported on 2026-11-01 from ViewingActivity.csv")
        change(pack, rewatch_and_hint)
    change("tower", nothing)
    change("third", nothing)
    for pack in ("tower", "other"):
        kept = recall(pack)
        assert (kept.spelling, kept.origin, kept.rewatch, kept.hinted) == (
            "S01E03",
            "imported on 2026-11-01 from ViewingActivity.csv",
            "S01E01",
            "2026-11-01T20:00:00+00:00",
        )
        assert len(kept.history) == 1


@pytest.mark.parametrize(("length", "malformed"), [(64, False), (65, True)])
def test_a_saved_spelling_over_64_characters_is_malformed(isolated_env: Path, length: int, malformed: bool) -> None:
    """A hand-edited progress file: a position of up to 64 characters is read (and then refused as no
    position of the pack); a longer one marks the pack's entry malformed, with its own warning."""
    state_file().parent.mkdir(parents=True, exist_ok=True)
    state_file().write_text(json.dumps({"format": 2, "positions": {"tower": "x" * length}}), encoding="utf-8")
    remembered = recall("tower")
    assert remembered.spelling == (None if malformed else "x" * length)
    assert ("malformed" in (remembered.warning or "")) is malformed
