"""JSON: one object per command, the resolved position first, only visible content."""

from __future__ import annotations

import json
from typing import Any, TextIO

from cell211cli.document import Document
from cell211cli.render.formats import Terminal

JSON_VERSION = 2
"""The version of the output shapes in docs/output.schema.json; it changes when a shape does."""


def dump(data: dict[str, Any], out: TextIO) -> None:
    """One JSON answer: the shape version first, then the command's data."""
    json.dump({"json_version": JSON_VERSION, **data}, out, ensure_ascii=False, indent=2)
    out.write("\n")


def render(document: Document, out: TextIO, terminal: Terminal) -> None:
    dump({"language": document.language, **document.json_data()}, out)
