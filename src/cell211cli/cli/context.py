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
VERSION_OPTIONS = ("-V", "--version")
COMPLETE_VAR = "_CELL211_COMPLETE"
"""Set by the completion scripts: the run completes the line in ``COMP_WORDS`` instead of running it."""


@dataclass(repr=False)
class Arguments:
    """What the command line says before click reads it: the only place argv is scanned by hand."""

    command: str | None
    """The command named (the first word that is neither an option nor an option's value), if any."""
    help_before_command: bool
    language: str | None
    """The value of the last ``--lang X`` or ``--lang=X`` before ``--``."""
    version_before_command: bool = False

    @property
    def version_only(self) -> bool:
        """The line asks for the version alone (``--version`` before any command, and no help)."""
        return self.version_before_command and not self.help_before_command

    @classmethod
    def scan(cls, args: Sequence[str]) -> Arguments:
        command: str | None = None
        help_first = version_first = False
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
            elif command is None and word in VERSION_OPTIONS:
                version_first = True
            elif command is None and not word.startswith("-"):
                command = word
        return cls(command, help_first, language, version_first)


def choose_language(arguments: Arguments, environ: Mapping[str, str], configured: str | None) -> str:
    """The first of ``--lang``, ``CELL211_LANG``, the config file's ``lang`` and the locale that names a
    supported language (``LANGUAGE``, then the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else English."""
    return language_origin(arguments, environ, configured)[0]


def language_origin(arguments: Arguments, environ: Mapping[str, str], configured: str | None) -> tuple[str, str]:
    """The language ``choose_language`` picks, and where it came from: ``--lang``, ``CELL211_LANG``,
    ``config.toml``, the locale variable's name, or ``default``."""
    for origin, value in (("--lang", arguments.language), ("CELL211_LANG", environ.get("CELL211_LANG"))):
        if value and (language := language_of(value)):
            return language, origin
    if configured and (language := language_of(configured)):
        return language, "config.toml"
    variable = next((name for name in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(name)), None)
    locale = environ[variable] if variable else ""
    if locale.strip().casefold() in ("c", "posix"):
        return SOURCE_LANGUAGE, str(variable)  # gettext ignores LANGUAGE under the C locale
    for value in environ.get("LANGUAGE", "").split(":"):
        if value and (language := language_of(value)):
            return language, "LANGUAGE"
    if locale and variable and (language := language_of(locale)):
        return language, variable
    return SOURCE_LANGUAGE, "default"


def terminal_columns(environ: Mapping[str, str]) -> int | None:
    """``COLUMNS`` when it is a usable width (a positive whole number in ASCII digits), else None, as
    ``shutil.get_terminal_size`` reads it."""
    value = environ.get("COLUMNS", "").strip()
    if value.isascii() and value.isdigit() and 0 < int(value) < 100_000:
        return int(value)
    return None


@dataclass(eq=False, repr=False)
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
        """Read the config file (unless the line asks only for the version) and choose the language (and
        start speaking it)."""
        from cell211cli.viewer.config import Config, load_config

        environ = os.environ if environ is None else environ
        arguments = Arguments.scan(args)
        context = cls(arguments, environ)
        if arguments.version_only:
            context._config = Config()  # --version reads no file
        else:
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
        """Someone can answer a question, as git and gh decide it: stderr is a terminal, and so is stdin or
        the controlling terminal can be opened (``cell211 recap -u 5 | less`` asks; a script, a cron job or
        output with stderr sent to a file is never asked)."""
        if not sys.stderr.isatty():
            return False
        return sys.stdin.isatty() or self.answer_device is not None

    @property
    def answer_device(self) -> str | None:
        """Where to ask when stdin is not the terminal: ``/dev/tty`` if it can be opened, else None (ask on
        stdin and stderr)."""
        if sys.stdin.isatty():
            return None
        try:
            with open(TERMINAL_DEVICE, "r+b", buffering=0):
                return TERMINAL_DEVICE
        except OSError:
            return None

    def once_per_terminal(self, note: str) -> bool:
        """True the first time ``note`` is to be said in this terminal session (the terminal's device and
        its session, kept in the user state folder), so that a standing setting is named once, not on
        every command. False when stderr is not a terminal."""
        if not sys.stderr.isatty():
            return False
        from cell211cli.paths import state_dir

        try:
            key = f"{os.ttyname(sys.stderr.fileno())} {os.getsid(0)} {note}"
        except (OSError, AttributeError):
            return True
        marker = state_dir() / NOTES_FILE
        try:
            if marker.is_file() and marker.read_text(encoding="utf-8", errors="replace") == key:
                return False
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.write_text(key, encoding="utf-8")
        except OSError:
            pass
        return True


TERMINAL_DEVICE = "/dev/tty"
NOTES_FILE = "said-on-terminal"
"""The last standing note said on a terminal (CELL211_UPTO), so that it is said once per terminal session."""
