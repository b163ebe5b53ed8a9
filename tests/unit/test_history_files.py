"""`progress import FILE` refusing what is not a history, word for word: a folder, a named pipe, text that is
not UTF-8, a Trakt page that is not JSON or lacks an episode object. Each message names what is wrong and,
for a file of the wrong kind, every kind of file the command reads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import Invoke, fails_after

EXPECTED = (
    "expected one of: Netflix's NetflixViewingHistory.csv (Title,Date), ViewingActivity.csv from a Netflix data "
    "archive or that archive's ZIP, or a Trakt export (a ZIP of watched-history JSON files)"
)


def test_a_folder_is_refused_in_the_systems_words(mini: Invoke, tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    result = mini("progress", "import", str(tmp_path / "folder"))
    assert result.exit_code == 2
    assert result.stderr == f"cell211: {tmp_path / 'folder'}: cannot be read (is a folder)\n"


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(mini: Invoke, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    with fails_after(10):
        result = mini("progress", "import", str(tmp_path / "pipe"))
    assert result.exit_code == 2
    assert result.stderr == f"cell211: {tmp_path / 'pipe'}: cannot be read (not a regular file)\n"


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        (
            "h.csv",
            'Title,Date\n"Lighthouse: Limited Series: Arrivé","2/6/25"\n'.encode("latin-1"),
            "the file is not UTF-8 text",
        ),
        ("t.json", b'[{"type": "episode", ', "a Trakt history page is not valid JSON"),
        (
            "t.json",
            b'[{"type": "episode", "watched_at": "2025-02-01T20:00:00.000Z", "show": {"title": "Lighthouse"}}]',
            "a Trakt history episode has no 'episode' object",
        ),
    ],
)
def test_a_file_that_is_not_a_history_says_why_and_what_is_read(
    mini: Invoke, tmp_path: Path, name: str, content: bytes, problem: str
) -> None:
    (tmp_path / name).write_bytes(content)
    result = mini("progress", "import", str(tmp_path / name))
    assert result.exit_code == 2
    assert result.stderr == f"cell211: {problem}; {EXPECTED}\n"
