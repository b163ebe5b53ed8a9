"""The ``cell211`` entry point: check the standard streams, then run the app."""

from __future__ import annotations

import gc
import sys


def main() -> None:
    # A run lives for a fraction of a second and makes few reference cycles; the cycle collector would
    # only rescan the growing pack: measured at 10% of a large-pack recap's time and 40% of a 100,000-item
    # one, with the same peak memory (``../shared/reviews/performance-profile.md``).
    gc.disable()
    if sys.stdout is None or sys.stderr is None:  # started with `>&-` or `2>&-`
        from cell211cli.errors import ExitCode

        if sys.stderr is not None:
            sys.stderr.write("cell211: standard output is closed; nothing can be shown\n")
        raise SystemExit(ExitCode.BAD_INPUT)
    for stream in (sys.stdout, sys.stderr):
        # An ASCII or Latin-1 locale (PYTHONIOENCODING=ascii, LANG=C on old systems) shows "G?ndara" rather
        # than failing on the first accent.
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower().replace("-", "") != "utf8":
            stream.reconfigure(errors="replace")
    from cell211cli.cli.app import run

    try:
        run()
    finally:
        # The interpreter's exit runs one last full collection whether or not the collector is on: over
        # every module, class and pack object the run made, it took 12 ms of a 90 ms recap (17 of a
        # large one). Frozen objects are left out of it; they are still freed, and their files closed.
        gc.freeze()
