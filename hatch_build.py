"""Wheel build step: the shipped packs validated, and the validators derived, once here rather than on
each user's first run.

Each ``recaps/<id>/`` becomes ``cell211cli/prebuilt/<id>.json`` (see ``cell211cli.cache``), and pydantic's
core schemas ``cell211cli/prebuilt/validators.json`` (see ``cell211cli.validators``). An editable install
gets neither: it validates on first use, as a pack under edit must be."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class PrebuiltPacks(BuildHookInterface):
    PLUGIN_NAME = "prebuilt-packs"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return
        root = Path(self.root)
        sys.path.insert(0, str(root / "src"))
        try:
            from cell211cli.cache import prebuilt_entries
            from cell211cli.validators import PREBUILT_FILE, kept_data
        finally:
            sys.path.remove(str(root / "src"))
        output = self._output = Path(tempfile.mkdtemp(prefix="cell211-prebuilt-"))
        # What loading a pack keeps in the user cache (the validators) is kept in the build's folder instead.
        cache_home = os.environ.get("XDG_CACHE_HOME")
        os.environ["XDG_CACHE_HOME"] = str(output / "cache")
        try:
            for pack in sorted((root / "recaps").glob("*/pack.yaml")):
                target = output / f"{pack.parent.name}.json"
                entries = prebuilt_entries(pack.parent)
                target.write_text(json.dumps(entries, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
                build_data["force_include"][str(target)] = f"cell211cli/prebuilt/{target.name}"
            target = output / PREBUILT_FILE
            target.write_text(json.dumps(kept_data(), separators=(",", ":")), encoding="utf-8")
            build_data["force_include"][str(target)] = f"cell211cli/prebuilt/{PREBUILT_FILE}"
        finally:
            if cache_home is None:
                del os.environ["XDG_CACHE_HOME"]
            else:
                os.environ["XDG_CACHE_HOME"] = cache_home

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if version != "editable":
            shutil.rmtree(self._output, ignore_errors=True)
