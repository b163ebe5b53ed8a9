"""The JSON renderer: parts a page leaves for JSON only are built when the answer prints, in place."""

from __future__ import annotations

import io
import json

from cell211cli.document import Document
from cell211cli.render.formats import Terminal
from cell211cli.render.json import render


def test_a_part_left_for_later_is_built_in_place() -> None:
    document = Document("Title", {"episodes": []}, {})
    first = {"id": "S01E01", "items": [], "line": "One"}
    document.data["episodes"].append(first)
    document.later(first, "items", lambda: [{"id": "r1"}])
    assert first["items"] == []  # nothing built before a JSON answer asks
    out = io.StringIO()
    render(document, out, Terminal(False, 80, False))
    printed = json.loads(out.getvalue())
    assert list(printed["episodes"][0].items()) == [("id", "S01E01"), ("items", [{"id": "r1"}]), ("line", "One")]
