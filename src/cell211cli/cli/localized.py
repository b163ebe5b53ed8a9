"""Typer and click in the language of the run: help, usage lines and usage errors.

Typer builds the command tree afresh for every run, with the help texts in English as the code writes
them (marked ``N_``). ``LocalizedGroup.main`` chooses the language from the arguments and the environment,
then translates that tree in place before anything is parsed, so help, ``--lang`` anywhere on the line
and errors while parsing all speak it. Click's own words (``Usage:``, ``Options``, ``No such option``...)
are in our catalog too: typer's vendored click writes them in English, so they are translated here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import IO, Any

from typer.core import TyperCommand, TyperGroup, TyperOption

from cell211cli.cli.typer_private import click as _click
from cell211cli.cli.typer_private import set_typer_gettext
from cell211cli.i18n import LANG_OPTION, LANGUAGES, N_, _, language_of

# Click's and Typer's own texts, here so that Babel extracts them into the catalog.
N_("Show this message and exit.")
N_("Arguments")
N_("Options")
N_("Commands")
N_("required")
N_("default: {default}")
N_("Aborted!")
N_("[OPTIONS]")
N_("COMMAND [ARGS]...")

# Patterns compiled on first use (re keeps them): most runs show no click message.
_CLICK_MESSAGES = (
    (r"No such option: (?P<name>.+?)(?: Did you mean (?P<hint>.+)\?)?", N_("No such option: {name}")),
    (r"No such command '(?P<name>.*)'\.", N_("No such command '{name}'.")),
    (r"Missing argument '(?P<name>.*)'\.", N_("Missing argument '{name}'.")),
    (r"Missing option '(?P<name>.*)'\.", N_("Missing option '{name}'.")),
    (r"Got unexpected extra arguments? \((?P<args>.*)\)", N_("Got unexpected extra arguments ({args})")),
    (r"Option '(?P<name>.*)' requires an argument\.", N_("Option '{name}' requires an argument.")),
    (r"Invalid value for (?P<name>.+?): (?P<message>.*)", N_("Invalid value for {name}: {message}")),
    (r"'(?P<value>.*)' is not one of (?P<choices>.*)\.", N_("'{value}' is not one of {choices}.")),
    (r"'(?P<value>.*)' is not a valid boolean\.", N_("'{value}' is not a valid boolean.")),
)
_DID_YOU_MEAN = N_("Did you mean {hint}?")


def translate_click_message(text: str) -> str:
    """A message click wrote in English, in the language in use (inner messages too); unknown ones as they are."""
    for pattern, message in _CLICK_MESSAGES:
        if match := re.fullmatch(pattern, text):
            parts = {key: value for key, value in match.groupdict().items() if value is not None}
            if "message" in parts:
                parts["message"] = translate_click_message(parts["message"])
            hint = parts.pop("hint", None)
            translated = _(message).format(**parts)
            return translated + " " + _(_DID_YOU_MEAN).format(hint=hint) if hint else translated
    return text


def _show_usage_error(self: _click.exceptions.UsageError, file: IO[Any] | None = None) -> None:
    """Click's usage error as one line in our style, in the language in use: ``cell211: no such option:
    -x; see 'cell211 recap --help'`` (git and ripgrep put the error first too; the usage is one ``--help`` away)."""
    file = file or _click._compat.get_text_stderr()
    message = translate_click_message(self.format_message())
    if message[:1].isupper() and not message[1:2].isupper():
        message = message[0].lower() + message[1:]
    if self.ctx is not None and self.ctx.command.get_help_option(self.ctx) is not None:
        # TRANSLATORS: after a usage error; {command} is the command line so far, such as "cell211 recap".
        hint = _("see '{command} --help'").format(command=self.ctx.command_path)
        message = f"{message.rstrip('.')}; {hint}"
    _click.echo(f"cell211: {message}", file=file, color=self.ctx.color if self.ctx else None)


_click.exceptions.UsageError.show = _show_usage_error  # type: ignore[method-assign]
set_typer_gettext(_)


class LocalizedFormatter(_click.formatting.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)


class LocalizedContext(_click.Context):
    formatter_class = LocalizedFormatter


def _check_language(ctx: _click.Context, param: _click.Parameter, value: str | None) -> str | None:
    """``--lang`` was read before parsing (see ``LocalizedGroup.main``); here it is only checked."""
    if value is not None and language_of(value) is None:
        raise _click.exceptions.BadParameter(
            _("{value!r} is not a language cell211 speaks; choose one of {languages}").format(
                value=value, languages=", ".join(LANGUAGES)
            )
        )
    return value


def _complete_language(ctx: _click.Context, args: list[str], incomplete: str) -> list[str]:
    """The languages (Typer calls a completer of a parameter made by hand with all three)."""
    return [language for language in LANGUAGES if language.startswith(incomplete.casefold())]


def language_option() -> TyperOption:
    return TyperOption(
        param_decls=[LANG_OPTION],
        metavar=N_("LANG"),
        expose_value=False,
        callback=_check_language,
        autocompletion=_complete_language,
        help=N_("Language of messages and content: en or es (default: CELL211_LANG, then the locale)."),
    )


def _help_option(option: TyperOption | None) -> Any:
    """Click's ``--help`` option (made apart from the other parameters), its help in the language in use."""
    if option is not None and (english := option.__dict__.setdefault("_english_help", option.help)):
        option.help = _(english)
    return option


class _Localized(_click.Command):
    """``--lang`` on the command, and usage lines and ``--help`` in the language of the run."""

    context_class = LocalizedContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.append(language_option())

    def get_help_option(self, ctx: _click.Context) -> Any:
        return _help_option(super().get_help_option(ctx))


class LocalizedCommand(_Localized, TyperCommand):
    """A command of the app."""


class LocalizedGroup(_Localized, TyperGroup):
    """The top-level command: translates the tree's help into the run's language (chosen by the run
    context before anything is parsed, so that help, usage errors and ``--lang`` anywhere speak it)."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        """Build the run's context unless the caller did (``obj``), then parse and run in its language."""
        import sys

        from cell211cli.cli.boundary import say
        from cell211cli.cli.context import RunContext

        arguments = _help_command(list(sys.argv[1:] if args is None else args), self.commands)
        if extra.get("obj") is None:
            extra["obj"] = RunContext.build(arguments)
        for note in extra["obj"].notes:
            say(note)
        for command in (self, *self.commands.values()):
            _translate_help(command)
        return super().main(arguments, *rest, **extra)

    def _main_shell_completion(self, ctx_args: Any, prog_name: str, complete_var: str | None = None) -> None:
        """Completion asked of the app object (``typer.testing``, a tool importing ``full_app``) answers as a
        run does, with cell211's completers (Typer's, which need ``add_completion``, are not registered)."""
        import os
        import sys

        from cell211cli.cli.context import COMPLETE_VAR

        instruction = os.environ.get(complete_var or COMPLETE_VAR, "")
        if not instruction:  # click asks on every run
            return
        from cell211cli.cli.completion import COMPLETERS

        if instruction in COMPLETERS:
            _click.echo(COMPLETERS[instruction](self, ctx_args, prog_name, complete_var or COMPLETE_VAR).complete())
            sys.exit(0)


def _help_command(args: list[str], commands: Mapping[str, Any]) -> list[str]:
    """``cell211 help recap`` is ``cell211 recap --help`` and ``cell211 help`` is ``cell211 --help``, as in
    git and gh (options such as ``--lang es`` are kept; an unknown command gets click's answer)."""
    from cell211cli.cli.context import Arguments

    if Arguments.scan(args).command != "help" or "help" in commands:
        return args
    words = list(args)
    words.remove("help")
    named = Arguments.scan(words).command
    if named is None:
        return [*words, "--help"]
    if named not in commands:
        return words
    at = words.index(named) + 1
    return [*words[:at], "--help", *words[at:]]


def _translate_help(command: _click.Command) -> None:
    """Help texts in the language in use, from the English kept on first sight (a tree may be reused)."""
    english = command.__dict__.setdefault(
        "_english_help", {name: getattr(command, name, None) for name in ("help", "short_help", "epilog")}
    )
    for name, text in english.items():
        if text:
            setattr(command, name, _(text))
    if isinstance(command, _click.Command):
        # TRANSLATORS: in usage lines: cell211 recap [OPTIONS]; keep the brackets.
        command.options_metavar = _(command.__dict__.setdefault("_english_options", command.options_metavar or ""))
    if isinstance(command, TyperGroup):
        # TRANSLATORS: in the top usage line: cell211 [OPTIONS] COMMAND [ARGS]...
        command.subcommand_metavar = _(command.__dict__.setdefault("_english_commands", "COMMAND [ARGS]..."))
    for param in command.params:
        if original := param.__dict__.setdefault("_english_help", getattr(param, "help", None)):
            param.help = _(original)  # type: ignore[attr-defined]
        if metavar := param.__dict__.setdefault("_english_metavar", param.metavar):
            param.metavar = _(metavar)
