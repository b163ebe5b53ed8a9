"""Invalid packs: every problem at once, located by file, line and path; exit 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from cell211cli.errors import InvalidPack
from cell211cli.pack.loader import load_pack
from tests.helpers import MINI, Invoke

MINI_TEXT = (MINI / "pack.yaml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str | bytes, name: str = "pack.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(InvalidPack) as raised:
        load_pack(path)
    return [p.detailed() for p in raised.value.problems]


def test_the_fixture_pack_is_valid() -> None:
    """The fixture pack loads with no warnings except the one unused source it lacks."""
    loaded = load_pack(MINI)
    assert loaded.scale.last.id == "S01E04"
    assert loaded.warnings == ()


def test_every_error_is_reported_at_once_with_line_and_path(tmp_path: Path) -> None:
    """Two independent mistakes give two located problems."""
    text = MINI_TEXT.replace("at: e1, text: The keeper", "at: e9, text: The keeper").replace(
        "role: The lighthouse keeper.", "role: The lighthouse keeper.\n    colour: blue"
    )
    found = problems(write(tmp_path, text))
    line = next(n for n, content in enumerate(text.splitlines(), 1) if "at: e9" in content)
    where = f":{line}:20 "
    assert any("recap[2].at" in p and "not a position of this show" in p and where in p for p in found), found
    assert any("characters[1].colour" in p and "unknown field" in p for p in found), found


def test_missing_position_is_an_error_not_shown(tmp_path: Path) -> None:
    """Fail closed: an item without `at` is an error."""
    text = MINI_TEXT.replace("{id: e2-1, at: S01E02, ", "{id: e2-1, ")
    found = problems(write(tmp_path, text))
    assert any("recap[3].at" in p and "required field is missing" in p for p in found), found


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("{id: e1-1, at: 1,", "{id: e1-2, at: 1,", "duplicate recap item id: 'e1-2'"),
        ("sources: [guide-2, news-2]}", "sources: [guide-2, nope]}", "does not define: 'nope'"),
        (
            "{id: news-2, title: News report on the storm, at: 2,",
            "{id: news-2, title: News report on the storm, at: 1,",
            "cites a source shown from S01E01, before this text (S01E02)",
        ),
        ("- {name: Bruno, at: 3,", "- {name: Bruno, at: premise,", "revealed before its character"),
        (
            "text: Ana arrives at the lighthouse with",
            "text: Bruno sees Ana arrive with",
            "not revealed until S01E03: 'bruno'",
        ),
        (
            "title: The real lighthouse",
            "title: Inspector Vidal's lighthouse",
            "not revealed until S01E04: 'inspector vidal'",
        ),
        (
            "at: premise\n    facts:\n      - {at: premise,",
            "at: premise\n    facts:\n      - {at: 5,",
            "not a position",
        ),
    ],
)
def test_cross_checks(tmp_path: Path, old: str, new: str, expected: str) -> None:
    """Ids, citations, reveal order and names before their reveal are all checked."""
    assert old in MINI_TEXT
    found = problems(write(tmp_path, MINI_TEXT.replace(old, new, 1)))
    assert any(expected in p for p in found), found


def test_name_before_reveal_counts_full_names_only(tmp_path: Path) -> None:
    """'Inspector Vidal' is only flagged as the whole name, not its words alone."""
    text = MINI_TEXT.replace("text: A storm cuts the island off.", "text: An inspector mentions a storm.")
    assert load_pack(write(tmp_path, text)).pack.recap[3].text == "An inspector mentions a storm."


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("format: 1\nid: [unclosed\n", "invalid YAML"),
        ("format: 1\n\tid: x\n", "tabs"),
        ("", "is empty"),
        ("- a\n- b\n", "must be a mapping"),
        (b"format: 1\nid: caf\xe9\n", "not valid UTF-8"),
        ("a: &x [1]\nb: *x\n", "anchors and aliases"),
        ("a: 1\na: 2\n", "at a: error: duplicate key"),
        ("a: " + "[" * 5000 + "]" * 5000, "nest"),
    ],
)
def test_broken_files(tmp_path: Path, content: str | bytes, expected: str) -> None:
    """Broken YAML and encodings give one clear, located problem each."""
    found = problems(write(tmp_path, content))
    assert any(expected in p for p in found), found
    assert all(p.startswith(str(tmp_path)) for p in found)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    """A byte-order mark at the start is fine."""
    path = write(tmp_path, b"\xef\xbb\xbf" + MINI_TEXT.encode())
    assert load_pack(path).pack.id == "mini"


def test_yaml_boolean_surprise_is_explained(tmp_path: Path) -> None:
    """An unquoted `no` read as a boolean gets a hint to quote it."""
    found = problems(write(tmp_path, MINI_TEXT.replace("role: The lighthouse keeper.", "role: no")))
    assert any("characters[1].role" in p and "quote it" in p for p in found), found


def test_invalid_pack_through_the_cli(invoke: Invoke, tmp_path: Path) -> None:
    """The CLI prints the located problems on stderr, exits 2, and shows nothing of the pack."""
    path = write(tmp_path, MINI_TEXT.replace("at: 4, text: The keeper falls", "at: 44, text: The keeper falls"))
    result = invoke("recap", "--upto", "ending", "--pack", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "recap[5].at" in result.stderr and "Traceback" not in result.stderr
    assert "falls" not in result.stderr


@pytest.mark.parametrize("kind", ["folder", "missing", "loop"])
def test_bad_paths(invoke: Invoke, tmp_path: Path, kind: str) -> None:
    """A folder without pack.yaml, a missing file and a symlink loop: exit 2, one clear line."""
    target = tmp_path / "p"
    if kind == "folder":
        target.mkdir()
    elif kind == "loop":
        target.symlink_to(tmp_path / "p")
    result = invoke("levels", "--pack", str(target) + ("/pack.yaml" if kind == "missing" else ""))
    assert result.exit_code == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("cell211:")


def test_oversized_pack_is_refused(tmp_path: Path) -> None:
    """A pack above the size limit is refused before it is parsed."""
    path = tmp_path / "pack.yaml"
    with path.open("wb") as handle:
        handle.truncate(33 * 1024 * 1024)
    assert any("limited to" in p for p in problems(path))
