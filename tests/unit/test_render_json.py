"""The JSON renderer: parts a page leaves for JSON only are built when the answer prints, in place; an
answer is written in batches."""

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


class CountingStream(io.StringIO):
    """A stream that counts its writes."""

    writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)


def test_a_long_answer_is_written_in_a_few_writes_and_reads_as_json_dumps_writes_it() -> None:
    items = [{"id": f"r{number}", "text": f"Item {number} — ñ", "sources": [1, 2]} for number in range(3000)]
    out = CountingStream()
    render(Document("Title", {"items": items}, {}), out, Terminal(False, 80, False))
    expected = {"json_version": 2, "language": "en", "items": items}
    assert out.getvalue() == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    assert out.writes < 20  # about 40,000 tokens
