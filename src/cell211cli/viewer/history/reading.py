"""Reading a history file of any format: told apart by its content, read as a stream (``streams``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from cell211cli.i18n import _
from cell211cli.pack.model import LoadedPack
from cell211cli.viewer.history import netflix, trakt
from cell211cli.viewer.history.report import HistoryReport
from cell211cli.viewer.history.streams import (
    EXPECTED,
    MAX_HISTORY_BYTES,
    Archive,
    Budget,
    NotAHistory,
    open_file,
    too_large,
)

_SNIFF_BYTES = 4096


def read_history(
    source: Path | BinaryIO, loaded: LoadedPack, profile: str | None, date_order: str | None
) -> HistoryReport:
    """The report for the pack's show from a history file (a path, or a seekable binary stream), whatever its
    format. Read as a stream: at most ``MAX_HISTORY_BYTES`` of text (decompressed, for a ZIP), memory bounded
    by the rows of the show, not the file."""
    if isinstance(source, Path):
        with open_file(source) as stream:
            return _read(stream, loaded, profile, date_order)
    return _read(source, loaded, profile, date_order)


def _read(stream: BinaryIO, loaded: LoadedPack, profile: str | None, date_order: str | None) -> HistoryReport:
    budget = Budget()
    if stream.read(4) == b"PK\x03\x04":  # the ZIP and the size check below each seek where they read
        archive = Archive(stream)
        by_file_name: dict[str, list[str]] = {}
        for name in archive.names:
            by_file_name.setdefault(name.rpartition("/")[-1], []).append(name)
        activity = sorted(
            by_file_name.get("ViewingActivity.csv", []), key=lambda name: "CONTENT_INTERACTION" not in name
        )
        if activity:
            return netflix.read_csv(archive.open(activity[0]), budget, loaded, profile, date_order)
        pages = sorted(
            name
            for file_name, names in by_file_name.items()
            if file_name.startswith("watched-history") and file_name.endswith(".json")
            for name in names
        )
        if pages:
            return trakt.read_watched_history((archive.open(name) for name in pages), budget, loaded)
        message = _("the ZIP holds no ViewingActivity.csv and no watched-history JSON; {expected}")
        raise NotAHistory(message.format(expected=_(EXPECTED)))
    if stream.seek(0, os.SEEK_END) > MAX_HISTORY_BYTES:
        raise too_large()
    stream.seek(0)
    if _first_character(stream) in (b"[", b"{"):
        stream.seek(0)
        return trakt.read_watched_history(iter([stream]), budget, loaded)
    stream.seek(0)
    return netflix.read_csv(stream, budget, loaded, profile, date_order)


def _first_character(stream: BinaryIO) -> bytes:
    """The first byte that is not white space (nor a BOM), looking no further than the first few KiB."""
    head = stream.read(_SNIFF_BYTES).removeprefix(b"\xef\xbb\xbf").lstrip()
    return head[:1]
