"""Commands about packs and where things are kept: paths, packs, validate, translate and schema."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cell211cli.cli.options import JsonOption, PackOption, ReportFormatOption
from cell211cli.cli.output import chosen_format
from cell211cli.cli.spec import CommandSpec
from cell211cli.errors import BadUsage, ExitCode
from cell211cli.i18n import N_, _, current, ngettext
from cell211cli.text import clean

if TYPE_CHECKING:
    from cell211cli.cli.context import RunContext


def paths(ctx: typer.Context, pack: PackOption = None) -> None:
    from cell211cli.pack.discovery import find_pack, shipped_packs_dir, user_packs_dir
    from cell211cli.paths import cache_dir
    from cell211cli.viewer.config import config_file
    from cell211cli.viewer.progress import state_file

    run: RunContext = ctx.obj
    config = str(config_file()) + ("" if config_file().exists() else " " + _("(none)"))
    rows = [
        (_("config file:"), config),
        (_("progress file:"), state_file()),
        (_("cache folder:"), cache_dir()),
        (_("installed packs:"), user_packs_dir()),
        (_("shipped packs:"), shipped_packs_dir()),
        (_("current pack:"), find_pack(pack or run.config.pack)),
    ]
    width = max(len(label) for label, _path in rows) + 1
    for label, path in rows:
        typer.echo(clean(f"{label:<{width}}{path}"))


def packs(output_format: ReportFormatOption = None, as_json: JsonOption = False) -> None:
    from cell211cli.errors import InvalidPack
    from cell211cli.pack import store
    from cell211cli.pack.discovery import available_packs

    rows = []
    for location in available_packs():
        try:
            loaded = store.load(location.path, current())
            title, episodes, updated = loaded.pack.show.title, loaded.scale.last.ordinal, loaded.pack.updated
        except InvalidPack:
            title, episodes, updated = _("(invalid: run cell211 validate)"), None, None
        rows.append(
            {
                "id": clean(location.id),
                "title": clean(title),
                "episode_count": episodes,
                "updated": clean(updated) if updated else None,
                "origin": location.origin,
                "path": clean(str(location.path)),
            }
        )
    if chosen_format(output_format, as_json) == "json":
        from cell211cli.render.json import dump

        dump({"packs": rows}, sys.stdout)
        return
    for row in rows:
        count = row["episode_count"]
        counted = (
            ngettext("{count} episode", "{count} episodes", count).format(count=count) if isinstance(count, int) else ""
        )
        if row["updated"]:
            counted += "  " + _("content of {date}").format(date=row["updated"])
        typer.echo(f"{row['id']:<16} {row['title']}  {counted}  [{_(str(row['origin']))}] {row['path']}")


def validate(
    ctx: typer.Context,
    path: Annotated[
        str | None, typer.Argument(metavar=N_("PACK"), help=N_("A pack file, a folder with pack.yaml, or a pack id."))
    ] = None,
    output_format: ReportFormatOption = None,
    as_json: JsonOption = False,
) -> None:
    from cell211cli.pack.discovery import find_pack
    from cell211cli.pack.validation import validate_pack

    run: RunContext = ctx.obj
    target = find_pack(path or run.config.pack)
    report = validate_pack(target)
    errors, warnings = report.errors, report.warnings
    if chosen_format(output_format, as_json) == "json":
        import dataclasses

        from cell211cli.render.json import dump

        data = {
            "pack": clean(str(target)),
            "valid": report.valid,
            "errors": errors,
            "warnings": warnings,
            "problems": [
                {key: clean(value) if isinstance(value, str) else value for key, value in dataclasses.asdict(p).items()}
                for p in report.problems
            ],
        }
        dump(data, sys.stdout)
    else:
        for problem in report.problems:
            typer.echo(clean(problem.detailed()))
        verdict = (
            _("{pack}: valid ({errors}, {warnings})") if report.valid else _("{pack}: invalid ({errors}, {warnings})")
        )
        # The English keeps "error(s)" in both forms, as scripts may read it; other languages say it properly.
        error_count = ngettext("{count} error(s)", "{count} error(s)", errors).format(count=errors)
        warning_count = ngettext("{count} warning(s)", "{count} warning(s)", warnings).format(count=warnings)
        typer.echo(clean(verdict.format(pack=target, errors=error_count, warnings=warning_count)))
    if not report.valid:
        raise typer.Exit(ExitCode.BAD_INPUT)


def translate(
    ctx: typer.Context,
    language: Annotated[str, typer.Argument(metavar=N_("LANGUAGE"), help=N_("A language tag such as es or pt-BR."))],
    path: Annotated[
        str | None, typer.Argument(metavar=N_("PACK"), help=N_("A pack file, a folder with pack.yaml, or a pack id."))
    ] = None,
) -> None:
    import re

    from cell211cli.pack.discovery import find_pack
    from cell211cli.pack.loader import load_pack, read_translation
    from cell211cli.pack.translation import template

    run: RunContext = ctx.obj
    if not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", language):
        raise BadUsage(_("{language!r} is not a language tag such as es or pt-BR").format(language=clean(language)))
    loaded = load_pack(find_pack(path or run.config.pack))
    existing = None
    if language in loaded.pack.translations and not _is_blank(loaded.path.parent / loaded.pack.translations[language]):
        existing = read_translation(loaded, language)
    typer.echo(template(loaded.pack, loaded.scale, language, existing), nl=False)


def _is_blank(file: Path) -> bool:
    """A translation file listed by the pack but not started yet (missing, or nothing but spaces)."""
    try:
        return not file.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return False  # read_translation reports it


def schema() -> None:
    from cell211cli.pack.schema import pack_schema_text

    typer.echo(pack_schema_text(), nl=False)


COMMANDS = {
    "paths": CommandSpec(
        paths,
        N_(
            "Where cell211 keeps your progress and finds recap packs.\n"
            "\n"
            "Examples:\n"
            "\n"
            "\b\n"
            "  # where progress and packs live\n"
            "  cell211 paths"
        ),
    ),
    "packs": CommandSpec(
        packs,
        N_(
            "The recap packs you can use with --pack ID: installed ones, then shipped ones.\n"
            "\n"
            "Examples:\n"
            "\n"
            "\b\n"
            "  # installed and shipped packs\n"
            "  cell211 packs\n"
            "  # the same, for scripts\n"
            "  cell211 packs --format json"
        ),
    ),
    "validate": CommandSpec(
        validate,
        N_(
            "Check a recap pack and report every problem with file, line, column and path. Exit 0 when clean.\n"
            "\n"
            "Examples:\n"
            "\n"
            "\b\n"
            "  # every problem, file:line:column\n"
            "  cell211 validate my-show/pack.yaml\n"
            "  # the report as JSON, for CI\n"
            "  cell211 validate my-show -f json"
        ),
    ),
    "translate": CommandSpec(
        translate,
        N_(
            "Print a translation file for a pack: every text's key and digest, the text as a comment, and the "
            "translations the pack already has for LANGUAGE (stale ones left out, to be revised).\n"
            "\n"
            "Examples:\n"
            "\n"
            "\b\n"
            "  # start or refresh a Spanish translation\n"
            "  cell211 translate es my-show > my-show/es.yaml"
        ),
    ),
    "schema": CommandSpec(
        schema,
        N_(
            "Print the JSON Schema of the pack format (for editors and CI).\n"
            "\n"
            "Examples:\n"
            "\n"
            "\b\n"
            "  # a schema file for your editor\n"
            "  cell211 schema > pack.schema.json"
        ),
    ),
}
