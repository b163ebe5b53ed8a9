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
from cell211cli.pack.positions import NEXT, SPANISH_SPELLINGS, Position, UnknownPosition
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


@dataclass(frozen=True, eq=False, repr=False)
class Session:
    """The loaded pack, the resolved position and its View, and notes for stderr."""

    loaded: LoadedPack
    view: View
    notes: list[str] = field(default_factory=list)
    ahead_of: Position | None = None
    """The saved position, when ``--upto`` looks past it."""

    def parse(self, spelling: str) -> Position:
        return self.loaded.scale.parse(spelling, self.view.position)


def saved_position(loaded: LoadedPack) -> tuple[Position | None, str | None]:
    """The remembered position for this pack, and a warning when the saved value cannot be used."""
    remembered = recall(loaded.pack.id)
    if remembered.warning or remembered.spelling is None:
        return None, remembered.warning
    try:
        return loaded.scale.parse(remembered.spelling), None
    except UnknownPosition:
        message = _("warning: saved progress {spelling} is not a position of this pack")
        return None, message.format(spelling=repr(remembered.spelling))


def open_session(pack: str | None, upto: str | None, pack_option: str | None = None) -> Session:
    """Load the pack and resolve the position: ``--upto``, else saved progress, else the premise.

    ``pack`` is ``--pack`` (or the config file's); ``pack_option`` is the ``--pack`` value as typed on the
    command line, repeated in hints."""
    loaded = store.load(find_pack(pack), current())
    scale = loaded.scale
    saved, warning = saved_position(loaded)
    notes = [warning] if warning else []
    ahead_of = None
    if upto is not None:
        position = scale.parse(upto, saved)
        if saved is not None and position > saved:
            ahead_of = saved
            # TRANSLATORS: {position} and {saved} are lowercased labels such as "episode 5".
            message = _("Looking ahead: showing up to {position}, past your saved progress ({saved}).")
            notes.append(message.format(position=scale.phrase(position), saved=scale.phrase(saved)))
    elif saved is not None:
        position = saved
    else:
        position = scale.positions[0]
        # TRANSLATORS: after a warning that the saved progress cannot be used.
        notes.append(_("Showing the premise only.") if notes else premise_hint(pack_option))
    return Session(loaded, reveal(loaded, position), notes, ahead_of)


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
