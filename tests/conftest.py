"""Shared fixtures: an isolated environment and a CliRunner wrapper."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest
import typer.testing
from hypothesis import settings
from typer.testing import CliRunner, Result

from cell211cli.cli.full_app import app
from cell211cli.i18n import SOURCE_LANGUAGE, use
from tests.helpers import MINI, Invoke

# CliRunner rebuilds the click command from the Typer app on every call; the app never changes during the
# tests, so build it once (this makes the property tests several times faster).
if hasattr(typer.testing, "_get_command"):
    typer.testing._get_command = functools.cache(typer.testing._get_command)

# Property tests: `ci` is repeatable (derandomised) and runs in CI; `deep` is for long local runs
# (HYPOTHESIS_PROFILE=deep pytest tests/test_no_leak.py).
settings.register_profile("ci", max_examples=200, derandomize=True, deadline=None, print_blob=True)
settings.register_profile("deep", max_examples=3000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every user directory points into tmp_path, and no outside setting leaks into a test."""
    for name in ("CELL211_UPTO", "CELL211_PACK", "CELL211_TRACEBACK", "NO_COLOR", "FORCE_COLOR", "PAGER"):
        monkeypatch.delenv(name, raising=False)
    for name in ("XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("COLUMNS", "100")
    for name in ("CELL211_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")  # English, whatever the machine's locale
    use(SOURCE_LANGUAGE)  # a run in another language before this test leaves its language in use
    return tmp_path


@pytest.fixture
def invoke() -> Invoke:
    """Run the CLI in-process; returns the click Result (stdout and stderr kept apart)."""
    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(app, [str(a) for a in args], env=env, catch_exceptions=False)

    return run


@pytest.fixture
def mini(invoke: Invoke) -> Invoke:
    """Like ``invoke``, on the small fixture pack."""

    def run(*args: str, env: dict[str, str] | None = None) -> Result:
        return invoke(*args, "--pack", str(MINI), env=env)

    return run
