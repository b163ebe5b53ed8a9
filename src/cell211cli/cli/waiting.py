"""A sign of life on a terminal while a slow step runs (a large pack read and checked the first time
after an install or an edit), erased once it is done."""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterator

from cell211cli.i18n import _


@contextlib.contextmanager
def sign_of_life(after_seconds: float = 1.0) -> Iterator[None]:
    """Say on a terminal's stderr that the pack is being read when that takes over ``after_seconds``."""
    stderr = sys.stderr
    if not stderr.isatty():
        yield
        return
    shown = threading.Event()

    def show() -> None:
        stderr.write(_("cell211: reading and checking the pack (the first run after an install or an edit)..."))
        stderr.flush()
        shown.set()

    timer = threading.Timer(after_seconds, show)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        timer.join()
        if shown.is_set():
            stderr.write("\r\x1b[K")
            stderr.flush()
