"""Long output through the user's pager, the way git and man do it."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys


def page(text: str, force: bool = False) -> None:
    """Show ``text`` in ``$CELL211_PAGER``, else ``$PAGER``, else ``less -FRX``, when it is taller than the
    terminal (like git with ``GIT_PAGER``). ``force`` pages even short output. An empty ``CELL211_PAGER``,
    ``TERM=dumb`` or a pager that cannot run means plain stdout.
    """
    height = shutil.get_terminal_size().lines
    setting = os.environ.get("CELL211_PAGER")
    if setting is None:
        setting = os.environ.get("PAGER") or "less -FRX"
    command = shlex.split(setting)
    dumb = os.environ.get("TERM") == "dumb"
    if dumb or not command or (not force and text.count("\n") < height) or shutil.which(command[0]) is None:
        sys.stdout.write(text)
        return
    # less reads the charset from the locale, and shows <C3><A1> for á where that locale is not installed;
    # the text is UTF-8 whatever the locale says.
    environment = {
        **os.environ,
        "LESS": os.environ.get("LESS", "FRX"),
        "LESSCHARSET": os.environ.get("LESSCHARSET", "utf-8"),
    }
    sys.stdout.flush()
    from cell211cli import output_cache

    output_cache.paged(text, force)
    try:
        subprocess.run(command, input=text, text=True, env=environment, check=False)
    except OSError:
        sys.stdout.write(text)
