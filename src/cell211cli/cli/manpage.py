"""The man page, generated from the same help text as ``--help`` and docs/cli.md.

``python -m cell211cli.cli.manpage > docs/cell211.1`` writes it; a test keeps the file in sync, and the wheel
installs it as ``share/man/man1/cell211.1``.
"""

from __future__ import annotations

import typer.main
from typer.core import TyperGroup

from cell211cli import __version__
from cell211cli.cli.full_app import app
from cell211cli.cli.typer_private import click

WIDTH = 72

SECTIONS = {
    "EXIT STATUS": [
        "0  ok (also when a reader such as head stops early)",
        "1  nothing found: an unknown character or topic, which is also the answer for one not revealed yet",
        "2  bad usage or an invalid recap pack",
        "3  an unexpected error (a bug); CELL211_TRACEBACK=1 shows where",
        "4  progress could not be saved",
    ],
    "ENVIRONMENT": [
        "CELL211_UPTO      the position, like --upto",
        "CELL211_PACK      the recap pack, like --pack",
        "CELL211_PAGER     the pager, before PAGER (empty: no pager)",
        "CELL211_HYPERLINKS  1 or 0: whether the terminal shows OSC 8 links",
        "CELL211_LANG      the language, like --lang (en or es)",
        "CELL211_TRACEBACK  1: show the traceback of an unexpected error (exit 3)",
        "LANGUAGE, LC_ALL, LC_MESSAGES, LANG  the language when neither --lang, CELL211_LANG nor",
        "                  config.toml chooses it",
        "NO_COLOR, FORCE_COLOR, COLUMNS, TERM=dumb  as in other tools",
    ],
    "FILES": [
        "config.toml in the user config folder ($XDG_CONFIG_HOME/cell211 on Linux): defaults that",
        "options and environment variables override, one per line:",
        '  format = "plain"     rich, plain, markdown, json or html',
        '  color = "never"      auto, always or never',
        "  pager = false        page long output on a terminal",
        "  hints = false        no hints on stderr (N later episodes are hidden ...)",
        '  pack = "cell211"     a pack id, file or folder',
        '  lang = "es"          en or es',
        "cell211 config shows the settings in effect and where each came from.",
        "cell211 paths prints where the config file is, where progress is kept, where packs are",
        "cached and where installed packs are found (the user state, cache and data folders).",
    ],
}


def _roff(text: str) -> str:
    """Text safe in a no-fill roff block: backslashes escaped, no line read as a request."""
    lines = []
    for line in text.replace("\\", "\\e").splitlines():
        lines.append("\\&" + line if line.startswith((".", "'")) else line)
    return "\n".join(lines)


def _help(command: click.Command, name: str) -> str:
    context = command.make_context(name, [], resilient_parsing=True, terminal_width=WIDTH)
    return str(command.get_help(context))


def render() -> str:
    """The whole man page in roff."""
    group = typer.main.get_command(app)
    summary = (group.help or "").split("\n", 1)[0].rstrip(".")
    out = [
        f'.TH CELL211 1 "" "cell211 {__version__}" "User Commands"',
        ".SH NAME",
        f"cell211 \\- {_roff(summary[0].lower() + summary[1:])}",
        ".SH SYNOPSIS",
        ".B cell211",
        "[\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]...",
        ".SH DESCRIPTION",
        ".nf",
        _roff(_help(group, "cell211")),
        ".fi",
        ".SH COMMANDS",
    ]
    assert isinstance(group, TyperGroup)
    for name, command in group.commands.items():
        out += [f".SS cell211 {name}", ".nf", _roff(_help(command, f"cell211 {name}")), ".fi"]
    for title, lines in SECTIONS.items():
        out += [f".SH {title}", ".nf", _roff("\n".join(lines)), ".fi"]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(render(), end="")
