"""A Trakt data export: pages of watched history, each a JSON list of items (a movie or an episode with its
numbers), read an item at a time."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from cell211cli.i18n import _
from cell211cli.pack.model import LoadedPack
from cell211cli.text import clean
from cell211cli.viewer.history.evidence import Reason
from cell211cli.viewer.history.netflix import MAX_UNMATCHED_KEPT
from cell211cli.viewer.history.report import HistoryReport as Report
from cell211cli.viewer.history.report import ShowTitles
from cell211cli.viewer.history.streams import EXPECTED, Budget, NotAHistory, not_utf8, text_reader

MAX_ITEM_CHARS = 64 * 1024
"""The longest item read (a Trakt item is under 1 KiB)."""
_CHUNK_CHARS = 64 * 1024


def read_watched_history(pages: Iterator[BinaryIO], budget: Budget, loaded: LoadedPack) -> Report:
    """Trakt marks an episode watched once it has been seen through, so every item counts as finished."""
    show = ShowTitles.of(loaded)
    # TRANSLATORS: the kind of file read: a watched history exported from Trakt.
    report = Report(_("Trakt history"))
    for page in pages:
        for item in _items(page, budget):
            if not isinstance(item, dict) or item.get("type") != "episode":
                continue  # movies (a film of the same name among them) and anything else
            show_part, episode = _object(item, "show"), _object(item, "episode")
            title = show_part.get("title")
            if not isinstance(title, str) or title not in show:
                continue
            season, number = episode.get("season"), episode.get("number")
            place = None
            if type(season) is int and type(number) is int:
                place = loaded.scale.by_season_episode.get((season, number))
            if place is None:
                report.unmatched_count += 1
                if len(report.unmatched) < MAX_UNMATCHED_KEPT:
                    report.unmatched.append(clean(f"{title} {season}x{number}"))
                continue
            report.finish(place.ordinal, Reason.WATCHED)
            if isinstance(watched := item.get("watched_at"), str):
                report.latest = max(report.latest or "", clean(watched[:10]))
    return report


def _object(item: dict[str, Any], key: str) -> dict[str, Any]:
    """``item[key]``, which Trakt always writes as an object."""
    value = item.get(key)
    if not isinstance(value, dict):
        # TRANSLATORS: {key} is a JSON key of Trakt's format (show, episode), written as it is.
        message = _("a Trakt history episode has no {key} object; {expected}")
        raise NotAHistory(message.format(key=repr(key), expected=_(EXPECTED)))
    return value


def _not_json() -> NotAHistory:
    return NotAHistory(_("a Trakt history page is not valid JSON; {expected}").format(expected=_(EXPECTED)))


def _items(page: BinaryIO, budget: Budget) -> Iterator[object]:
    """The items of one page (a JSON list), decoded one at a time: memory holds one item, not the page."""
    text = text_reader(page, budget)
    decoder = json.JSONDecoder()
    buffer = ""
    # Mutation testing: the starting values are equivalent (the first more() sets both).
    position, ended = 0, False  # pragma: no mutate

    def more() -> None:
        nonlocal buffer, position, ended
        try:
            # Mutation testing: a larger size is equivalent in what is read (only the chunks grow).
            size = max(_CHUNK_CHARS, len(buffer) - position)  # pragma: no mutate
            chunk = text.read(size)
        except UnicodeDecodeError:
            raise not_utf8() from None
        ended = not chunk
        buffer, position = buffer[position:] + chunk, 0

    def next_character() -> str:
        """The next character that is not white space, without consuming it ("" at the end)."""
        nonlocal position
        while True:
            while position < len(buffer) and buffer[position] in " \t\r\n":
                position += 1
            if position < len(buffer) or ended:
                return buffer[position : position + 1]
            more()

    more()
    if next_character() != "[":
        message = _("a Trakt history page is not a list of items; {expected}")
        raise NotAHistory(message.format(expected=_(EXPECTED)))
    position += 1
    if next_character() == "]":
        return
    while True:
        next_character()
        while True:
            try:
                item, end = decoder.raw_decode(buffer, position)
            except ValueError:  # not JSON (yet: the item may go on), or a number of over 4,300 digits
                end = -1
            except RecursionError:
                raise _not_json() from None
            if end != -1 and (end < len(buffer) or ended):
                break
            if ended:
                raise _not_json()
            held = len(buffer) - position
            # Mutation testing: `>=` is equivalent (the bound is on memory, and holds to within a chunk).
            if held > MAX_ITEM_CHARS:  # pragma: no mutate
                message = _("a Trakt history item is over {count} characters long; {expected}")
                raise NotAHistory(message.format(count=f"{MAX_ITEM_CHARS:,}", expected=_(EXPECTED)))
            more()
        position = end
        yield item
        separator = next_character()
        position += 1
        if separator == "]":
            return
        if separator != ",":
            raise _not_json()
