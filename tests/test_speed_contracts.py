"""What keeps start-up fast, checked as behaviour (timing is measured by benchmarks/bench.py, never here)."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cell211cli import cache
from cell211cli.cache import load_cached
from tests.conftest import MINI, Invoke

HEAVY = ("rich", "yaml", "pydantic", "annotated_types")


def imported_after(argv: list[str], env: dict[str, str] | None = None) -> set[str]:
    """Top-level packages a fresh interpreter has imported after running ``cell211 *argv``."""
    probe = (
        "import sys\nfrom cell211cli import cli\n"
        f"sys.argv = ['cell211', *{argv!r}]\n"
        "try:\n    cli.run()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env={**os.environ, **(env or {})}
    )
    return set(result.stdout.splitlines()[-1].split())


def test_version_imports_no_heavy_library() -> None:
    """Importing the CLI and running --version loads none of rich, yaml or pydantic."""
    assert not imported_after(["--version"]) & set(HEAVY)


def test_cached_plain_recap_needs_no_parser_or_validator(isolated_env: Path) -> None:
    """Once the pack is cached, a plain recap imports neither yaml nor pydantic nor rich."""
    env = {"XDG_CACHE_HOME": str(isolated_env / "cache"), "XDG_STATE_HOME": str(isolated_env / "state")}
    argv = ["recap", "--upto", "2", "--format", "plain", "--pack", str(MINI)]
    first = imported_after(argv, env)
    assert {"yaml", "pydantic"} <= first  # the cold run parses and validates
    second = imported_after(argv, env)
    assert not second & set(HEAVY), second & set(HEAVY)


def copy_mini(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "pack.yaml").write_text((MINI / "pack.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_cache_is_used_when_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second load of an unchanged pack does not parse it again."""
    folder = copy_mini(tmp_path)
    load_cached(folder)

    def no_parsing(path: Path) -> None:
        raise AssertionError("the pack was parsed again")

    monkeypatch.setattr("cell211cli.loader.load_pack", no_parsing)
    assert load_cached(folder).pack.show.title == "Lighthouse"


def test_cache_is_rebuilt_when_the_pack_changes(tmp_path: Path, invoke: Invoke) -> None:
    """Editing the pack (even within the same second) invalidates the cached copy."""
    folder = copy_mini(tmp_path)
    assert "Lighthouse" in invoke("recap", "--pack", str(folder)).stdout
    pack = folder / "pack.yaml"
    pack.write_text(pack.read_text(encoding="utf-8").replace("title: Lighthouse", "title: Beacon"), encoding="utf-8")
    stat = pack.stat()
    os.utime(pack, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert "Beacon" in invoke("recap", "--pack", str(folder)).stdout


def test_cache_never_hides_a_newly_broken_pack(tmp_path: Path, invoke: Invoke) -> None:
    """A pack that becomes invalid after being cached is reported, not served from the cache."""
    folder = copy_mini(tmp_path)
    assert invoke("recap", "--pack", str(folder)).exit_code == 0
    time.sleep(0.01)
    (folder / "pack.yaml").write_text("format: [", encoding="utf-8")
    assert invoke("recap", "--pack", str(folder)).exit_code == 2


@pytest.mark.parametrize("content", [b"", b"not a pickle", pickle.dumps(("wrong", "shape")), pickle.dumps(42)])
def test_corrupt_cache_entry_is_ignored(tmp_path: Path, invoke: Invoke, content: bytes) -> None:
    """A corrupt or foreign cache file is ignored and replaced by a good one."""
    folder = copy_mini(tmp_path)
    invoke("recap", "--pack", str(folder))
    entries = list(cache.cache_dir().glob("*.pickle"))
    assert len(entries) == 1
    entries[0].write_bytes(content)
    result = invoke("recap", "--upto", "1", "--pack", str(folder))
    assert result.exit_code == 0 and "Ana arrives" in result.stdout
    assert entries[0].read_bytes() != content


def test_unwritable_cache_only_costs_speed(tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the cache cannot be written, commands still work."""
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setattr(cache, "cache_dir", lambda: blocker / "packs")
    assert invoke("recap", "--upto", "1", "--pack", str(copy_mini(tmp_path))).exit_code == 0
