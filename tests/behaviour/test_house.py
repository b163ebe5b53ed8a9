"""What the one-house rebuild promises a viewer: output computed every run from what it reads, errors
that say where a bad value came from, and a standard output that cannot be written reported as such."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import MINI, Invoke, cli


def test_progress_changed_while_a_recap_is_paged_shows_at_the_next_run(isolated_env: Path) -> None:
    """`progress 4`, a paged `recap`, and `progress 2` while it is still open: the next recap stops at 2.

    The pager here is a script that saves progress 2 before it exits, as a second terminal tab would."""
    pager = isolated_env / "pager.sh"
    pager.write_text(f"#!/bin/sh\ncat >/dev/null\n{sys.executable} -m cell211cli progress 2 --pack {MINI}\n")
    pager.chmod(0o755)
    env = {"CELL211_PAGER": str(pager), "TERM": "xterm"}
    assert cli("progress", "4", "--pack", str(MINI), env=env).returncode == 0
    script = isolated_env / "paged.py"
    script.write_text(  # stdout a terminal, so the recap is paged
        "import os, pty, sys\n"
        f"pid, fd = pty.fork()\n"
        f"if pid == 0:\n    os.execv(sys.executable, [sys.executable, '-m', 'cell211cli', 'recap', '--pager', "
        f"'--pack', {str(MINI)!r}])\n"
        "while True:\n    try:\n        if not os.read(fd, 65536): break\n    except OSError: break\n"
        "os.waitpid(pid, 0)\n"
    )
    subprocess.run([sys.executable, str(script)], env={**os.environ, **env}, timeout=60, check=True)
    for _ in range(3):
        after = cli("recap", "--format", "json", "--pack", str(MINI), env={})
        assert '"id": "S01E02"' in after.stdout and "S01E04" not in after.stdout, after.stdout[-400:]


def test_nothing_but_the_pack_store_is_kept_in_the_cache(isolated_env: Path, mini: Invoke) -> None:
    """No stored output, no kept validators: the cache folder holds the pack store alone."""
    mini("progress", "2")
    for args in (["recap"], ["characters"], ["recap", "--format", "json"], ["search", "lighthouse"]):
        mini(*args)
    cache = isolated_env / "xdg_cache_home" / "cell211"
    assert [path.name for path in cache.iterdir()] == ["packs"]


def test_an_invalid_pack_from_cell211_pack_gets_the_report(tmp_path: Path, invoke: Invoke) -> None:
    """CELL211_PACK naming an invalid pack: the validation report and exit 2, as with --pack."""
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "pack.yaml").write_text("format: 1\nid: x\n", encoding="utf-8")
    from_option = invoke("recap", "--pack", str(broken))
    from_environment = invoke("recap", env={"CELL211_PACK": str(broken)})
    assert from_option.exit_code == from_environment.exit_code == 2
    assert "CELL211_PACK in your environment" in from_environment.stderr
    assert "required field is missing" in from_environment.stderr
    assert "unexpected error" not in from_environment.stderr


@pytest.mark.parametrize("spec", ["~nouser/x", "~no-such-user-here"])
def test_a_home_folder_of_no_user_is_no_pack(invoke: Invoke, spec: str) -> None:
    """--pack '~nouser/x': there is no pack there (exit 2), not a crash."""
    result = invoke("recap", "--pack", spec)
    assert result.exit_code == 2 and "no recap pack at" in result.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_a_full_device_is_reported(isolated_env: Path) -> None:
    """`> /dev/full`: the output could not be written, exit 2 (not 0, 1, or 3 for a bug)."""
    with open("/dev/full", "w") as full:
        command = [sys.executable, "-m", "cell211cli", "recap", "--upto", "3", "--pack", str(MINI)]
        result = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    assert "the output could not be written" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("columns", ["²", "0", "-3"])
def test_an_unusable_columns_value_is_ignored(mini: Invoke, columns: str) -> None:
    """COLUMNS that cannot be a width: output as without it, in every format."""
    for output in ("plain", "rich"):
        result = mini("recap", "--upto", "2", "--format", output, env={"COLUMNS": columns})
        assert result.exit_code == 0 and "Ana" in result.stdout


def test_a_pager_setting_with_an_unbalanced_quote_shows_the_text(mini: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    """CELL211_PAGER='less "': the variable is named and the text shown unpaged."""
    from cell211cli.cli.context import RunContext

    monkeypatch.setattr(RunContext, "stdout_is_terminal", property(lambda self: True))
    result = mini("recap", "--upto", "2", "--format", "plain", "--pager", env={"CELL211_PAGER": 'less "'})
    assert result.exit_code == 0 and "Ana" in result.stdout
    assert "CELL211_PAGER cannot be read" in result.stderr
