"""The one error boundary: every exception a command raises becomes one message on stderr and an exit
code (``errors.ExitCode``), never a traceback; and the one place a broken or full standard output is
handled."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from cell211cli.errors import Cell211Error, ExitCode
from cell211cli.i18n import _, tidy
from cell211cli.text import clean

Command = TypeVar("Command", bound=Callable[..., Any])

_OUTPUT_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO)


def say(message: str) -> None:
    """A message for the person, on stderr: cleaned, and on a terminal wrapped at spaces to its width (a
    long word such as a path or an option is never split)."""
    lines = [clean(tidy(line)) for line in message.splitlines()]
    if sys.stderr.isatty():
        import shutil
        import textwrap

        width = max(shutil.get_terminal_size().columns - 1, 20)
        lines = [
            wrapped
            for line in lines
            for wrapped in textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [line]
        ]
    typer.echo("\n".join(lines), err=True)


def error(message: str) -> None:
    """One error message on stderr; every line cleaned (it may quote a path, a YAML key or a typed value)."""
    say("cell211: " + "\n".join(clean(line) for line in message.splitlines()))


def silence_stdout() -> None:
    """After stdout failed (its reader went away, or its device is full): point it at /dev/null, so that
    no later flush, ours or the interpreter's, fails again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    with contextlib.suppress(OSError, ValueError):
        os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def boundary(command: Command) -> Command:
    """Turn every exception into one message on stderr and an exit code; never a traceback.

    A reader that stops early (``cell211 recap | head -1``) ends the command quietly with exit 0 in every
    format, as ripgrep and bat do; a full device is an error (exit 2)."""

    @functools.wraps(command)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            result = command(*args, **kwargs)
            sys.stdout.flush()  # a closed pipe or a full disk shows here, not in the interpreter's exit
            return result
        except BrokenPipeError:
            silence_stdout()
            raise typer.Exit(ExitCode.OK) from None
        except Cell211Error as failure:
            error(str(failure))
            raise typer.Exit(failure.exit_code) from None
        except (typer.Exit, typer.Abort):
            raise
        except OSError as failure:
            if failure.errno not in _OUTPUT_FULL:
                raise _unexpected(failure) from None
            silence_stdout()
            error(_("the output could not be written ({reason})").format(reason=os.strerror(failure.errno or 0)))
            raise typer.Exit(ExitCode.BAD_INPUT) from None
        except Exception as failure:
            raise _unexpected(failure) from None

    return guarded  # type: ignore[return-value]


def _unexpected(failure: Exception) -> typer.Exit:
    """A bug: say so (exit 3), or show the traceback with ``CELL211_TRACEBACK=1``."""
    if os.environ.get("CELL211_TRACEBACK"):
        raise failure
    message = _("unexpected error ({kind}: {error}); set CELL211_TRACEBACK=1 to see where")
    error(message.format(kind=type(failure).__name__, error=failure))
    return typer.Exit(ExitCode.UNEXPECTED)
