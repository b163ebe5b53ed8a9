"""Hostile and large history files: archive bombs, huge directories, long lines, a family's 100,000-row
history, and a fuzz of every history format. Each gives a result or a clear usage error, in bounded time and
memory.

The fuzz runs a few hundred mutants; a long run (the count it tried is printed with ``-s``):

    CELL211_FUZZ_LONG=1 .venv/bin/python -m pytest tests/test_history_hostile.py -q -s -k fuzz
"""

from __future__ import annotations

import io
import json
import os
import random
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cell211cli.cli.full_app import app
from cell211cli.errors import BadUsage, NotFound
from cell211cli.viewer.history.reading import read_history
from cell211cli.viewer.history.streams import MAX_HISTORY_BYTES, NotAHistory
from tests.helpers import fails_after
from tests.history_helpers import HEADER, PACK, TOWER, archive, episode, quick, trakt, view

ROOT = Path(__file__).parents[2]


def zipped(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", compression) as archive_file:
        for name, data in entries.items():
            archive_file.writestr(name, data)
    return content.getvalue()


def read(content: bytes) -> object:
    return read_history(io.BytesIO(content), TOWER, None, None)


# ── Archives ──


def test_entries_are_found_by_name_and_only_those_are_read() -> None:
    """Bombs under other names are never decompressed: only ViewingActivity.csv is."""
    bomb = zlib_bomb_entry()
    entries = {f"netflix-report/OTHER/bomb-{index}.csv": bomb for index in range(50)}
    entries["netflix-report/CONTENT_INTERACTION/ViewingActivity.csv"] = archive(view(1, "02-06 21:00", "0:44:00"))
    content = zipped(entries)
    start = time.perf_counter()
    report = read(content)
    assert time.perf_counter() - start < 2
    assert report.finished == {1}  # type: ignore[attr-defined]


def zlib_bomb_entry() -> bytes:
    return b"[" + b" " * (8 * 1024 * 1024) + b"]"


def test_pages_that_decompress_past_the_budget_are_refused() -> None:
    """Trakt pages of 8 MiB of white space each: together over the budget, refused once it is spent."""
    content = zipped({f"watched-history-{index}.json": zlib_bomb_entry() for index in range(20)})
    assert len(content) < 1024 * 1024
    start = time.perf_counter()
    with pytest.raises(NotAHistory, match="too large"):
        read(content)
    assert time.perf_counter() - start < 10


@pytest.mark.parametrize("compression", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_entries_compressed_without_a_bounded_reader_are_refused(compression: int) -> None:
    content = zipped({"ViewingActivity.csv": archive(view(1, "02-06 21:00", "0:44:00"))}, compression)
    expected = "ViewingActivity.csv in the ZIP is compressed in a way cell211 does not read (only deflate); re-zip it"
    with pytest.raises(NotAHistory) as refused:
        read(content)
    assert str(refused.value) == expected


def test_a_zip_directory_of_many_entries_is_refused_before_it_is_parsed() -> None:
    content = zipped(
        {f"folder/entry-with-a-long-name-{index:07d}.txt": b"" for index in range(60_000)}, zipfile.ZIP_STORED
    )
    with pytest.raises(NotAHistory) as refused:
        read(content)
    assert str(refused.value) == "the ZIP's directory is over 4 MiB; " + _expected()


# ── Text ──


def test_a_line_past_the_limit_is_refused() -> None:
    with pytest.raises(NotAHistory, match="line"):
        read(b"Title,Date\n" + b"x" * (1024 * 1024) + b"\n")


def test_a_title_past_a_sane_length_is_no_episode() -> None:
    title = "The Tower: Limited Series: " + "Arrival:" * 200 + " (Episode 1)"
    report = read(quick((title, "2/6/25"), ("The Tower: Limited Series: Arrival", "2/5/25")))
    assert report.begun == {1} and report.unmatched_count == 0  # type: ignore[attr-defined]


def test_a_history_over_the_limit_is_refused_without_holding_it(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("wb") as file:
        file.write(b"Title,Date\n")
        file.truncate(MAX_HISTORY_BYTES + 1024)
    with pytest.raises(NotAHistory, match=r"^over 64 MiB, too large for a viewing history$"):
        read_history(path, TOWER, None, None)


def test_a_fifo_or_a_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BadUsage, match="cannot be read"):
        read_history(tmp_path, TOWER, None, None)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(BadUsage, match="not a regular file"), fails_after(10):
        read_history(fifo, TOWER, None, None)


# ── A family's history: 100,000 rows ──


def family_history(rows: int) -> bytes:
    """``rows`` rows of five profiles; Ana watched episodes 1-6 of the show once a week among other shows."""
    lines = [HEADER]
    for index in range(rows):
        if index % 1000 == 0 and index // 1000 < 6:
            episode = index // 1000 + 1
            lines.append(view(episode, f"03-{episode + 10:02d} 21:00", "0:39:00" if episode < 6 else "0:20:00"))
        else:
            day = f"{1 + index % 12:02d}-{1 + index % 28:02d} 20:{index % 60:02d}"
            title = f"Some Other Show: Season {index % 9}: A Long Episode Title Number {index} (Episode {index % 20})"
            lines.append(view(1, day, "0:41:10", profile=f"Profile{index % 5}", autoplayed=True, title=title))
    return ("\n".join(lines) + "\n").encode()


def test_a_100000_row_history_imports_correctly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("XDG_STATE_HOME", "XDG_CACHE_HOME", "HOME"):
        monkeypatch.setenv(name, str(tmp_path / name))
    path = tmp_path / "ViewingActivity.csv"
    path.write_bytes(family_history(100_000))
    assert 14_000_000 < path.stat().st_size < MAX_HISTORY_BYTES
    result = CliRunner().invoke(app, ["progress", "import", str(path), "--pack", str(PACK), "--profile", "Ana"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "saved: finished episode 5\n"
    assert "episodes 1-5 finished: followed by a later episode; episode 6 begun: 20:00" in result.stderr


MEMORY_SCRIPT = """
import resource, sys
from pathlib import Path
from cell211cli.viewer.history.reading import read_history
from tests.history_helpers import TOWER
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
read_history(Path(sys.argv[1]), TOWER, "Ana", None)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
"""


def test_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    """Reading 60 MiB costs no more memory than reading 6 (the rows of the show are what is kept)."""
    grown = []
    for rows in (30_000, 300_000):
        path = tmp_path / f"{rows}.csv"
        path.write_bytes(family_history(rows))
        output = subprocess.run(
            [sys.executable, "-c", MEMORY_SCRIPT, str(path)], cwd=ROOT, capture_output=True, text=True, check=True
        )
        grown.append(int(output.stdout))
    assert grown[1] < 32 * 1024 and grown[1] < grown[0] + 16 * 1024  # KiB


# ── Fuzz ──

LONG = os.environ.get("CELL211_FUZZ_LONG") == "1"
MUTANTS = int(os.environ.get("CELL211_FUZZ_MUTANTS", "20000" if LONG else "300"))
SEED = int(os.environ.get("CELL211_FUZZ_SEED", "0"))
SECONDS_PER_MUTANT = 5.0
MAX_RSS_KIB = 1024 * 1024

SEEDS: dict[str, bytes] = {
    "quick": quick(
        ("The Tower: Limited Series: Arrival", "2/6/25"),
        ("La Torre: Serie limitada: La Escalera", "7/2/25"),
        ("The Tower: Limited Series: Episode 4", "2/9/25"),
        ("Another: Season 1: Pilot", "2/10/25"),
    ),
    "activity": archive(
        view(1, "02-06 21:00", "0:38:00"),
        view(2, "02-06 21:40", "0:12:00", profile="Bruno"),
        view(2, "02-07 21:40", "0:40:00"),
        view(3, "02-07 22:30", "0:00:09", autoplayed=True),
        view(3, "02-07 22:31", "0:01:00", supplemental="HOOK"),
    ),
    "trakt": trakt(
        {
            "type": "episode",
            "watched_at": "2025-02-06T20:00:00.000Z",
            "show": {"title": "La Torre"},
            "episode": {"season": 1, "number": 1},
        },
        {"type": "movie", "movie": {"title": "La Torre"}},
    ),
}
SEEDS["activity.zip"] = zipped({"netflix-report/CONTENT_INTERACTION/ViewingActivity.csv": SEEDS["activity"]})
SEEDS["trakt.zip"] = zipped({"watched-history-1.json": SEEDS["trakt"], "watched-history-2.json": b"[]"})

TOKENS = [
    b":",
    b'"',
    b",",
    b";",
    b"\n",
    b"\r",
    b"\x00",
    b"\xff",
    b"[",
    b"]",
    b"{",
    b"}",
    b"null",
    b'"x"',
    b"[1]",
    b"1e999",
    b"-1",
    b"99999999999999999999",
    b"(Episode 0)",
    b"(Episode 9999)",
    b"Autoplayed",
    b"PK\x03\x04",
    b"\xef\xbb\xbf",
    b"The Tower:",
    b"0:99:99",
    b"HOOK",
    b" " * 100,
    b"[" * 5000,
]


def _mutate(data: bytes, rng: random.Random) -> bytes:
    buffer = bytearray(data)
    for _step in range(rng.randint(1, 4)):
        where = rng.randrange(len(buffer) + 1)
        kind = rng.randrange(7)
        if kind == 0 and buffer:
            buffer[min(where, len(buffer) - 1)] = rng.randrange(256)
        elif kind == 1:
            buffer[where:where] = rng.choice(TOKENS)
        elif kind == 2:
            del buffer[where : where + rng.randint(1, 40)]
        elif kind == 3:
            end = min(len(buffer), where + rng.randint(1, 200))
            buffer[where:where] = buffer[where:end] * rng.randint(2, 50)
        elif kind == 4:
            buffer = buffer[:where]
        elif kind == 5:
            buffer[where:where] = rng.choice(TOKENS) * rng.randint(100, 20000)
        else:
            lines = bytes(buffer).split(b"\n")
            rng.shuffle(lines)
            buffer = bytearray(b"\n".join(lines))
    return bytes(buffer)


def _mutant(rng: random.Random) -> tuple[str, bytes]:
    name = rng.choice(sorted(SEEDS))
    if name.endswith(".zip") and rng.random() < 0.7:
        inner = "activity" if name.startswith("activity") else "trakt"
        entry = (
            "netflix-report/CONTENT_INTERACTION/ViewingActivity.csv"
            if inner == "activity"
            else "watched-history-1.json"
        )
        compression = rng.choice([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED, zipfile.ZIP_BZIP2])
        return name, zipped({entry: _mutate(SEEDS[inner], rng)}, compression)
    return name, _mutate(SEEDS[name], rng)


def _json_wrong_types(rng: random.Random) -> bytes:
    item: dict[str, object] = {"type": "episode", "show": {"title": "La Torre"}, "episode": {"season": 1, "number": 1}}
    key = rng.choice(["show", "episode", "type", "watched_at"])
    item[key] = rng.choice(["x", [1], 1, None, True, {"title": ["La Torre"]}, {"season": "1", "number": 1.0}])
    return json.dumps([item]).encode()


def test_fuzz_every_history_format() -> None:
    """Every mutant gives a result, a usage error or nothing-found, never another exception, each in bounded time."""
    rng = random.Random(SEED)
    outcomes = {"result": 0, "usage": 0}
    slowest = 0.0
    for number in range(MUTANTS):
        name, content = ("trakt-types", _json_wrong_types(rng)) if number % 10 == 9 else _mutant(rng)
        start = time.perf_counter()
        try:
            read(content)
            outcomes["result"] += 1
        except (BadUsage, NotFound):
            outcomes["usage"] += 1
        except Exception as error:
            path = Path(os.environ.get("TMPDIR", "/tmp")) / f"cell211-fuzz-{SEED}-{number}"
            path.write_bytes(content)
            pytest.fail(f"mutant {number} of {name} ({path}): {type(error).__name__}: {error}")
        slowest = max(slowest, time.perf_counter() - start)
        assert time.perf_counter() - start < SECONDS_PER_MUTANT, f"mutant {number} of {name} too slow"
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < MAX_RSS_KIB
    print(f"\nfuzz: {MUTANTS} mutants (seed {SEED}): {outcomes}, slowest {slowest:.2f} s")


def test_the_command_maps_every_history_error_to_a_documented_exit(tmp_path: Path) -> None:
    """Through the real entry point: exit 0, 1 or 2, never 3, for a sample of mutants."""
    rng = random.Random(SEED + 1)
    env = {"XDG_STATE_HOME": str(tmp_path / "s"), "XDG_CACHE_HOME": str(tmp_path / "c"), "HOME": str(tmp_path)}
    path = tmp_path / "history"
    arguments = ["progress", "import", str(path), "--pack", str(PACK), "--dry-run"]
    for _number in range(30):
        path.write_bytes(_mutant(rng)[1])
        result = CliRunner().invoke(app, arguments, env=env)
        assert result.exit_code in (0, 1, 2), result.stderr
        assert "unexpected" not in result.stderr


def _entry_data_at(content: bytes) -> int:
    """Where the first entry's compressed data begins in a ZIP written by ``zipped``."""
    name_length, extra_length = int.from_bytes(content[26:28], "little"), int.from_bytes(content[28:30], "little")
    return 30 + name_length + extra_length


@pytest.mark.parametrize("broken", ["data", "header"])
def test_a_zip_broken_inside_says_so_with_the_reason(broken: str) -> None:
    """Compressed data that fails its check as it is read, or an entry whose own header is not one: "the
    ZIP cannot be read", with zipfile's reason."""
    history = archive(*(view(1, "02-06 21:00", "0:44:00") for _ in range(50)))
    content = bytearray(zipped({"ViewingActivity.csv": history}))
    if broken == "data":
        content[_entry_data_at(content) + 5] ^= 0xFF
    else:
        content[30] = ord("W")  # the entry's own header names another file than the directory does
    with pytest.raises(NotAHistory) as refused:
        read(bytes(content))
    message = str(refused.value)
    assert message.startswith("the ZIP cannot be read (") and message.endswith(")") and "None" not in message


def test_a_zip_of_exactly_the_largest_size_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The limit is on what is over it: an archive of exactly ``MAX_ARCHIVE_BYTES`` (made so with a comment)
    is read."""
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as archive_file:
        archive_file.writestr("ViewingActivity.csv", archive(view(1, "02-06 21:00", "0:44:00")))
        archive_file.comment = b"x" * 100
    path = tmp_path / "netflix-report.zip"
    path.write_bytes(content.getvalue())
    monkeypatch.setattr("cell211cli.viewer.history.streams.MAX_ARCHIVE_BYTES", path.stat().st_size)
    assert read_history(path, TOWER, None, None).finished == {1}
    monkeypatch.setattr("cell211cli.viewer.history.streams.MAX_ARCHIVE_BYTES", path.stat().st_size - 1)
    with pytest.raises(NotAHistory):
        read_history(path, TOWER, None, None)


def _expected() -> str:
    from cell211cli.viewer.history.streams import EXPECTED

    return EXPECTED


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Name,Rating\nThe Tower,5\n", "this is not a viewing history cell211 can read; "),
        (b"Start Time,Title\n2025-02-06,The Tower\n", "this is not a viewing history cell211 can read; "),
        (b'Title,Date\n"' + b"x" * 70_000 + b'\n",1/1/25\n', "a line is over 65,536 characters long; "),
        (b'Title,Date\n"' + b"x\n" * 40_000 + b'",1/1/25\n', "a row is over 65,536 characters long; "),
        (zipped({"ratings.csv": b"x"}), "the ZIP holds no ViewingActivity.csv and no watched-history JSON; "),
    ],
    ids=["other-csv", "start-time-alone", "long-line", "long-row", "zip-without-history"],
)
def test_each_unreadable_file_says_why_and_what_is_expected(content: bytes, message: str) -> None:
    with pytest.raises(NotAHistory) as refused:
        read(content)
    assert str(refused.value) == message + _expected()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"PK\x03\x04" + b"\x00" * 40, "the ZIP cannot be read (File is not a zip file)"),
    ],
    ids=["zip"],
)
def test_a_file_broken_inside_gives_the_readers_reason(content: bytes, reason: str) -> None:
    with pytest.raises(NotAHistory) as refused:
        read(content)
    assert str(refused.value) == reason


def test_a_read_error_is_reported_in_the_systems_words() -> None:
    from cell211cli.viewer.history.streams import Budget, text_reader

    class Failing(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: object) -> int:
            raise OSError(5, "Input/output error")

    with pytest.raises(NotAHistory) as refused:
        text_reader(Failing(), Budget()).read()  # type: ignore[arg-type]
    assert str(refused.value) == "the file cannot be read (Input/output error)"


def test_the_budget_allows_exactly_its_limit() -> None:
    from cell211cli.viewer.history.streams import Budget

    budget = Budget(10)
    budget.spend(10)
    with pytest.raises(NotAHistory):
        budget.spend(1)


def test_a_line_of_exactly_the_longest_length_is_read() -> None:
    title = "The Tower: Limited Series: Arrival"
    line = f'"{title}","2/6/25"'.ljust(65_535) + "\n"
    assert read(b"Title,Date\n" + line.encode()).begun == {1}  # type: ignore[attr-defined]


def test_a_text_history_of_exactly_the_largest_size_is_not_refused_as_too_large(tmp_path: Path) -> None:
    path = tmp_path / "exact.csv"
    with path.open("wb") as file:
        file.write(b"Title,Date\n")
        file.truncate(MAX_HISTORY_BYTES)
    with pytest.raises(NotAHistory) as refused:
        read_history(path, TOWER, None, None)
    assert "too large" not in str(refused.value)


def test_an_archive_zip_reads_the_content_interaction_activity_first() -> None:
    """A Netflix archive lists ViewingActivity.csv under CONTENT_INTERACTION; another copy elsewhere in the
    ZIP (at any depth) is read only when that one is missing."""
    full = archive(*(view(n, f"02-0{n + 5} 21:00", "0:44:00") for n in (1, 2, 3)))
    content = zipped(
        {
            "netflix-report/A_COPY/ViewingActivity.csv": archive(view(1, "02-06 21:00", "0:44:00")),
            "netflix-report/CONTENT_INTERACTION/ViewingActivity.csv": full,
        }
    )
    assert read(content).finished == {1, 2, 3}  # type: ignore[attr-defined]


def test_a_trakt_zip_reads_only_its_watched_history_pages() -> None:
    content = zipped({"lists.json": b'{"name": "Favourites"}', "watched-history-1.json": trakt(episode(1))})
    assert read(content).finished == {1}  # type: ignore[attr-defined]
