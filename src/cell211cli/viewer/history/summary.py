"""What an import tells the person (stderr) and a script (JSON): numbers and labels, never episode titles."""

from __future__ import annotations

from typing import Any

from cell211cli.i18n import _, ngettext
from cell211cli.pack.positions import Position, Scale
from cell211cli.viewer.history import HistoryReport, Verdict

MAX_UNMATCHED_SHOWN = 3


def _runs(ordinals: set[int] | list[int]) -> str:
    """``{1, 2, 3, 5}`` → ``1-3, 5``: each sentence that lists episodes says "episode" or "episodes" itself."""
    numbers = sorted(ordinals)
    runs: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        runs.append(f"{start}-{previous}" if previous > start else str(start))
        if number is not None:
            start = previous = number
    return ", ".join(runs)


def describe(report: HistoryReport, verdict: Verdict) -> list[str]:
    """Lines for stderr: what the file shows about the show, before what was done with it."""
    parts = []
    if report.finished:
        # TRANSLATORS: {ranges} lists episode numbers and runs of them: 4, or 1-3, 5.
        finished = ngettext("episode {ranges} finished", "episodes {ranges} finished", len(report.finished))
        parts.append(finished.format(ranges=_runs(report.finished)))
    if report.begun:
        # TRANSLATORS: episodes the viewer started watching without finishing them; {ranges} as in 1-3, 5.
        begun = ngettext("episode {ranges} begun", "episodes {ranges} begun", len(report.begun))
        parts.append(begun.format(ranges=_runs(report.begun)))
    # TRANSLATORS: follows the kind of file read, as in "Trakt history: no episode recognised".
    found = ", ".join(parts) or _("no episode recognised")
    lines = [f"{report.source}: {found}"]
    if verdict.beyond_gap:
        gap = ngettext(
            "note: episode {ranges} finished after a gap, not counted (--count-gaps counts them)",
            "note: episodes {ranges} finished after a gap, not counted (--count-gaps counts them)",
            len(verdict.beyond_gap),
        )
        lines.append(gap.format(ranges=_runs(verdict.beyond_gap)))
    if count := len(report.unmatched):
        shown = "; ".join(repr(text) for text in report.unmatched[:MAX_UNMATCHED_SHOWN])
        more = count - MAX_UNMATCHED_SHOWN
        # The English says "row(s)" whatever the count (output that scripts and tests match); a translation may
        # use its plural forms.
        if more > 0:
            # TRANSLATORS: {shown} quotes the first rows of the file, in its own words; {more} counts the others.
            note = ngettext(
                "note: {count} row(s) of the show name no episode the pack knows: {shown} and {more} more",
                "note: {count} row(s) of the show name no episode the pack knows: {shown} and {more} more",
                count,
            )
        else:
            # TRANSLATORS: {shown} quotes the rows of the file, in its own words.
            note = ngettext(
                "note: {count} row(s) of the show name no episode the pack knows: {shown}",
                "note: {count} row(s) of the show name no episode the pack knows: {shown}",
                count,
            )
        lines.append(note.format(count=count, shown=shown, more=more))
    return lines


def import_data(
    pack_id: str,
    report: HistoryReport,
    verdict: Verdict,
    scale: Scale,
    saved: Position | None,
    written: bool,
) -> dict[str, Any]:
    """The JSON answer of ``progress import``."""

    def ids(ordinals: set[int] | list[int]) -> list[str]:
        return [scale.positions[ordinal].id for ordinal in sorted(ordinals)]

    return {
        "pack": pack_id,
        "source": report.source,
        "finished": ids(report.finished),
        "begun": ids(report.begun),
        "beyond_gap": ids(verdict.beyond_gap),
        "unmatched": list(report.unmatched),
        "found": {"id": verdict.position.id, "label": scale.label(verdict.position)},
        "upto": {"id": saved.id, "label": scale.label(saved)} if saved else None,
        "saved": written,
    }
