"""The entry point: no cycle collection during a run, and an exit without the interpreter's teardown when
nothing is left to finish."""

from __future__ import annotations

import atexit
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from cell211cli import launch
from tests.helpers import MINI, Invoke, cli


class Exited(Exception):
    """``os._exit`` replaced: the code it was given."""


@pytest.fixture
def fast_exits(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    codes: list[int] = []

    def exit_now(code: int) -> None:
        codes.append(code)
        raise Exited

    monkeypatch.setattr(launch.os, "_exit", exit_now)
    return codes


def test_a_finished_run_exits_at_once_with_its_code(fast_exits: list[int]) -> None:
    with pytest.raises(Exited):
        launch._exit(2)
    assert fast_exits == [2]


@pytest.mark.parametrize("code", [None, "a message"])
def test_a_code_that_is_not_a_number_exits_the_usual_way(fast_exits: list[int], code: object) -> None:
    with pytest.raises(SystemExit) as done:
        launch._exit(code)
    assert done.value.code == code and not fast_exits


def test_a_thread_still_running_is_left_to_the_interpreter(
    fast_exits: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    with pytest.raises(SystemExit) as done:
        launch._exit(0)
    assert done.value.code == 0 and not fast_exits


@pytest.mark.parametrize("hook", ["gettrace", "getprofile"])
def test_under_a_coverage_tool_or_a_profiler_the_exit_is_the_usual_one(
    fast_exits: list[int], monkeypatch: pytest.MonkeyPatch, hook: str
) -> None:
    """They write what they measured on the way out (coverage.py traces, cProfile profiles)."""
    monkeypatch.setattr(launch.sys, hook, lambda: object())
    with pytest.raises(SystemExit) as done:
        launch._exit(0)
    assert done.value.code == 0 and not fast_exits


def test_streams_that_cannot_be_flushed_are_left_to_the_interpreter(
    fast_exits: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def full() -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sys.stdout, "flush", full)
    with pytest.raises(SystemExit) as done:
        launch._exit(0)
    assert done.value.code == 0 and not fast_exits


def test_a_run_ends_with_its_output_written_and_its_code() -> None:
    """Through the real exit: the output is complete and the code is the command's."""
    shown = cli("recap", "--upto", "ending", "--format", "plain", "--pack", str(MINI))
    assert shown.returncode == 0 and shown.stdout.endswith("\n") and "Sources" in shown.stdout
    missing = cli("facts", "no-such-topic", "--pack", str(MINI))
    assert missing.returncode == 1 and "no-such-topic" in missing.stderr


def test_no_command_leaves_an_exit_handler_or_a_thread(mini: Invoke, invoke: Invoke, tmp_path: Path) -> None:
    """What the fast exit relies on: no command, library or format registers work for the exit."""
    handlers = atexit._ncallbacks()
    for line in (
        ("recap", "--upto", "ending", "--format", "rich"),
        ("characters", "--upto", "ending", "--format", "json"),
        ("facts", "--upto", "ending", "--format", "markdown"),
        ("search", "ana", "--upto", "ending", "--format", "html"),
        ("map", "--upto", "ending", "--format", "dot"),
        ("levels",),
        ("progress", "2"),
        ("progress", "history"),
    ):
        assert mini(*line).exit_code in (0, 1), line
    for line in (
        ("packs",),
        ("validate", MINI),
        ("translate", "es", MINI),
        ("paths",),
        ("schema",),
        ("config",),
        ("completion", "bash"),
    ):
        assert invoke(*line).exit_code == 0, line
    assert atexit._ncallbacks() == handlers and threading.active_count() == 1


def test_a_run_keeps_none_of_the_cycles_datetime_leaves_on_import() -> None:
    """Python 3.11's pure-Python datetime classes, replaced by the C ones, are collected before the run."""
    program = (
        "import gc, sys\n"
        "from cell211cli import launch\n"
        "launch._exit = lambda code: None\n"
        "sys.argv = ['cell211', '--version']\n"
        "launch.main()\n"
        "gc.set_debug(gc.DEBUG_SAVEALL)\n"
        "gc.collect()\n"
        "print(sum(isinstance(o, type) and o.__module__ == 'datetime' for o in gc.garbage))\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.splitlines()[-1] == "0"
