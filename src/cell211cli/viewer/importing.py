"""``progress import FILE``: read a viewing history, work out the position, save it unless that would
lower the saved one. Returns what to tell the person; the CLI prints it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cell211cli.errors import BadUsage, NotFound
from cell211cli.files import NotARegularFile, TooLarge, read_limited
from cell211cli.i18n import _
from cell211cli.pack.model import LoadedPack
from cell211cli.text import clean
from cell211cli.viewer.history import MAX_HISTORY_BYTES, position_from, read_history
from cell211cli.viewer.history.summary import describe, import_data
from cell211cli.viewer.progress import remember
from cell211cli.viewer.session import saved_position


@dataclass
class ImportOutcome:
    """What an import decided: lines for stderr, the data for ``--format json``, and whether anything
    was found finished (exit 1 when not)."""

    lines: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    found_nothing: bool = False


def import_progress(
    loaded: LoadedPack, file: str, profile: str | None, date_order: str | None, count_gaps: bool, dry_run: bool
) -> ImportOutcome:
    """Read the history at ``file`` and save the position it shows (unless ``dry_run`` or lower)."""
    try:
        data = read_limited(Path(file), MAX_HISTORY_BYTES)
    except TooLarge:
        message = _("{file}: over {size} MiB, too large for a viewing history")
        raise BadUsage(message.format(file=clean(file), size=MAX_HISTORY_BYTES >> 20)) from None
    except (OSError, NotARegularFile) as error:
        message = _("{file}: cannot be read ({reason})")
        raise BadUsage(message.format(file=clean(file), reason=error.strerror or error)) from None
    scale, pack_id = loaded.scale, loaded.pack.id
    report = read_history(data, loaded, profile, date_order)
    if not (report.finished or report.begun or report.unmatched):
        raise NotFound(f"{report.source}: no episode of {loaded.pack.show.title} in this file; nothing saved")
    verdict = position_from(report, scale, count_gaps)
    before = saved_position(loaded)[0]
    lines = describe(report, verdict)
    found = scale.phrase(verdict.position)
    written = False
    if verdict.position.is_premise:
        lines.append(_("nothing saved: episode 1 is not finished in this file"))
    elif before is not None and before > verdict.position:
        lines.append(
            _("kept: finished {saved}; the file shows only up to {found} (cell211 progress {id} sets it lower)").format(
                saved=scale.phrase(before), found=found, id=verdict.position.id
            )
        )
    elif dry_run:
        lines.append(_("would save: finished {found} (--dry-run: nothing saved)").format(found=found))
    else:
        today = datetime.date.today().isoformat()
        origin = (
            _("imported on {today} from {source}, last watched {latest}")
            if report.latest
            else _("imported on {today} from {source}")
        ).format(today=today, source=report.source, latest=report.latest)
        note = remember(pack_id, verdict.position.id, origin=origin)
        written = True
        lines.append(_("saved: finished {found}").format(found=found))
        if note:
            lines.append(note)
    after = verdict.position if written else before
    return ImportOutcome(
        lines, import_data(pack_id, report, verdict, scale, after, written), verdict.position.is_premise
    )
