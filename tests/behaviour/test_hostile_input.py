"""Hostile input and hostile state: no hang, no crash (exit 3), no escape sequence, nothing lost.

Cases that need a real process (closed streams, pipes, FIFOs that could hang) run the installed entry
point with a timeout; the rest run in-process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cell211cli.pack import store as cache
from tests.helpers import MINI, Invoke, cli

MINI_TEXT = (MINI / "pack.yaml").read_text(encoding="utf-8")
HUGE = "9" * 5000
ESCAPES = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b]0;title\x07\x1b]8;;https://evil.example\x1b\\"


def pack_with(tmp_path: Path, old: str, new: str, csv: str | None = None) -> Path:
    assert old in MINI_TEXT, old
    folder = tmp_path / "pack"
    folder.mkdir(exist_ok=True)
    text = MINI_TEXT.replace(old, new, 1)
    if csv is not None:
        text = text.replace("sources:\n", "sources_table: sources.csv\nsources:\n", 1)
        (folder / "sources.csv").write_text(csv, encoding="utf-8")
    (folder / "pack.yaml").write_text(text, encoding="utf-8")
    return folder


# ── Hangs and memory ──


def test_dev_zero_as_pack_is_refused_at_once() -> None:
    """/dev/zero reports size 0 and never ends: refused as not a regular file, not read to gigabytes."""
    result = cli("recap", "--pack", "/dev/zero")
    assert result.returncode == 2 and "not a regular file" in result.stderr


@pytest.mark.parametrize("where", ["pack", "sources table", "cache entry"])
def test_fifo_anywhere_does_not_hang(tmp_path: Path, where: str) -> None:
    """A named pipe as the pack, its sources table or a cache entry: an answer at once, not a hang."""
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_STATE_HOME": str(tmp_path / "state")}
    folder = pack_with(tmp_path, "title: Lighthouse", "title: Lighthouse", csv="id,title,url,at\n")
    if where == "pack":
        (folder / "pack.yaml").unlink()
        os.mkfifo(folder / "pack.yaml")
    elif where == "sources table":
        (folder / "sources.csv").unlink()
        os.mkfifo(folder / "sources.csv")
    else:
        assert cli("recap", "--pack", str(folder), env=env).returncode == 0
        entry = next((tmp_path / "cache" / "cell211" / "packs").glob("*.json"))
        entry.unlink()
        os.mkfifo(entry)
    result = cli("recap", "--pack", str(folder), env=env)
    assert result.returncode == (0 if where == "cache entry" else 2), result.stderr
    assert "Traceback" not in result.stderr


def test_episodes_as_a_long_string_is_rejected_without_building_a_scale(invoke: Invoke, tmp_path: Path) -> None:
    """`episodes:` as a multi-megabyte string: a located type error, not a position per character."""
    text = MINI_TEXT.split("      episodes:\n")[0] + f"      episodes: {'x' * 2_000_000}\nsources: []\n"
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    result = invoke("levels", "--pack", str(path))
    assert result.exit_code == 2 and "show.seasons[0].episodes" in result.stderr


def test_too_many_episodes_is_an_error(invoke: Invoke, tmp_path: Path) -> None:
    """More episodes than any show has is refused with the limit, before positions are built."""
    episodes = "".join(f"        - {{number: {n}}}\n" for n in range(1, 10_002))
    text = MINI_TEXT.split("      episodes:\n")[0] + "      episodes:\n" + episodes
    path = tmp_path / "pack.yaml"
    path.write_text(text + MINI_TEXT.split("        - {number: 4, title: Keeper Falls, sources: [guide-4]}\n")[1])
    result = invoke("validate", str(path))
    assert result.exit_code == 2 and "at most 10,000 episodes" in result.stdout


# ── Crashes: each gets its own class's exit code, never 3 ──


def test_csv_field_longer_than_the_csv_default_limit(invoke: Invoke, tmp_path: Path) -> None:
    """A 200,000-character title in sources.csv is read (within the pack size limit), not a crash."""
    csv = f"id,title,url,at\nlong,{'T' * 200_000},,1\n"
    cited_guide, cited_long = "sources: [guide-1]}\n        - {number: 2", "sources: [long]}\n        - {number: 2"
    folder = pack_with(tmp_path, cited_guide, cited_long, csv)
    shutil.copy(MINI / "es.yaml", folder / "es.yaml")  # the pack is valid: exit 0, not "0 or 2"
    result = invoke("validate", str(folder))
    assert result.exit_code == 0, result.stdout
    assert "valid (0 error(s)" in result.stdout and "unexpected" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["recap", "--upto", HUGE],
        ["recap", "--upto", f"s{HUGE}e1"],
        ["recap", "--upto", "3", "--episode", HUGE],
        ["recap", "--upto", "3", "--from", f"e{HUGE}"],
        ["progress", HUGE],
        ["progress", f"{HUGE}x{HUGE}"],
    ],
)
def test_huge_numbers_on_the_command_line(mini: Invoke, args: list[str]) -> None:
    """Numbers of thousands of digits are unknown positions (exit 2), with the value shortened."""
    result = mini(*args)
    assert result.exit_code == 2 and "unknown position" in result.stderr
    assert len(result.stderr) < 1000


def test_huge_number_in_the_environment(mini: Invoke) -> None:
    """CELL211_UPTO with thousands of digits: exit 2."""
    assert mini("recap", env={"CELL211_UPTO": HUGE}).exit_code == 2


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("year: 2024", f"year: {HUGE}"),
        ("{id: e1-1, at: 1,", f"{{id: e1-1, at: {HUGE},"),
        ("{id: e1-1, at: 1,", f'{{id: e1-1, at: "{HUGE}",'),
        ("{number: 2, title", f"{{number: {HUGE}, title"),
        ("{number: 2, title", f'{{number: "{HUGE}", title'),
        ("format: 1", f"format: {HUGE}"),
    ],
)
def test_huge_numbers_in_a_pack(invoke: Invoke, tmp_path: Path, old: str, new: str) -> None:
    """A number of thousands of digits anywhere in a pack is a located error, exit 2."""
    folder = pack_with(tmp_path, old, new)
    result = invoke("validate", str(folder))
    assert result.exit_code == 2, result.stdout
    assert "unexpected" not in result.stderr


def test_closed_stdout() -> None:
    """`cell211 recap >&-`: a message on stderr and exit 2, no traceback."""
    result = cli("recap", "--upto", "2", stdout=None, close_fds=True, preexec_fn=lambda: os.close(1))
    assert result.returncode == 2 and "standard output is closed" in result.stderr


def test_ascii_only_output_encoding() -> None:
    """PYTHONIOENCODING=ascii: accents print as '?', not a crash."""
    result = cli("characters", "--upto", "3", "--format", "plain", env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    assert "G?ndara" in result.stdout


@pytest.mark.parametrize("output_format", ["rich", "plain", "markdown", "json"])
def test_closed_pipe_exits_zero_in_every_format(output_format: str) -> None:
    """`| head -1`: every format stops quietly with exit 0 (not 1, 'nothing found'), no traceback."""
    env = {**os.environ, "FORCE_COLOR": "1", "COLUMNS": "60"}
    command = [sys.executable, "-m", "cell211cli", "recap", "--upto", "ending", "--format", output_format]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.readline()
        process.stdout.close()
        stderr = process.stderr.read().decode()
        assert process.wait(timeout=60) == 0, stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr


def test_closed_pipe_during_help() -> None:
    """Help piped into a reader that stops early also exits 0."""
    command = [sys.executable, "-m", "cell211cli", "recap", "--help"]
    env = {**os.environ, "COLUMNS": "40"}
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.read(10)
        process.stdout.close()
        assert process.wait(timeout=60) == 0, process.stderr.read()


# ── Injection: what came from a file or a path is cleaned ──


def test_escape_sequences_in_yaml_keys_do_not_reach_the_terminal(invoke: Invoke, tmp_path: Path) -> None:
    """An unknown key holding escape sequences appears in the error path without them."""
    yaml_escapes = "\\e]52;c;ZXZpbA==\\a\\e[2J\\e]0;title\\a\\nforged"  # YAML's own escapes for ESC, BEL, LF
    folder = pack_with(tmp_path, "  network: Testflix\n", f'  network: Testflix\n  "{yaml_escapes}": 1\n')
    for command in (["recap", "--pack", str(folder)], ["validate", str(folder)]):
        result = invoke(*command)
        text = result.stdout + result.stderr
        assert result.exit_code == 2 and "unknown field" in text, text
        assert "\x1b" not in text and "\x07" not in text and "\nforged" not in text


def test_escape_sequences_in_a_path_and_sources_table(invoke: Invoke, tmp_path: Path) -> None:
    """A pack path or sources_table name with escapes and newlines is printed cleaned, on one line."""
    odd = tmp_path / f"pack{ESCAPES}\nforged line.yaml"
    result = invoke("recap", "--pack", str(odd))
    assert result.exit_code == 2 and "\x1b" not in result.stderr and result.stderr.count("\n") == 1
    folder = pack_with(tmp_path, "sources:\n", f'sources_table: "missing{ESCAPES}.csv"\nsources:\n')
    result = invoke("recap", "--pack", str(folder))
    assert result.exit_code == 2 and "\x1b" not in result.stderr and "\x07" not in result.stderr


def test_installed_pack_folder_names_are_cleaned(invoke: Invoke) -> None:
    """`cell211 packs` never prints an installed folder name raw, and JSON stays valid UTF-8."""
    from cell211cli.pack.discovery import user_packs_dir

    for name in (f"evil{ESCAPES}", os.fsdecode(b"latin1-\xe9t\xe9")):
        folder = user_packs_dir() / name
        folder.mkdir(parents=True)
        (folder / "pack.yaml").write_text(MINI_TEXT, encoding="utf-8")
    plain = invoke("packs")
    assert plain.exit_code == 0 and "\x1b" not in plain.stdout and "\x07" not in plain.stdout
    listing = subprocess.run(
        [sys.executable, "-m", "cell211cli", "packs", "--format", "json"],
        capture_output=True,
        timeout=60,
        env=dict(os.environ),
    )
    assert listing.returncode == 0
    packs = json.loads(listing.stdout.decode("utf-8"))["packs"]
    assert not any("\x1b" in pack["id"] or "\udce9" in pack["path"] for pack in packs)


def test_newlines_inside_single_line_fields_cannot_forge_lines(invoke: Invoke, tmp_path: Path) -> None:
    """A character name with a newline stays on its own line in every text format."""
    folder = pack_with(tmp_path, "name: Ana\n", 'name: "Ana\\n  - forged item"\n')
    for output_format in ("plain", "markdown", "rich"):
        out = invoke("characters", "--upto", "1", "--pack", str(folder), "--format", output_format).stdout
        assert not any(line.lstrip().startswith(("- forged", "• forged")) for line in out.splitlines()), out


def test_markdown_links_and_block_markers_are_neutralised(invoke: Invoke, tmp_path: Path) -> None:
    """A URL cannot end its link and leave live HTML; javascript: is never a link; no pack-made blocks."""
    folder = pack_with(
        tmp_path,
        '{id: guide, title: Episode guide, at: premise, url: "https://example.org/guide"}',
        '{id: guide, title: "1. Episode guide", at: premise,'
        ' url: "https://example.org/a>)<img src=x onerror=alert(1)>"}',
    )
    text = (folder / "pack.yaml").read_text(encoding="utf-8")
    text = text.replace('url: "https://example.org/news"', 'url: "javascript:alert(1)"')
    text = text.replace("text: A keeper tends a remote lighthouse.", 'text: "# Heading? + item = line"')
    (folder / "pack.yaml").write_text(text, encoding="utf-8")
    out = invoke("facts", "true-story", "--pack", str(folder), "--format", "markdown").stdout
    out += invoke("recap", "--pack", str(folder), "--format", "markdown").stdout
    assert "<img" not in out and "](javascript" not in out and "(<javascript" not in out
    assert "%3Cimg%20src=x%20onerror=alert(1)%3E>)" in out
    assert "\\# Heading? + item = line" in out
    assert "[1. Episode guide](<https" in out and "News report: javascript:alert" in out


# ── Nothing lost: a malformed sources table is an error with its line ──


@pytest.mark.parametrize(
    ("csv", "line", "message"),
    [
        ("id,title,url,at\nguide,Guide,https://example.org,premise,extra\n", 2, "has 5 fields"),
        ("id,title,url,at\nguide,Guide\n", 2, "has 2 fields"),
        ('id,title,url,at\nguide,"Guide,https://example.org,premise\nnews,News,,premise\n', 3, "invalid CSV"),
        ("id,title,url\nguide,Guide,https://example.org\n", 1, "first row must name the columns"),
    ],
)
def test_malformed_sources_table_rows_are_errors(
    invoke: Invoke, tmp_path: Path, csv: str, line: int, message: str
) -> None:
    """A row with the wrong number of fields or an unclosed quote is reported on its line, exit 2."""
    folder = tmp_path / "pack"
    folder.mkdir()
    text = MINI_TEXT.split("sources:\n")[0] + "sources_table: sources.csv\nrecap:\n" + MINI_TEXT.split("recap:\n")[1]
    (folder / "pack.yaml").write_text(text, encoding="utf-8")
    (folder / "sources.csv").write_text(csv, encoding="utf-8")
    report = json.loads(invoke("validate", str(folder), "--format", "json").stdout)
    assert not report["valid"]
    found = [p for p in report["problems"] if message in p["message"]]
    assert found and found[0]["line"] == line and found[0]["file"].endswith("sources.csv"), report["problems"]


def test_cache_never_unpickles(tmp_path: Path, invoke: Invoke) -> None:
    """The cache module has no pickle left in it to load."""
    assert "pickle" not in Path(cache.__file__).read_text(encoding="utf-8")
