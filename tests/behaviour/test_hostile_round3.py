"""The third red team's findings, one test per class: YAML tags and values YAML cannot build, Mermaid ids,
an empty translation file, a sources table that is a folder, a bad progress file beside --upto."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cell211cli.render.graph import _mermaid_id
from cell211cli.viewer.progress import state_file
from tests.helpers import MINI, Invoke


def copy_of_mini(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    shutil.copytree(MINI, folder)
    return folder


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!!float abc", "YAML tags"),
        ('!!float ""', "YAML tags"),
        ("!!bool abc", "YAML tags"),
        ("!!timestamp abc", "YAML tags"),
        ("!!str 2024", "YAML tags"),
        ("!!timestamp 2024-13-45", "invalid YAML value"),
        ("2024-13-45", "invalid YAML value"),
    ],
)
def test_yaml_tags_and_values_yaml_cannot_build_are_located(
    tmp_path: Path, invoke: Invoke, value: str, message: str
) -> None:
    """Every command on such a pack: exit 2 with the value's line and column, never exit 3."""
    folder = copy_of_mini(tmp_path)
    pack = folder / "pack.yaml"
    pack.write_text(pack.read_text(encoding="utf-8").replace("  year: 2024", f"  year: {value}"), encoding="utf-8")
    for args in (["recap"], ["validate", str(folder)], ["characters", "--upto", "2"]):
        result = invoke(*args, *(["--pack", str(folder)] if args[0] != "validate" else []))
        output = result.stdout + result.stderr
        assert result.exit_code == 2, output
        assert message in output and "pack.yaml:8:9" in output and "unexpected" not in output


def test_mermaid_ids_are_one_per_pack_id() -> None:
    """mar-ta and mar_ta (and other ids that differ only in punctuation) are different nodes."""
    ids = ["mar-ta", "mar_ta", "mar.ta", "marta", "mar ta", "már-ta", "mar_2d_ta"]
    assert len({_mermaid_id(identifier) for identifier in ids}) == len(ids)
    assert all(_mermaid_id(identifier).replace("_", "").isalnum() for identifier in ids)


def test_translate_starts_a_listed_translation_file_that_is_empty(tmp_path: Path, invoke: Invoke) -> None:
    """`translate es PACK > PACK/es.yaml`: the shell empties the file first; the template still comes out."""
    folder = copy_of_mini(tmp_path)
    (folder / "es.yaml").write_text("", encoding="utf-8")
    result = invoke("translate", "es", str(folder))
    assert result.exit_code == 0, result.stderr
    assert "recap/premise-1/text" in result.stdout


def test_an_empty_translation_file_is_not_called_a_pack(tmp_path: Path, invoke: Invoke) -> None:
    folder = copy_of_mini(tmp_path)
    (folder / "es.yaml").write_text("", encoding="utf-8")
    result = invoke("validate", str(folder))
    assert result.exit_code == 2
    assert "a translation is a mapping" in result.stdout and "a pack is a mapping" not in result.stdout


def test_a_sources_table_that_is_a_folder_is_named_as_such(tmp_path: Path, invoke: Invoke) -> None:
    folder = copy_of_mini(tmp_path)
    (folder / "table").mkdir()
    pack = folder / "pack.yaml"
    pack.write_text(pack.read_text(encoding="utf-8").replace("sources:\n", "sources_table: table\nsources:\n", 1))
    result = invoke("validate", str(folder))
    assert result.exit_code == 2
    assert "is a folder, not a file" in result.stdout and "without a pack.yaml" not in result.stdout


def test_a_bad_progress_file_beside_upto_does_not_say_premise_only(mini: Invoke) -> None:
    """--upto 1 with an unreadable progress file: the warning, and no "premise only" beside episode 1."""
    state_file().parent.mkdir(parents=True)
    state_file().write_text("{not json", encoding="utf-8")
    result = mini("recap", "--upto", "1")
    assert result.exit_code == 0 and "Ana arrives" in result.stdout
    assert "warning:" in result.stderr and "premise only" not in result.stderr
    without = mini("recap")
    assert "premise only" in without.stderr and "Ana arrives" not in without.stdout


def test_a_deleted_working_folder_is_no_obstacle(tmp_path: Path) -> None:
    """Run from a folder removed after the shell entered it (rm -rf in another tab, a checkout elsewhere)."""
    import os
    import subprocess
    import sys

    gone = tmp_path / "gone"
    gone.mkdir()
    script = (
        "import os, sys\n"
        f"os.chdir({str(gone)!r}); os.rmdir({str(gone)!r})\n"
        "sys.argv = ['cell211', 'recap', '--upto', '1', '--format', 'plain', '--pack', sys.argv[1]]\n"
        "from cell211cli.launch import main\n"
        "main()\n"
    )
    environment = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CACHE_HOME": str(tmp_path / "c")}
    result = subprocess.run(
        [sys.executable, "-c", script, str(MINI)], capture_output=True, text=True, timeout=60, env=environment
    )
    assert result.returncode == 0, result.stderr
    assert "Ana arrives" in result.stdout
