"""What an import tells the person (stderr) and a script (JSON): numbers and labels, never episode titles."""

from __future__ import annotations

from typing import Any

from cell211cli.history import HistoryReport, Verdict
from cell211cli.positions import Position, Scale

MAX_UNMATCHED_SHOWN = 3


def episode_ranges(ordinals: set[int] | list[int]) -> str:
    """``{1, 2, 3, 5}`` → ``episodes 1-3, 5``."""
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
    return ("episodes " if len(numbers) > 1 else "episode ") + ", ".join(runs)


def describe(report: HistoryReport, verdict: Verdict) -> list[str]:
    """Lines for stderr: what the file shows about the show, before what was done with it."""
    parts = []
    if report.finished:
        parts.append(f"{episode_ranges(report.finished)} finished")
    if report.begun:
        parts.append(f"{episode_ranges(report.begun)} begun")
    lines = [f"{report.source}: {', '.join(parts) or 'no episode recognised'}"]
    if verdict.beyond_gap:
        lines.append(
            f"note: {episode_ranges(verdict.beyond_gap)} finished after a gap, not counted (--count-gaps counts them)"
        )
    if report.unmatched:
        shown = "; ".join(repr(text) for text in report.unmatched[:MAX_UNMATCHED_SHOWN])
        more = len(report.unmatched) - MAX_UNMATCHED_SHOWN
        lines.append(
            f"note: {len(report.unmatched)} row(s) of the show name no episode the pack knows: {shown}"
            + (f" and {more} more" if more > 0 else "")
        )
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
