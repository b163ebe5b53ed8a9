"""``cell211 validate``: every problem of a pack and of each of its translations, in file order."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cell211cli.errors import InvalidPack, Problem
from cell211cli.pack.loader import load_pack


@dataclass(frozen=True)
class ValidationReport:
    problems: list[Problem]
    valid: bool

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors


def validate_pack(target: Path) -> ValidationReport:
    """Load the pack at ``target`` and each translation it lists; every problem once, in file order."""
    try:
        loaded = load_pack(target)
        problems, valid = list(loaded.warnings), True
    except InvalidPack as error:
        loaded, problems, valid = None, error.problems, False
    # Each translation is checked too: its missing and stale texts, and names it gives too early.
    seen = {(p.file, p.path, p.message) for p in problems}
    for language in loaded.pack.translations if loaded else ():
        try:
            found = list(load_pack(target, language).warnings)
        except InvalidPack as error:
            found, valid = error.problems, False
        problems += [p for p in found if (p.file, p.path, p.message) not in seen]
    problems.sort(key=lambda p: (p.file, p.line or 0, p.column or 0))  # file order; stable for the rest
    return ValidationReport(problems, valid)
