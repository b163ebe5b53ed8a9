"""Shared fixtures: an isolated environment and a CliRunner wrapper."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cell211cli.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"

Invoke = Callable[..., Result]


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every user directory points into tmp_path, and no outside setting leaks into a test."""
    for name in ("CELL211_UPTO", "CELL211_PACK", "CELL211_TRACEBACK", "NO_COLOR", "FORCE_COLOR", "PAGER"):
        monkeypatch.delenv(name, raising=False)
    for name in ("XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("COLUMNS", "100")
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
