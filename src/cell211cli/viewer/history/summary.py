"""What an import tells the person (stderr) and a script (JSON): numbers, labels and reasons, never episode titles."""

from __future__ import annotations

from typing import Any

from cell211cli.i18n import _, ngettext
from cell211cli.pack.model import LoadedPack
from cell211cli.pack.positions import Position, Scale
from cell211cli.viewer.history.evidence import Reason
from cell211cli.viewer.history.questions import evidence
from cell211cli.viewer.history.report import HistoryReport, Verdict

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


def _why(reason: Reason) -> str:
    """Why episodes count as finished, in a few words."""
    return {
        # TRANSLATORS: why an episode counts as finished: its bookmark reached the credits.
        Reason.END: _("watched to the end"),
        # TRANSLATORS: why an episode counts as finished: Netflix autoplayed the next one (from the credits).
        Reason.AUTOPLAY: _("the next one autoplayed"),
        # TRANSLATORS: why an episode counts as finished: a later episode was watched after it, and it was
        # never resumed.
        Reason.FOLLOWED: _("followed by a later episode"),
        # TRANSLATORS: why an episode counts as finished: the history lists a later episode too.
        Reason.LATER_LISTED: _("a later episode is listed"),
        # TRANSLATORS: why an episode counts as finished: Trakt marks it watched.
        Reason.WATCHED: _("marked watched"),
        # TRANSLATORS: why an episode counts as finished: the person said so when asked.
        Reason.CONFIRMED: _("as you said"),
    }[reason]


def describe(report: HistoryReport, verdict: Verdict, loaded: LoadedPack) -> list[str]:
    """Lines for stderr: what the file shows about the show and why, before what was done with it."""
    parts = []
    for reason in Reason:
        ordinals = sorted(ordinal for ordinal in report.finished if report.reasons.get(ordinal) == reason)
        if ordinals:
            # TRANSLATORS: {ranges} lists episode numbers and runs of them: 4, or 1-3, 5; {why} says why they
            # count as finished (watched to the end ...).
            finished = ngettext("episode {ranges} finished: {why}", "episodes {ranges} finished: {why}", len(ordinals))
            parts.append(finished.format(ranges=_runs(ordinals), why=_why(reason)))
    listed = sorted(ordinal for ordinal in report.begun if ordinal not in report.reached)
    if listed:
        # TRANSLATORS: episodes the viewer started watching without finishing them; {ranges} as in 1-3, 5.
        # Mutation testing: the plural is never shown (at most one episode is begun with no time: the last
        # listed of a quick history), so its mutants are equivalent.
        begun = ngettext("episode {ranges} begun", "episodes {ranges} begun", len(listed))  # pragma: no mutate
        parts.append(begun.format(ranges=_runs(listed)))
    for ordinal in sorted(ordinal for ordinal in report.begun if ordinal in report.reached):
        # TRANSLATORS: {episode} is an episode number; {evidence} says how far it was watched (3:10 of about
        # 33-45 minutes).
        begun_one = _("episode {episode} begun: {evidence}")
        parts.append(begun_one.format(episode=ordinal, evidence=evidence(report, loaded, ordinal)))
    # TRANSLATORS: follows the kind of file read, as in "Trakt history: no episode recognised".
    found = "; ".join(parts) or _("no episode recognised")
    lines = [f"{report.source}: {found}"]
    if verdict.beyond_gap:
        gap = ngettext(
            "note: episode {ranges} finished after a gap, not counted (--count-gaps counts them)",
            "note: episodes {ranges} finished after a gap, not counted (--count-gaps counts them)",
            len(verdict.beyond_gap),
        )
        lines.append(gap.format(ranges=_runs(verdict.beyond_gap)))
    if count := report.unmatched_count:
        shown = "; ".join(repr(text) for text in report.unmatched[:MAX_UNMATCHED_SHOWN])
        more = count - min(count, MAX_UNMATCHED_SHOWN)
        if more > 0:
            # TRANSLATORS: {shown} quotes the first rows of the file, in its own words; {more} counts the others.
            note = ngettext(
                "note: {count} row of the show names an episode this pack does not know: {shown} and {more} more",
                "note: {count} rows of the show name episodes this pack does not know: {shown} and {more} more",
                # Mutation testing: another number here is equivalent (count is 4 or more: never the singular).
                count,  # pragma: no mutate
            )
        else:
            # TRANSLATORS: {shown} quotes the rows of the file, in its own words.
            note = ngettext(
                "note: {count} row of the show names an episode this pack does not know: {shown}",
                "note: {count} rows of the show name episodes this pack does not know: {shown}",
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
