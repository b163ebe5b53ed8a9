"""One run's context, built once before Typer parses anything and handed to every command as ``ctx.obj``
(httpie's ``Environment`` is the model): the arguments' shape, the config file (read once), the
language (chosen once), the environment, and what the standard streams are.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cell211cli.errors import Cell211Error
from cell211cli.i18n import LANG_OPTION, LANGUAGES, SOURCE_LANGUAGE, _, language_of, use

if TYPE_CHECKING:
    from cell211cli.viewer.config import Config

ROOT_OPTIONS_WITH_VALUE = (LANG_OPTION,)
HELP_OPTIONS = ("-h", "--help")


@dataclass(frozen=True)
class Arguments:
    """What the command line says before click reads it: the only place argv is scanned by hand."""

    command: str | None
    """The command named (the first word that is neither an option nor an option's value), if any."""
    help_before_command: bool
    language: str | None
    """The value of the last ``--lang X`` or ``--lang=X`` before ``--``."""

    @classmethod
    def scan(cls, args: Sequence[str]) -> Arguments:
        command: str | None = None
        help_first = False
        language: str | None = None
        expecting_language = False
        for word in args:
            if word == "--":
                break
            if expecting_language:
                language, expecting_language = word, False
            elif word == LANG_OPTION:
                expecting_language = True
            elif word.startswith(LANG_OPTION + "="):
                language = word.split("=", 1)[1]
            elif command is None and word in HELP_OPTIONS:
                help_first = True
            elif command is None and not word.startswith("-"):
                command = word
        return cls(command, help_first, language)


def choose_language(arguments: Arguments, environ: Mapping[str, str], configured: str | None) -> str:
    """The first of ``--lang``, ``CELL211_LANG``, the config file's ``lang`` and the locale that names a
    supported language (``LANGUAGE``, then the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else English."""
    for value in (arguments.language, environ.get("CELL211_LANG"), configured):
        if value and (language := language_of(value)):
            return language
    locale = next((environ[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(name)), "")
    if locale.strip().casefold() in ("c", "posix"):
        return SOURCE_LANGUAGE  # gettext ignores LANGUAGE under the C locale
    for value in (*environ.get("LANGUAGE", "").split(":"), locale):
        if value and (language := language_of(value)):
            return language
    return SOURCE_LANGUAGE


def terminal_columns(environ: Mapping[str, str]) -> int | None:
    """``COLUMNS`` when it is a usable width (a positive whole number in ASCII digits), else None, as
    ``shutil.get_terminal_size`` reads it."""
    value = environ.get("COLUMNS", "").strip()
    if value.isascii() and value.isdigit() and 0 < int(value) < 100_000:
        return int(value)
    return None


@dataclass
class RunContext:
    """The facts of one run, read once."""

    arguments: Arguments
    environ: Mapping[str, str]
    config_error: Cell211Error | None = None
    notes: list[str] = field(default_factory=list)
    """Messages for stderr found while building the context (an unknown ``CELL211_LANG``)."""
    _config: Config | None = None

    @classmethod
    def build(cls, args: Sequence[str], environ: Mapping[str, str] | None = None) -> RunContext:
        """Read the config file and choose the language (and start speaking it)."""
        from cell211cli.viewer.config import Config, load_config

        environ = os.environ if environ is None else environ
        arguments = Arguments.scan(args)
        context = cls(arguments, environ)
        try:
            context._config = load_config()
        except Cell211Error as error:  # reported by the commands that need the file, not by --help
            context.config_error, context._config = error, Config()
        use(choose_language(arguments, environ, context._config.lang))
        unknown = environ.get("CELL211_LANG")
        if unknown and language_of(unknown) is None and arguments.language is None:
            note = _("note: CELL211_LANG={value} is not a language cell211 speaks ({languages}); ignoring it")
            context.notes.append(note.format(value=unknown, languages=", ".join(LANGUAGES)))
        return context

    @property
    def config(self) -> Config:
        """The config file's settings; a file that cannot be used is an error that names it."""
        if self.config_error is not None:
            raise self.config_error
        assert self._config is not None
        return self._config

    def configured_pack(self) -> str | None:
        """The config file's ``pack``, or None when the file cannot be used (the caller then warns)."""
        return self._config.pack if self._config is not None and self.config_error is None else None

    @property
    def columns(self) -> int | None:
        return terminal_columns(self.environ)

    @property
    def stdout_is_terminal(self) -> bool:
        return sys.stdout.isatty()

    @property
    def person_at_terminal(self) -> bool:
        """Someone can answer a question: both stdin and stdout are a terminal."""
        return sys.stdin.isatty() and sys.stdout.isatty()
