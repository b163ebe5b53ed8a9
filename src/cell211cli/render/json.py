"""JSON: one object per command, the resolved position first, only visible content."""

from __future__ import annotations

import json
from typing import TextIO

from cell211cli.document import Document
from cell211cli.render import Terminal


def render(document: Document, out: TextIO, terminal: Terminal) -> None:
    json.dump(document.data, out, ensure_ascii=False, indent=2)
    out.write("\n")
