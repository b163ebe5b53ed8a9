"""The entry point: a run without the cycle collector, its objects left out of the exit's last collection."""

from __future__ import annotations

import subprocess
import sys


def test_a_run_turns_the_collector_off_and_freezes_what_it_made() -> None:
    """The interpreter's exit collects every object not frozen, collector on or off (12 ms of a recap)."""
    script = (
        "import gc, sys\n"
        "sys.argv = ['cell211', '--version']\n"
        "from cell211cli.launch import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(gc.isenabled(), gc.get_freeze_count() > 10_000)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "False True"
