"""Output: the format, the terminal's abilities, the pager, and hints on stderr."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from cell211cli.cli.boundary import say
from cell211cli.errors import BadUsage, NotFound
from cell211cli.i18n import _
from cell211cli.render.formats import ColorMode, OutputFormat, Terminal, supports_hyperlinks
from cell211cli.text import fold

if TYPE_CHECKING:
    from cell211cli.cli.context import RunContext
    from cell211cli.document import Document

_UNPAGED = ("html", "svg", "dot", "mermaid")


def chosen_format(output_format: str | None, as_json: bool) -> str | None:
    """``--json`` is ``--format json``; given both, they must agree."""
    if as_json and output_format not in (None, "json"):
        raise BadUsage(_("--json and --format {format} ask for different formats").format(format=output_format))
    return OutputFormat.json if as_json else output_format


def terminal(run: RunContext, color: ColorMode | None) -> Terminal:
    """What stdout can do; colour from the option, else NO_COLOR or FORCE_COLOR, else the config file."""
    interactive = run.stdout_is_terminal
    environ = run.environ
    if color is None and not environ.get("NO_COLOR") and not environ.get("FORCE_COLOR"):
        color = run.config.color
    if color not in (None, ColorMode.auto):
        use_color = color is ColorMode.always
    elif environ.get("NO_COLOR"):
        use_color = False
    elif environ.get("FORCE_COLOR"):
        use_color = True
    else:
        use_color = interactive
    return Terminal(use_color, run.columns, interactive, hyperlinks=interactive and supports_hyperlinks(environ))


def show(
    run: RunContext,
    document: Document,
    output_format: str | None,
    color: ColorMode | None,
    no_color: bool,
    pager: bool | None,
    no_sources: bool,
) -> None:
    """Render to stdout, through a pager when a person is reading long output (or ``--pager`` asks for it,
    a pipe included); hints to stderr unless the config file turns them off. Options left unset take the
    config file's settings."""
    from cell211cli.render.registry import renderer_for

    config = run.config
    output_format = output_format or config.format
    forced = pager is True  # --pager pages a pipe too, as bat --paging=always does
    pager = config.pager if pager is None else pager
    if no_sources:
        document.without_sources()
    screen = terminal(run, ColorMode.never if no_color else color)
    chosen = output_format or (OutputFormat.rich if screen.interactive or screen.color else OutputFormat.plain)
    if document.missing is not None:
        if chosen == "json":  # a script still gets an answer of the usual shape
            renderer_for(chosen)(document, sys.stdout, screen)
        raise NotFound(document.missing)
    render = renderer_for(chosen)
    if pager is False or (not screen.interactive and not forced) or chosen in _UNPAGED:
        render(document, sys.stdout, screen)
    else:
        from io import StringIO

        from cell211cli.cli.pager import page

        buffer = StringIO()
        render(document, buffer, screen)
        page(buffer.getvalue(), run.environ, force=bool(pager))
    sys.stdout.flush()
    if config.hints is not False:  # `hints = false` in config.toml silences them (git's advice.*)
        for hint in document.hints:  # hints are for the person, never part of the output
            say(hint)


def confirm(question: str, device: str | None = None) -> bool:
    """Ask on stderr and read stdin, or ask and read on ``device`` (``/dev/tty``) when stdin is a pipe, as
    git and gh do; yes only for y or yes (s or sí in Spanish), no for anything else: Enter, n, the end of
    input or Ctrl-C."""
    accepted = {fold(word) for word in ("y", "yes", _("y"), _("yes"))}
    # TRANSLATORS: the answers a yes/no question accepts, the default (no) in capitals; y is always accepted too.
    choices = _("[y/N]")
    if device is not None:
        try:
            with open(device, "r+b", buffering=0) as terminal:  # a terminal cannot seek: no buffered r+
                terminal.write(f"{question} {choices} ".encode())
                try:
                    answer = terminal.readline(1024).decode("utf-8", "replace")
                except KeyboardInterrupt:
                    answer = ""
                if not answer.endswith("\n"):
                    terminal.write(b"\n")
            return fold(answer.strip()) in accepted
        except OSError:
            pass  # the terminal went away: ask on stdin, whose end of input answers no
    typer.echo(f"{question} {choices} ", err=True, nl=False)
    try:
        answer = sys.stdin.readline()
    except KeyboardInterrupt:
        answer = ""
    if not answer.endswith("\n"):
        typer.echo(err=True)  # the end of input or Ctrl-C left the cursor after the question
    return fold(answer.strip()) in accepted
