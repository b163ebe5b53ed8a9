"""The JSON Schema of a pack, derived from the same model the loader validates with."""

from __future__ import annotations

import json
from typing import Any

from cell211cli.pack.model import pack_adapter

SCHEMA_FILE = "pack.schema.json"


def pack_schema() -> dict[str, Any]:
    schema = pack_adapter().json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "cell211 recap pack", **schema}


def pack_schema_text() -> str:
    return json.dumps(pack_schema(), indent=2, ensure_ascii=False) + "\n"
