"""The ``cell211`` entry point: check the standard streams, then run the app."""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    # A run lives for a fraction of a second and makes few reference cycles; the cycle collector would
    # only rescan the growing pack: measured at 10% of a large-pack recap's time and 40% of a 100,000-item
    # one (``../shared/reviews/performance-profile.md``). What it would free is mostly the cycles that
    # datetime leaves on Python 3.11, collected once here.
    gc.disable()
    if sys.version_info < (3, 12):
        _leave_no_datetime_cycles()
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
    except SystemExit as done:
        _exit(done.code)
    _exit(0)


def _leave_no_datetime_cycles() -> None:
    """Python 3.11's ``datetime``, which Typer imports, defines its classes in Python and then replaces them
    with the C ones: about 140 kB of reference cycles that a run without the collector would keep to its end.
    Imported first and collected at once, while the heap is still small: 2 M instructions (0.6% of a recap)
    for a quarter of a MiB off a colour run's peak memory."""
    import datetime  # noqa: F401

    gc.collect()


def _exit(code: object) -> None:
    """End the process with ``code`` without the interpreter's teardown, which frees every module,
    class and pack object one by one and runs a last full collection over them (14 ms of a 90 ms recap).

    Safe because by now the command is over: every file it wrote was written and closed before it returned
    (progress and the pack store through ``files.write_atomically``: flushed to disk and renamed),
    its subprocesses (pager, Graphviz) were waited for, and nothing registers exit handlers (a test checks
    this for every command). When another thread is still running, or the code is not a number, or the
    standard streams cannot be flushed, the interpreter exits as usual, with the run's objects frozen so
    that at least the collection skips them; so it does under a profiler or a coverage tool (they write
    their results on the way out)."""
    import threading

    gc.freeze()
    watched = sys.gettrace() is not None or sys.getprofile() is not None
    if isinstance(code, int) and threading.active_count() == 1 and not watched:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):
            raise SystemExit(code) from None
        os._exit(code)
    raise SystemExit(code)
