"""JSON: one object per command, the resolved position first, only visible content."""

from __future__ import annotations

import itertools
import json
from typing import Any, TextIO

from cell211cli.document import Document
from cell211cli.render.formats import Terminal

JSON_VERSION = 2
"""The version of the output shapes in docs/output.schema.json; it changes when a shape does."""


def dump(data: dict[str, Any], out: TextIO) -> None:
    """One JSON answer: the shape version first, then the command's data."""
    tokens = json.JSONEncoder(ensure_ascii=False, indent=2).iterencode({"json_version": JSON_VERSION, **data})
    # Written a few thousand tokens at a time: json.dump writes each on its own (143,000 writes for a
    # long recap), json.dumps holds them all.
    while batch := list(itertools.islice(tokens, 4096)):
        out.write("".join(batch))
    out.write("\n")


def render(document: Document, out: TextIO, terminal: Terminal) -> None:
    dump({"language": document.language, **document.json_data()}, out)
