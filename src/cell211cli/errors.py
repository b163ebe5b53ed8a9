"""Exit codes and the exceptions the CLI boundary turns into one message on stderr."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

Location = tuple[str | int, ...]
"""A place inside a pack document: keys and list indexes, e.g. ``("characters", 2, "aliases", 0)``."""


class ExitCode(IntEnum):
    OK = 0
    NOT_FOUND = 1
    BAD_INPUT = 2
    UNEXPECTED = 3
    CANNOT_SAVE = 4


class Cell211Error(Exception):
    """An error meant for the user: its message is printed as is, without a traceback."""

    exit_code = ExitCode.BAD_INPUT


class NotFound(Cell211Error):
    """Nothing visible at this position matches (identical for hidden and absent things)."""

    exit_code = ExitCode.NOT_FOUND


class BadUsage(Cell211Error):
    """An option or argument that cannot be honoured."""


@dataclass(frozen=True, eq=False)
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
        inside = f" at {clean(self.path)}" if self.path else ""
        return f"{where}{inside}: {self.severity}: {self.message}"

    def detailed(self) -> str:
        """``str()`` plus the subject, for ``cell211 validate``."""
        from cell211cli.text import clean

        return f"{self}: {clean(repr(self.subject))}" if self.subject is not None else str(self)


class InvalidPack(Cell211Error):
    """The pack cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        if len(problems) == 1:
            super().__init__(f"invalid recap pack: {problems[0]}")
        else:
            errors = sum(p.severity == "error" for p in problems)
            lines = [f"invalid recap pack ({errors} errors):"] + [f"  {p}" for p in problems]
            super().__init__("\n".join(lines))
