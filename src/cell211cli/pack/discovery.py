"""Where packs come from: a path, the user's data folder (by id), or the packs shipped with the tool."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cell211cli.errors import BadUsage
from cell211cli.i18n import N_, _
from cell211cli.paths import data_dir

PACK_FILE = "pack.yaml"
SHIPPED_PACK_ID = "cell211"


def shipped_packs_dir() -> Path:
    """The folder of packs that come with the tool: inside the wheel, or ``recaps/`` in a checkout."""
    package = Path(__file__).parents[1]
    installed = package / "recaps"
    return installed if installed.is_dir() else Path(__file__).resolve().parents[3] / "recaps"


def pack_file(path: Path) -> Path:
    """The YAML file of a pack given as a file or as a folder holding ``pack.yaml``."""
    return path / PACK_FILE if path.is_dir() else path


def user_packs_dir() -> Path:
    """Installed packs: ``$XDG_DATA_HOME/cell211/packs/<id>/pack.yaml`` on Linux."""
    return data_dir() / "packs"


def find_pack(spec: str | None) -> Path:
    """A pack path from ``--pack`` (or the config file's ``pack``): a file, a folder, or the id of an
    installed or shipped pack; without one, the shipped pack."""
    if spec is None:
        return shipped_packs_dir() / SHIPPED_PACK_ID
    message = _("no recap pack at {spec} (give a pack file, a folder with {file}, or a pack id)")
    try:
        path = Path(spec).expanduser()
    except RuntimeError:  # ~nouser/...: no such user, so no pack there
        raise BadUsage(message.format(spec=repr(spec), file=PACK_FILE)) from None
    if path.exists() or path.is_symlink():
        return path
    if "/" not in spec:
        for folder in (user_packs_dir(), shipped_packs_dir()):
            if (folder / spec / PACK_FILE).is_file():
                return folder / spec
    raise BadUsage(message.format(spec=repr(spec), file=PACK_FILE))


@dataclass(eq=False, repr=False)
class PackLocation:
    """A pack found on this machine: its id, its folder, and where it came from (installed or shipped)."""

    id: str
    path: Path
    origin: str


def available_packs() -> list[PackLocation]:
    """Installed packs first (they win over a shipped pack with the same id), then shipped ones."""
    found: dict[str, PackLocation] = {}
    folders = (
        # TRANSLATORS: where a pack comes from, in the list of packs: installed by the user.
        (N_("installed"), user_packs_dir()),
        # TRANSLATORS: where a pack comes from, in the list of packs: shipped with cell211.
        (N_("shipped"), shipped_packs_dir()),
    )
    for origin, folder in folders:
        if folder.is_dir():
            for pack_file in sorted(folder.glob(f"*/{PACK_FILE}")):
                found.setdefault(pack_file.parent.name, PackLocation(pack_file.parent.name, pack_file.parent, origin))
    return list(found.values())
