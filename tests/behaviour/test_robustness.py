"""Bad input, tried: every case is one clear message naming the file, exit 2, no traceback, no pack text."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import MINI, Invoke

MINI_TEXT = (MINI / "pack.yaml").read_text(encoding="utf-8")
BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


def run_on(invoke: Invoke, tmp_path: Path, content: bytes) -> tuple[int, str, str]:
    path = tmp_path / "pack.yaml"
    path.write_bytes(content)
    result = invoke("recap", "--upto", "ending", "--pack", str(path))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"format: 1\nid: [oops\n", "invalid YAML"),
        (b"format: 1\nshow:\n\ttitle: x\n", "tabs"),
        (b"", "is empty"),
        (b"- format: 1\n", "must be a mapping"),
        (b"format: 1\nid: caf\xe9\n", "not valid UTF-8"),
        (MINI_TEXT.replace("Ana", "Ána").encode("latin-1"), "not valid UTF-8"),
        (MINI_TEXT.replace("year: 2024", "year: [2024]").encode(), "show.year"),
        (MINI_TEXT.replace("  title: Lighthouse\n", "").encode(), "show.title: error: required field is missing"),
        (MINI_TEXT.replace("network: Testflix", "network: Testflix\n  channel: 4").encode(), "unknown field"),
        (MINI_TEXT.replace("id: inspector", "id: ana").encode(), "duplicate character id"),
        (
            MINI_TEXT.replace("at: 4, text: The keeper falls", "at: S02E01, text: The keeper falls").encode(),
            "recap[5].at",
        ),
        (("a:\n" + "  - " * 3000 + "x\n").encode(), "invalid YAML"),
        (BILLION_LAUGHS.encode(), "anchors and aliases"),
    ],
)
def test_broken_pack_is_one_clear_error(invoke: Invoke, tmp_path: Path, content: bytes, expected: str) -> None:
    """Exit 2, an error naming the file and place, nothing on stdout, no traceback, no pack prose."""
    code, stdout, stderr = run_on(invoke, tmp_path, content)
    assert code == 2
    assert stdout == ""
    assert expected in stderr, stderr
    assert str(tmp_path / "pack.yaml") in stderr
    assert "Traceback" not in stderr
    assert "falls from the gallery" not in stderr and "lighthouse with a letter" not in stderr


def test_one_problem_is_one_line(invoke: Invoke, tmp_path: Path) -> None:
    """A single problem prints as a single line."""
    _, _, stderr = run_on(invoke, tmp_path, b"")
    assert stderr.count("\n") == 1 and stderr.startswith("cell211: invalid recap pack: ")


def test_utf8_bom_is_accepted(invoke: Invoke, tmp_path: Path) -> None:
    """A UTF-8 byte-order mark is fine."""
    code, stdout, _ = run_on(invoke, tmp_path, b"\xef\xbb\xbf" + MINI_TEXT.encode())
    assert code == 0 and "Keeper Falls" in stdout


def test_fifty_megabyte_pack_is_refused_without_reading_it(invoke: Invoke, tmp_path: Path) -> None:
    """Above the documented 32 MiB limit the pack is refused from its size alone."""
    path = tmp_path / "pack.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    result = invoke("levels", "--pack", str(path))
    assert result.exit_code == 2 and "limited to 33,554,432 bytes" in result.stderr


def test_unreadable_pack(invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pack the user may not read: exit 2 with the reason."""
    path = tmp_path / "pack.yaml"
    path.write_text(MINI_TEXT, encoding="utf-8")

    def refuse(path: Path, limit: int, follow_links: bool = True) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("cell211cli.files.read_limited", refuse)
    result = invoke("levels", "--pack", str(path))
    assert result.exit_code == 2 and "cannot be read: Permission denied" in result.stderr


def test_sources_table_must_stay_inside_the_pack(invoke: Invoke, tmp_path: Path) -> None:
    """A sources_table that climbs out of the pack folder is refused."""
    path = tmp_path / "pack.yaml"
    path.write_text(MINI_TEXT.replace("sources:\n", "sources_table: ../../etc/passwd\nsources:\n", 1), encoding="utf-8")
    result = invoke("levels", "--pack", str(path))
    assert result.exit_code == 2 and "inside the pack's folder" in result.stderr


def test_broken_pack_errors_do_not_quote_pack_content(invoke: Invoke, tmp_path: Path) -> None:
    """A viewer of a mis-authored pack is not told the name it leaks; `validate` tells the author."""
    text = MINI_TEXT.replace("text: Ana arrives at the lighthouse with", "text: Bruno watches Ana arrive with")
    code, _, stderr = run_on(invoke, tmp_path, text.encode())
    assert code == 2 and "not revealed until S01E03" in stderr
    assert "bruno" not in stderr.lower()
    detailed = invoke("validate", str(tmp_path / "pack.yaml"))
    assert "'bruno'" in detailed.stdout
