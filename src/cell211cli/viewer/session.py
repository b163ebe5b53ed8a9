"""One command's context: which pack, which position, and the View the gate makes of them."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field

from cell211cli.errors import BadUsage
from cell211cli.gate import View, reveal
from cell211cli.i18n import _, current
from cell211cli.pack import store
from cell211cli.pack.discovery import find_pack
from cell211cli.pack.model import LoadedPack
from cell211cli.pack.positions import NEXT, SPANISH_SPELLINGS, Position, Scale, UnknownPosition
from cell211cli.viewer.progress import recall


def premise_hint(pack_option: str | None = None) -> str:
    """What to do when nothing says how far the viewer has got; names the pack when one was chosen."""
    pack = f" --pack {shlex.quote(pack_option)}" if pack_option else ""
    # TRANSLATORS: N stands for an episode number; {pack_option} is empty or " --pack NAME" (part of the command).
    message = _(
        "Showing the premise only. Add --upto N once you have finished episode N, "
        "or save your place with: cell211 progress N{pack_option}"
    )
    return message.format(pack_option=pack)


@dataclass(eq=False, repr=False)
class Session:
    """The pack's outline (its show, scale and id, without the items of its lists), the resolved position
    and its View, and notes for stderr. What the position reveals is in the View only."""

    outline: LoadedPack
    view: View
    notes: list[str] = field(default_factory=list)
    ahead_of: Position | None = None
    """The saved position, when ``--upto`` looks past it."""

    def parse(self, spelling: str) -> Position:
        return self.outline.scale.parse(spelling, self.view.position)


def saved_watch(loaded: LoadedPack) -> tuple[Position | None, Position | None, str | None]:
    """The first-watch position, the rewatch position (during a rewatch), and a warning when the saved
    value cannot be used."""
    remembered = recall(loaded.pack.id)
    if remembered.warning or remembered.spelling is None:
        return None, None, remembered.warning
    try:
        first = loaded.scale.parse(remembered.spelling)
    except UnknownPosition:
        message = _("warning: saved progress {spelling} is not a position of this pack")
        return None, None, message.format(spelling=repr(remembered.spelling))
    try:
        rewatch = loaded.scale.parse(remembered.rewatch) if remembered.rewatch else None
    except UnknownPosition:
        rewatch = None
    return first, rewatch if rewatch is not None and rewatch < first else None, None


def saved_position(loaded: LoadedPack) -> tuple[Position | None, str | None]:
    """Where commands stop by default (the rewatch position during a rewatch), and a warning when the
    saved value cannot be used."""
    first, rewatch, warning = saved_watch(loaded)
    return (rewatch if rewatch is not None else first), warning


def open_session(
    pack: str | None, upto: str | None, pack_option: str | None = None, before: str | None = None
) -> Session:
    """Load the pack and resolve the position: ``--upto``, else the one before ``--before N``, else saved
    progress, else the premise. During a rewatch, looking ahead as far as the first watch is not ahead.

    ``pack`` is ``--pack`` (or the config file's); ``pack_option`` is the ``--pack`` value as typed on the
    command line, repeated in hints."""
    outline, items_upto = store.open_pack(find_pack(pack), current())
    scale = outline.scale
    seen, rewatch, warning = saved_watch(outline)
    saved = rewatch if rewatch is not None else seen
    notes = [warning] if warning else []
    ahead_of = None
    if before is not None:
        upto = _position_before(scale, before, saved).id
    if upto is not None:
        position = scale.parse(upto, saved)
        if seen is not None and position > seen:
            ahead_of = seen
            # TRANSLATORS: {position} and {saved} are lowercased labels such as "episode 5".
            message = _("Looking ahead: showing up to {position}, past your saved progress ({saved}).")
            notes.append(message.format(position=scale.phrase(position), saved=scale.phrase(seen)))
        elif rewatch is not None and position > rewatch:
            message = _("Rewatching at {rewatch}: showing up to {position}, which you have seen.")
            notes.append(message.format(position=scale.phrase(position), rewatch=scale.phrase(rewatch)))
    elif saved is not None:
        position = saved
    else:
        position = scale.positions[0]
        # TRANSLATORS: after a warning that the saved progress cannot be used.
        notes.append(_("Showing the premise only.") if notes else premise_hint(pack_option))
    view = reveal(items_upto(position.ordinal), position)  # nothing later is even read
    return Session(outline, view, notes, ahead_of)  # the items went into the View: the pack is let go


def _position_before(scale: Scale, spelling: str, saved: Position | None) -> Position:
    """``--before N``: the position just before episode N; ``next`` (the default) is the saved one."""
    if SPANISH_SPELLINGS.get(spelling.strip().casefold(), spelling.strip().casefold()) == NEXT:
        return saved or scale.positions[0]
    episode = scale.parse(spelling, saved)
    if episode.is_premise:
        raise BadUsage(_("--before needs an episode: nothing comes before the premise"))
    return scale.positions[episode.ordinal - 1]


def load_pack_for(pack: str | None) -> LoadedPack:
    """The pack a command names (``--pack`` or the config file's), in the run's language."""
    return store.load(find_pack(pack), current())


def position_after(loaded: LoadedPack, spelling: str) -> Position:
    """The position ``progress SPELLING`` saves: ``next`` is one more than saved (or episode 1), anything
    else a position of the scale (a depth name only if revealed at the saved position)."""
    scale = loaded.scale
    before = saved_position(loaded)[0]
    if SPANISH_SPELLINGS.get(spelling.strip().casefold(), spelling.strip().casefold()) != NEXT:
        return scale.parse(spelling, before)
    reached = before or scale.positions[0]
    if reached == scale.last:
        message = _("you have already finished the last episode ({episode})")
        raise BadUsage(message.format(episode=scale.phrase(reached)))
    return scale.positions[reached.ordinal + 1]
