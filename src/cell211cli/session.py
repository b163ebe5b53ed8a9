"""One command's context: which pack, which position, and the View the gate makes of them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cell211cli.errors import BadUsage
from cell211cli.gate import View, reveal
from cell211cli.loader import SHIPPED_PACK_ID, LoadedPack, load_pack, shipped_packs_dir
from cell211cli.positions import Position

PREMISE_HINT = (
    "Showing the premise only. Add --upto N once you have finished episode N (see: cell211 levels)."
)


@dataclass(frozen=True)
class Session:
    loaded: LoadedPack
    view: View
    hint: str | None

    def parse(self, spelling: str) -> Position:
        return self.loaded.scale.parse(spelling)


def find_pack(spec: str | None) -> Path:
    """A pack path from ``--pack``: a file, a folder, or the id of a shipped pack."""
    if spec is None:
        return shipped_packs_dir() / SHIPPED_PACK_ID
    path = Path(spec).expanduser()
    if path.exists() or path.is_symlink():
        return path
    shipped = shipped_packs_dir() / spec
    if shipped.is_dir():
        return shipped
    raise BadUsage(f"no recap pack at {spec!r} (give a pack file, a folder with pack.yaml, or a pack id)")


def open_session(pack: str | None, upto: str | None) -> Session:
    """Load the pack, resolve the position (premise when none is given) and gate it."""
    loaded = load_pack(find_pack(pack))
    if upto is None:
        position, hint = loaded.scale.positions[0], PREMISE_HINT
    else:
        position, hint = loaded.scale.parse(upto), None
    return Session(loaded, reveal(loaded, position), hint)
