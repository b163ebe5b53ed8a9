"""``cell211 config``: the settings in effect and where each came from (``git config --show-origin``)."""

import sys
from typing import TYPE_CHECKING

import typer

from cell211cli.cli.options import JsonOption, ReportFormatOption
from cell211cli.cli.output import chosen_format
from cell211cli.cli.spec import CommandSpec
from cell211cli.i18n import N_, _
from cell211cli.text import clean

if TYPE_CHECKING:
    from cell211cli.cli.context import RunContext

FILE = "config.toml"


def _settings(run: "RunContext") -> list[tuple[str, str, str]]:
    """(setting, value, origin) for every setting a command reads before its own options."""
    from cell211cli.cli.context import language_origin

    config, environ = run.config, run.environ

    def from_file(key: str, value: object, default: str, default_origin: str = "default") -> tuple[str, str, str]:
        if value is None:
            return key, default, default_origin
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        return key, shown, FILE

    language, language_from = language_origin(run.arguments, environ, config.lang)
    rows = [("lang", language, language_from)]
    if environ.get("CELL211_PACK"):
        rows.append(("pack", environ["CELL211_PACK"], "CELL211_PACK"))
    else:
        rows.append(from_file("pack", config.pack, _("the shipped pack")))
    upto = environ.get("CELL211_UPTO")
    # TRANSLATORS: where the position comes from when CELL211_UPTO is not set; `cell211 progress` shows it.
    rows.append(("upto", upto, "CELL211_UPTO") if upto else ("upto", _("saved progress"), "cell211 progress"))
    # TRANSLATORS: the default output format.
    rows.append(from_file("format", config.format and config.format.value, _("rich on a terminal, plain otherwise")))
    if environ.get("NO_COLOR") or environ.get("FORCE_COLOR"):
        variable = "NO_COLOR" if environ.get("NO_COLOR") else "FORCE_COLOR"
        rows.append(("color", "never" if variable == "NO_COLOR" else "always", variable))
    else:
        rows.append(from_file("color", config.color and config.color.value, "auto"))
    rows.append(from_file("pager", config.pager, _("on a terminal, when the text is long")))
    pager_variable = "CELL211_PAGER" if environ.get("CELL211_PAGER") is not None else "PAGER"
    pager_program = environ.get(pager_variable)
    if pager_program is not None:
        rows.append(("pager program", pager_program or _("(none)"), pager_variable))
    else:
        rows.append(("pager program", "less -FRX", "default"))
    rows.append(from_file("hints", config.hints, "true"))
    return [(key, clean(value), origin) for key, value, origin in rows]


def config_command(ctx: typer.Context, output_format: ReportFormatOption = None, as_json: JsonOption = False) -> None:
    from cell211cli.viewer.config import config_file

    run: RunContext = ctx.obj
    path = config_file()
    rows = _settings(run)
    if chosen_format(output_format, as_json) == "json":
        from cell211cli.render.json import dump

        settings = {key: {"value": value, "origin": origin} for key, value, origin in rows}
        dump({"config_file": clean(str(path)), "exists": path.exists(), "settings": settings}, sys.stdout)
        return
    note = "" if path.exists() else " " + _("(none)")
    typer.echo(clean(_("config file: {path}").format(path=path) + note))
    typer.echo()
    key_width = max(len(key) for key, _value, _origin in rows) + 2
    value_width = max(len(value) for _key, value, _origin in rows) + 2
    # TRANSLATORS: where a setting comes from: "from CELL211_LANG", "from config.toml", "from default".
    origin_line = _("from {origin}")
    for key, value, origin in rows:
        typer.echo(f"{key:<{key_width}}{value:<{value_width}}{origin_line.format(origin=origin)}")


COMMANDS = {
    "config": CommandSpec(
        config_command,
        N_(
            "The settings in effect and where each comes from: an option, an environment variable, "
            "config.toml or the default.\n"
            "\n"
            "config.toml (its folder: cell211 paths) may set format, color, pager, hints, pack and lang; "
            "options and environment variables win over it. hints = false silences the hints on stderr.\n"
            "\n"
            "Examples:\n"
            "\n"
            "\b\n"
            "  # what is in effect, and why\n"
            "  cell211 config\n"
            "  # the same, for a script\n"
            "  cell211 config --json"
        ),
    ),
}
