"""What the tests share besides fixtures: paths, the fixture packs, the ``invoke`` signature, the output
schema, and shell completion as a shell asks for it."""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
FIXTURES = TESTS / "fixtures"
MINI = FIXTURES / "mini"
GOLDEN = TESTS / "golden"
SCHEMA: dict[str, Any] = json.loads((ROOT / "docs" / "output.schema.json").read_text(encoding="utf-8"))

Invoke = Callable[..., Result]


def cli(*args: str, env: dict[str, str] | None = None, **options: object) -> subprocess.CompletedProcess[str]:
    """The real entry point in a child process, with a timeout so that a hang fails the test."""
    return subprocess.run(
        [sys.executable, "-m", "cell211cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        **options,  # type: ignore[arg-type]
    )


IN_CI = bool(os.environ.get("CELL211_CI"))
"""Set by .ci/run: a test that needs a tool or a file CI always has (Graphviz, Chromium, ../shared) runs and
fails there when it is missing, rather than skipping."""


def unless_in_ci(missing: bool, reason: str) -> pytest.MarkDecorator:
    """Skip when ``missing``, except in CI (CELL211_CI set), where the test runs and fails instead."""
    return pytest.mark.skipif(missing and not IN_CI, reason=f"{reason} (in CI, with CELL211_CI set, this fails)")


def shell_candidates(shell: str, words: str) -> list[str]:
    """Candidates from the installed entry point, as the shell's completion script asks for them."""
    cword = len(shlex.split(words)) - (0 if words.endswith(" ") else 1)
    env = {
        **os.environ,
        "_CELL211_COMPLETE": f"complete_{shell}",
        "COMP_WORDS": words,
        "COMP_CWORD": str(cword),
        "_TYPER_COMPLETE_ARGS": words,
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
    }
    result = subprocess.run([sys.executable, "-m", "cell211cli"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return result.stdout.splitlines()


@contextlib.contextmanager
def fails_after(seconds: int) -> Iterator[None]:
    """Raise ``TimeoutError`` in the block once ``seconds`` have passed, so that a call that blocks (an
    open of a FIFO with no writer) fails its test instead of hanging the suite. A guard, not a timing."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
