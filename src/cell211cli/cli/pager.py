"""Long output through the user's pager, the way git and man do it."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping

from cell211cli.cli.boundary import say
from cell211cli.i18n import _


def page(text: str, environ: Mapping[str, str], force: bool = False) -> None:
    """Show ``text`` in ``$CELL211_PAGER``, else ``$PAGER``, else ``less -FRX``, when it is taller than the
    terminal (like git with ``GIT_PAGER``). ``force`` pages even short output. An empty ``CELL211_PAGER``,
    ``TERM=dumb``, a setting that cannot be read (an unbalanced quote: named on stderr) or a pager that
    cannot run means plain stdout.
    """
    height = shutil.get_terminal_size().lines
    variable = "CELL211_PAGER" if environ.get("CELL211_PAGER") is not None else "PAGER"
    setting = environ.get(variable) or ("" if variable == "CELL211_PAGER" else "less -FRX")
    try:
        command = shlex.split(setting)
    except ValueError as error:
        say(
            _("note: {variable} cannot be read ({reason}); showing the text unpaged").format(
                variable=variable, reason=error
            )
        )
        command = []
    dumb = environ.get("TERM") == "dumb"
    if dumb or not command or (not force and text.count("\n") < height) or shutil.which(command[0]) is None:
        sys.stdout.write(text)
        return
    # less reads the charset from the locale, and shows <C3><A1> for á where that locale is not installed;
    # the text is UTF-8 whatever the locale says.
    environment = {
        **environ,
        "LESS": environ.get("LESS", "FRX"),
        "LESSCHARSET": environ.get("LESSCHARSET", "utf-8"),
    }
    sys.stdout.flush()
    try:
        subprocess.run(command, input=text, text=True, env=environment, check=False)
    except OSError:
        sys.stdout.write(text)
