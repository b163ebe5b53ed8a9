"""Long output through the user's pager, the way git and man do it."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys


def page(text: str, force: bool = False) -> None:
    """Show ``text`` in ``$PAGER`` (default ``less -FRX``) when it is taller than the terminal.

    ``force`` pages even short output. Falls back to plain stdout when no pager can run.
    """
    height = shutil.get_terminal_size().lines
    command = shlex.split(os.environ.get("PAGER") or "less -FRX")
    if not command or (not force and text.count("\n") < height) or shutil.which(command[0]) is None:
        sys.stdout.write(text)
        return
    environment = {**os.environ, "LESS": os.environ.get("LESS", "FRX")}
    sys.stdout.flush()
    try:
        subprocess.run(command, input=text, text=True, env=environment, check=False)
    except OSError:
        sys.stdout.write(text)
