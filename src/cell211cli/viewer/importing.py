"""``progress import FILE``: a viewing history read, its open questions listed, and the position it shows
saved unless that would lower the saved one. Nothing here prints or asks: the CLI does, with what this
returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cell211cli.errors import NotFound
from cell211cli.i18n import _
from cell211cli.pack.model import LoadedPack
from cell211cli.viewer.history.reading import read_history
from cell211cli.viewer.history.report import HistoryReport, position_from
from cell211cli.viewer.history.summary import describe, import_data
from cell211cli.viewer.session import saved_watch
from cell211cli.viewer.timeline import now
from cell211cli.viewer.watching import save_imported


def read_report(loaded: LoadedPack, file: str, profile: str | None, date_order: str | None) -> HistoryReport:
    """The history at ``file``, for the pack's show; NotFound when it holds no episode of it."""
    report = read_history(Path(file), loaded, profile, date_order)
    if not (report.finished or report.begun or report.unmatched_count):
        # TRANSLATORS: {source} is the kind of file read (Netflix viewing history, Trakt history); {show} the
        # show's title.
        message = _("{source}: no episode of {show} in this file; nothing saved")
        raise NotFound(message.format(source=report.source, show=loaded.pack.show.title))
    return report


@dataclass
class ImportOutcome:
    """What an import decided: why (for stderr), the outcome (for stdout, like ``progress N``), a note
    about the progress file, the data for ``--format json``, and whether nothing was found finished."""

    lines: list[str]
    outcome: str
    note: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    found_nothing: bool = False


def save_import(loaded: LoadedPack, report: HistoryReport, count_gaps: bool, dry_run: bool) -> ImportOutcome:
    """Save the position ``report`` shows (unless ``dry_run``, or lower than the saved one)."""
    scale, pack_id = loaded.scale, loaded.pack.id
    verdict = position_from(report, scale, count_gaps)
    before = saved_watch(loaded)[0]  # the first watch: an import never lowers it
    found = scale.phrase(verdict.position)
    written, note = False, None
    if verdict.position.is_premise:
        outcome = _("nothing saved: episode 1 is not finished in this file")
    elif before is not None and before > verdict.position:
        outcome = _(
            "kept: finished {saved}; the file shows only up to {found} (cell211 progress {id} sets it lower)"
        ).format(saved=scale.phrase(before), found=found, id=verdict.position.id)
    elif dry_run:
        outcome = _("would save: finished {found} (--dry-run: nothing saved)").format(found=found)
    else:
        today = now().date().isoformat()
        origin = (
            _("imported on {today} from {source}, last watched {latest}")
            if report.latest
            else _("imported on {today} from {source}")
        ).format(today=today, source=report.source, latest=report.latest)
        note = save_imported(loaded, verdict.position, origin, str(report.source))
        written = True
        outcome = _("saved: finished {found}").format(found=found)
    after = verdict.position if written else before
    return ImportOutcome(
        describe(report, verdict, loaded),
        outcome,
        note,
        import_data(pack_id, report, verdict, scale, after, written),
        verdict.position.is_premise,
    )
