"""Wheel build step: the shipped packs validated once here rather than on each user's first run.

Each ``recaps/<id>/`` becomes ``cell211cli/prebuilt/<id>.<language>.json``, one entry of the pack store per
language (see ``cell211cli.pack.store``); a language whose load has warnings is left out, since warnings
are worded in the builder's language. ``cell211cli/prebuilt/code.digest`` is the digest of the modules the
entries were built with: an installed run reads it rather than every module. An editable install gets
none: it validates on first use, as a pack under edit must be."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class PrebuiltPacks(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "prebuilt-packs"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return
        root = Path(self.root)
        sys.path.insert(0, str(root / "src"))
        try:
            from cell211cli.pack.loader import load_pack
            from cell211cli.pack.store import CODE_DIGEST_FILE, content_digest, entry_bytes, entry_lines, prebuilt_name
        finally:
            sys.path.remove(str(root / "src"))
        output = self._output = Path(tempfile.mkdtemp(prefix="cell211-prebuilt-"))
        code = content_digest(root / "src" / "cell211cli")
        (output / CODE_DIGEST_FILE).write_text(code + "\n", encoding="ascii")
        build_data["force_include"][str(output / CODE_DIGEST_FILE)] = f"cell211cli/prebuilt/{CODE_DIGEST_FILE}"
        for pack in sorted((root / "recaps").glob("*/pack.yaml")):
            base = load_pack(pack.parent)
            for language in (None, *sorted(base.pack.translations)):
                loaded = base if language is None else load_pack(pack.parent, language)
                if loaded.warnings:
                    continue
                target = output / prebuilt_name(pack.parent.name, language)
                target.write_bytes(entry_bytes(entry_lines(loaded, language, code)))
                build_data["force_include"][str(target)] = f"cell211cli/prebuilt/{target.name}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if version != "editable":
            shutil.rmtree(self._output, ignore_errors=True)
