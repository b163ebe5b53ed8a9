"""Exit codes and the exceptions the CLI boundary turns into one message on stderr."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from cell211cli.i18n import _, ngettext

Location = tuple[str | int, ...]
"""A place inside a pack document: keys and list indexes, e.g. ``("characters", 2, "aliases", 0)``."""


def location_text(location: Location) -> str:
    """``('characters', 2, 'aliases', 0)`` → ``characters[2].aliases[0]``."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class ExitCode(IntEnum):
    OK = 0
    NOT_FOUND = 1
    BAD_INPUT = 2
    UNEXPECTED = 3
    CANNOT_SAVE = 4


class Cell211Error(Exception):
    """An error meant for the user: its message is printed as is, without a traceback."""

    exit_code = ExitCode.BAD_INPUT

    def reworded(self, message: str) -> Cell211Error:
        """The same error (same exit code) said another way, e.g. naming where a bad value came from."""
        error = Cell211Error(message)
        error.exit_code = self.exit_code
        return error


class NotFound(Cell211Error):
    """Nothing visible at this position matches (identical for hidden and absent things)."""

    exit_code = ExitCode.NOT_FOUND


class BadUsage(Cell211Error):
    """An option or argument that cannot be honoured."""


@dataclass(eq=False, repr=False)
class Problem:
    """One thing wrong with a pack, located as precisely as the input allows."""

    file: str
    path: str
    message: str
    line: int | None = None
    column: int | None = None
    severity: str = "error"
    subject: str | None = None
    """The offending id or name, for the author; left out of ``str()``, which a viewer may see."""

    def __str__(self) -> str:
        from cell211cli.text import clean

        where = clean(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        # Whole lines per severity and with or without a path, so that each can be translated as a sentence.
        if self.path and self.severity == "error":
            # TRANSLATORS: {where} is FILE:LINE:COLUMN, {path} a place in the pack such as characters[2].name.
            line = _("{where} at {path}: error: {message}")
        elif self.path and self.severity == "warning":
            # TRANSLATORS: {where} is FILE:LINE:COLUMN, {path} a place in the pack such as characters[2].name.
            line = _("{where} at {path}: warning: {message}")
        elif self.path:
            return f"{where} at {clean(self.path)}: {self.severity}: {self.message}"
        elif self.severity == "error":
            # TRANSLATORS: {where} is FILE:LINE:COLUMN (or FILE alone).
            line = _("{where}: error: {message}")
        elif self.severity == "warning":
            # TRANSLATORS: {where} is FILE:LINE:COLUMN (or FILE alone).
            line = _("{where}: warning: {message}")
        else:
            return f"{where}: {self.severity}: {self.message}"
        return line.format(where=where, path=clean(self.path), message=self.message)

    def detailed(self) -> str:
        """``str()`` plus the subject, for ``cell211 validate``."""
        from cell211cli.text import clean

        return f"{self}: {clean(repr(self.subject))}" if self.subject is not None else str(self)


MAX_PROBLEMS_SHOWN = 20
"""Problems a command other than ``validate`` prints for a pack it cannot use (a generated pack gone wrong
can have thousands)."""


class InvalidPack(Cell211Error):
    """The pack cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        if len(problems) == 1:
            super().__init__(_("invalid recap pack: {problem}").format(problem=problems[0]))
        else:
            errors = sum(p.severity == "error" for p in problems)
            # The English says "errors" for one too (output that scripts and tests match); a translation may
            # use its singular form.
            heading = ngettext("invalid recap pack ({count} errors):", "invalid recap pack ({count} errors):", errors)
            lines = [heading.format(count=errors)] + [f"  {p}" for p in problems[:MAX_PROBLEMS_SHOWN]]
            if len(problems) > MAX_PROBLEMS_SHOWN:
                more = len(problems) - MAX_PROBLEMS_SHOWN
                # TRANSLATORS: after the first problems of a pack; "cell211 validate" is the command, as it is.
                lines.append("  " + _("... and {count} more: cell211 validate lists every one").format(count=more))
            super().__init__("\n".join(lines))
