"""Small viewing histories written by hand, for the history tests: rows of Netflix's archive, a quick
history, a Trakt page, and the fixture show they are about ("The Tower", six episodes of 33-45 minutes)."""

from __future__ import annotations

import json

from cell211cli.pack.loader import load_pack
from tests.helpers import FIXTURES

PACK = FIXTURES / "history" / "pack.yaml"
TOWER = load_pack(PACK)
HEADER = (
    "Profile Name,Start Time,Duration,Attributes,Title,Supplemental Video Type,Device Type,Bookmark,"
    "Latest Bookmark,Country"
)


def view(
    episode: int,
    when: str,
    to: str,
    watched: str | None = None,
    profile: str = "Ana",
    autoplayed: bool = False,
    supplemental: str = "",
    title: str | None = None,
) -> str:
    """One ViewingActivity.csv row: episode ``episode`` begun at ``when`` (``02-06 21:00``), stopped at ``to``
    (``0:40:00``) after ``watched`` (from the start when not given)."""
    attributes = "Autoplayed: user action: None; " if autoplayed else ""
    title = title or f"The Tower: Limited Series: Episode {episode} (Episode {episode})"
    return (
        f'{profile},2025-{when}:00,{watched or to},{attributes},"{title}",{supplemental},iPhone,{to},Not latest view,MX'
    )


def archive(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def quick(*rows: tuple[str, str]) -> bytes:
    return ("Title,Date\n" + "".join(f'"{title}","{date}"\n' for title, date in rows)).encode()


def episode(number: int, show: object = None, when: str = "2025-02-06T20:00:00.000Z") -> dict[str, object]:
    """One Trakt watched-history item: episode ``number`` of season 1 of "La Torre" (or of ``show``)."""
    return {
        "type": "episode",
        "watched_at": when,
        "show": {"title": "La Torre"} if show is None else show,
        "episode": {"season": 1, "number": number},
    }


def trakt(*items: object) -> bytes:
    return json.dumps(list(items)).encode()
