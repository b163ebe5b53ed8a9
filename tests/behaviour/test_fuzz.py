"""Fuzz harness: mutate a valid pack and run the real entry point on every mutant.

Each mutant is the mini fixture pack, with its sources moved to a ``sources.csv``, changed in one to three
ways: bytes, lines, YAML values and types, Unicode oddities, CSV rows. Every command run on a mutant must
exit 0, 1 or 2, print no traceback and no "unexpected error", and finish within a time and memory bound.

CI runs a small derandomised set. A long run (see the README):

    CELL211_FUZZ_MUTANTS=2000 CELL211_FUZZ_SEED=7 .venv/bin/python -m pytest tests/behaviour/test_fuzz.py -q

A failing mutant's files are kept in pytest's temporary folder; the failure names the folder and the mutations.
"""

from __future__ import annotations

import csv
import io
import os
import random
import re
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.helpers import MINI

MUTANTS = int(os.environ.get("CELL211_FUZZ_MUTANTS", "40"))
SEED = int(os.environ.get("CELL211_FUZZ_SEED", "0"))
TIME_LIMIT_SECONDS = 30
MEMORY_LIMIT_BYTES = 1536 * 1024 * 1024

COMMANDS: list[tuple[str, ...]] = [
    ("recap", "--upto", "ending", "--format", "json"),
    ("recap", "--upto", "2", "--format", "rich", "--no-pager"),
    ("recap", "--upto", "3", "--format", "markdown", "--brief"),
    ("characters", "--upto", "ending", "--format", "plain"),
    ("characters", "tomas", "--upto", "3"),
    ("facts", "true-story", "--upto", "4", "--format", "json"),
    ("search", "keeper", "--upto", "ending"),
    ("levels", "--upto", "ending"),
]

# Raw YAML tokens put in place of a scalar: wrong types, numbers read as written, tags, anchors, nesting.
YAML_TOKENS = [
    "9" * 5000,
    "-1",
    "0",
    "010",
    "0x1F",
    "1e999",
    ".inf",
    "~",
    "true",
    "[]",
    "{}",
    "''",
    "!!python/object/apply:os.system ['true']",
    "!!binary aGVsbG8=",
    "&anchor x",
    "*anchor",
    "[" * 3000 + "]" * 3000,
    "{a: " * 500 + "b" + "}" * 500,
    '"\\x1b]52;c;ZXZpbA==\\x07\\x1b[2J"',
    '"\\u202eevil\\u2066"',
    '"line one\\nline two\\r\\n- forged"',
    "ending",
    "premise",
    "S01E99",
    "e0",
    "episode-3",
    "midseason",
    "guide",
    "x" * 100_000,
]

# Text inserted into the file as written: invisible and control characters, invalid UTF-8, markup.
ODDITIES = [
    "\u00ad",
    "\u200b",
    "\u2060",
    "\ufeff",
    "\u202e",
    "\u2028",
    "\U000e0041",
    "\u0301" * 64,
    "\x00",
    "\x1b[31m",
    "\x1b]8;;https://evil.example\x1b\\",
    "\t",
    "\r",
    "<img src=x onerror=alert(1)>",
    "](javascript:alert(1))",
    "#",
    "\n- ",
    "ﬁ",
    "Ǆ",
    "\U0001f600",
]
CSV_HEADERS = ["", "id,title", "title,id,url,at", "id,title,url,at,publisher,extra", "\ufeffid,title,url,at"]
INVALID_UTF8 = [b"\xff", b"\xed\xa0\x80", b"\xc3", b"\xe9t\xe9", b"\xf4\x90\x80\x80"]


def base_pack() -> tuple[str, str]:
    """The mini pack with its sources moved to a CSV table: (pack.yaml text, sources.csv text)."""
    data = yaml.safe_load((MINI / "pack.yaml").read_text(encoding="utf-8"))
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerow(["id", "title", "url", "at"])
    for source in data.pop("sources"):
        writer.writerow([source["id"], source["title"], source["url"], source["at"]])
    data["sources_table"] = "sources.csv"
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000), table.getvalue()


# ── Mutations: each takes the file's bytes and a random source and returns new bytes ──

Mutation = Callable[[bytes, random.Random], bytes]


def flip_bytes(content: bytes, rng: random.Random) -> bytes:
    data = bytearray(content)
    for _ in range(rng.randint(1, 8)):
        if data:
            data[rng.randrange(len(data))] = rng.choice([0, 0x1B, 0x22, 0x27, 0x3A, 0x2D, 0x5B, 0x7B, 0xFF, 0x0A])
    return bytes(data)


def splice_bytes(content: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(content) + 1)
    end = min(len(content), start + rng.randint(0, 40))
    inserted = content[rng.randrange(len(content)) :][: rng.randint(0, 40)] if rng.random() < 0.5 else b""
    return content[:start] + inserted + content[end:]


def truncate(content: bytes, rng: random.Random) -> bytes:
    return content[: rng.randrange(len(content) + 1)]


def shuffle_lines(content: bytes, rng: random.Random) -> bytes:
    lines = content.split(b"\n")
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    operation = rng.choice(["delete", "duplicate", "swap", "indent", "dedent"])
    if operation == "delete":
        del lines[i]
    elif operation == "duplicate":
        lines.insert(j, lines[i])
    elif operation == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif operation == "indent":
        lines[i] = b"  " + lines[i]
    else:
        lines[i] = lines[i].lstrip()
    return b"\n".join(lines)


def replace_scalar(content: bytes, rng: random.Random) -> bytes:
    """Put a raw token where a YAML value (after ``key: `` or ``- ``) was."""
    text = content.decode("utf-8", "surrogateescape")
    spots = [match.span(1) for match in re.finditer(r"(?:: |- )([^\s,{}\[\]][^,{}\[\]\n]*)", text)]
    if not spots:
        return content
    start, end = rng.choice(spots)
    return (text[:start] + rng.choice(YAML_TOKENS) + text[end:]).encode("utf-8", "surrogateescape")


def reshape_yaml(content: bytes, rng: random.Random) -> bytes:
    """Parse, then drop, rename, add or retype one key or element anywhere in the tree."""
    try:
        data = yaml.safe_load(content)
    except (yaml.YAMLError, RecursionError):  # PyYAML recurses per nesting level, as the tool must not
        return content
    containers: list[dict | list] = []

    def walk(node: object) -> None:
        if isinstance(node, dict | list):
            containers.append(node)
            for child in node.values() if isinstance(node, dict) else node:
                walk(child)

    walk(data)
    if not containers:
        return content
    node = rng.choice(containers)
    keys = list(node) if isinstance(node, dict) else list(range(len(node)))
    if not keys:
        return content
    key = rng.choice(keys)
    value = node[key]  # type: ignore[index]
    operation = rng.choice(["delete", "rename", "add", "retype", "copy"])
    if operation == "delete":
        del node[key]  # type: ignore[arg-type]
    elif operation == "rename" and isinstance(node, dict):
        node[rng.choice(["unknown", "at", "id", "sources", "text", "x" * 300, "é\u200b"])] = node.pop(key)
    elif operation == "add" and isinstance(node, dict):
        node[rng.choice(["extra", "at", "aliases", "facts", "note"])] = rng.choice([None, 3, "ending", [], {}])
    elif operation == "copy" and isinstance(node, list):
        node.append(value)
    else:
        node[key] = rng.choice([None, True, 0, -5, 2.5, "", "text", [], {}, [value], {"k": value}])  # type: ignore[index]
    try:
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000).encode("utf-8")
    except RecursionError:
        return content


def insert_oddity(content: bytes, rng: random.Random) -> bytes:
    position = rng.randrange(len(content) + 1)
    inserted = rng.choice(INVALID_UTF8) if rng.random() < 0.25 else rng.choice(ODDITIES).encode("utf-8")
    return content[:position] + inserted + content[position:]


def mangle_csv(content: bytes, rng: random.Random) -> bytes:
    """Wrong field counts, open quotes, other separators and line ends, huge or repeated rows."""
    lines = content.decode("utf-8", "surrogateescape").split("\n")
    row = rng.randrange(len(lines))
    operation = rng.choice(["drop-field", "add-field", "open-quote", "semicolons", "crlf", "huge", "repeat", "header"])
    if operation == "drop-field":
        lines[row] = lines[row].rsplit(",", 1)[0]
    elif operation == "add-field":
        lines[row] += ",extra"
    elif operation == "open-quote":
        lines[row] = lines[row].replace(",", ',"', 1)
    elif operation == "semicolons":
        lines = [line.replace(",", ";") for line in lines]
    elif operation == "crlf":
        lines = [line + "\r" for line in lines]
    elif operation == "huge":
        lines[row] = lines[row].replace(",", "," + "T" * 200_000, 1)
    elif operation == "repeat":
        lines.insert(row, lines[row])
    else:
        lines[0] = rng.choice(CSV_HEADERS)
    return "\n".join(lines).encode("utf-8", "surrogateescape")


PACK_MUTATIONS: list[Mutation] = [
    flip_bytes,
    splice_bytes,
    truncate,
    shuffle_lines,
    replace_scalar,
    replace_scalar,
    reshape_yaml,
    reshape_yaml,
    insert_oddity,
]
TABLE_MUTATIONS: list[Mutation] = [mangle_csv, mangle_csv, flip_bytes, insert_oddity, truncate, splice_bytes]


def make_mutant(folder: Path, rng: random.Random) -> list[str]:
    """Write a mutant pack into ``folder``; return the names of the mutations applied."""
    pack_text, table_text = base_pack()
    files = {
        "pack.yaml": pack_text.encode("utf-8"),
        "sources.csv": table_text.encode("utf-8"),
        "es.yaml": (MINI / "es.yaml").read_bytes(),
    }
    applied = []
    for _ in range(rng.choice([1, 1, 2, 3])):
        draw = rng.random()
        name = "sources.csv" if draw < 0.3 else "es.yaml" if draw < 0.45 else "pack.yaml"
        mutation = rng.choice(TABLE_MUTATIONS if name == "sources.csv" else PACK_MUTATIONS)
        files[name] = mutation(files[name], rng)
        applied.append(f"{name}:{mutation.__name__}")
    folder.mkdir(parents=True)
    for name, content in files.items():
        (folder / name).write_bytes(content)
    return applied


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))


def run_cli(args: tuple[str, ...], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    """The real entry point in a child process, bounded in time and address space."""
    return subprocess.run(
        [sys.executable, "-m", "cell211cli", *args],
        capture_output=True,
        timeout=TIME_LIMIT_SECONDS,
        env=env,
        preexec_fn=_limit_memory,
    )


def test_the_unmutated_base_pack_is_valid(tmp_path: Path) -> None:
    """The harness starts from a valid pack, so what the mutants find is the mutations' doing."""
    folder = tmp_path / "base"
    folder.mkdir()
    pack_text, table_text = base_pack()
    (folder / "pack.yaml").write_text(pack_text, encoding="utf-8")
    (folder / "sources.csv").write_text(table_text, encoding="utf-8")
    shutil.copy(MINI / "es.yaml", folder / "es.yaml")
    result = run_cli(("validate", str(folder)), dict(os.environ))
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()
    assert b"0 error(s), 0 warning(s)" in result.stdout


@pytest.mark.parametrize("index", range(MUTANTS))
def test_mutant_pack_gets_a_clean_answer(tmp_path: Path, index: int) -> None:
    """validate and one other command: exit 0, 1 or 2, no traceback, within the time and memory bound."""
    rng = random.Random(f"{SEED}-{index}")
    folder = tmp_path / "mutant"
    applied = make_mutant(folder, rng)
    env = dict(os.environ, COLUMNS=str(rng.choice([40, 60, 100])))
    command = (*rng.choice(COMMANDS), "--pack", str(folder), "--lang", rng.choice(["en", "es"]))
    for args in (("validate", str(folder)), command):
        result = run_cli(args, env)
        stderr = result.stderr.decode("utf-8", "replace")
        where = f"mutant {index} (seed {SEED}, {', '.join(applied)}) in {folder}: cell211 {' '.join(args[:4])}"
        assert result.returncode in (0, 1, 2), f"{where}: exit {result.returncode}\n{stderr}"
        assert "Traceback" not in stderr and "unexpected error" not in stderr, f"{where}\n{stderr}"
        result.stdout.decode("utf-8")  # output is always valid UTF-8


# ── Settings: the config file and the environment variables the tool reads ──

CONFIG_BASE = 'format = "plain"\ncolor = "never"\npager = false\nlang = "es"\n'
CONFIG_TOKENS = ["[" * 4000, "a = " + "[" * 4000, 'format = "', "pack = '~nouser/x'", "lang = 1", "x = 1e999", "\x00"]
ENVIRONMENT_VALUES: dict[str, list[str]] = {
    "COLUMNS": ["0", "-1", "²", "9" * 30, "abc", "", " 80 "],
    "LINES": ["0", "-5", "²", "x"],
    "CELL211_PAGER": ['less "', "", "'", "no-such-pager --x", "cat"],
    "PAGER": ['"', "", "less -FRX"],
    "CELL211_UPTO": ["", "S99E99", "\x1b[2J", "x" * 10_000, "premise", "9" * 50, "final"],
    "CELL211_LANG": ["", "xx", "es_MX.UTF-8", "\u202e", "es"],
    "CELL211_PACK": ["~nouser/x", "/dev/null", "/nonexistent", str(MINI), "."],
    "CELL211_HYPERLINKS": ["1", "0", "maybe"],
    "NO_COLOR": ["1", ""],
    "FORCE_COLOR": ["1", "0", ""],
    "TERM": ["dumb", "", "xterm-256color"],
    "LANG": ["C", "es_ES.UTF-8", "POSIX", "xx_YY"],
}
SETTINGS_COMMANDS: list[tuple[str, ...]] = [
    *COMMANDS,
    ("progress", "2"),
    ("progress",),
    ("--help",),
    ("recap", "--help"),
    ("--version",),
    ("paths",),
]


@pytest.mark.parametrize("index", range(MUTANTS))
def test_mutant_settings_get_a_clean_answer(tmp_path: Path, index: int) -> None:
    """A mutated config.toml and odd environment variables: exit 0, 1 or 2, no traceback, within bounds."""
    rng = random.Random(f"settings-{SEED}-{index}")
    config = CONFIG_BASE.encode()
    applied = []
    for _ in range(rng.choice([0, 1, 2])):
        if rng.random() < 0.5:
            config += ("\n" + rng.choice(CONFIG_TOKENS) + "\n").encode()
            applied.append("config:token")
        else:
            mutation = rng.choice([flip_bytes, splice_bytes, truncate, insert_oddity])
            config = mutation(config, rng)
            applied.append(f"config:{mutation.__name__}")
    (tmp_path / "config" / "cell211").mkdir(parents=True)
    (tmp_path / "config" / "cell211" / "config.toml").write_bytes(config)
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_STATE_HOME=str(tmp_path / "state"))
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    for name in rng.sample(sorted(ENVIRONMENT_VALUES), rng.choice([1, 2, 3])):
        env[name] = rng.choice(ENVIRONMENT_VALUES[name])
        applied.append(f"{name}={env[name][:20]!r}")
    command = rng.choice(SETTINGS_COMMANDS)
    args = (*command, "--pack", str(MINI)) if command[0] in ("recap", "characters", "progress") else command
    result = run_cli(args, env)
    stderr = result.stderr.decode("utf-8", "replace")
    where = f"settings mutant {index} (seed {SEED}, {', '.join(applied)}): cell211 {' '.join(args[:4])}"
    assert result.returncode in (0, 1, 2, 4), f"{where}: exit {result.returncode}\n{stderr}"
    assert "Traceback" not in stderr and "unexpected error" not in stderr, f"{where}\n{stderr}"


def test_a_broken_config_never_stops_progress_or_help(tmp_path: Path) -> None:
    """A config file nested 4,000 deep: --help helps and progress saves; the file is named on stderr."""
    (tmp_path / "config" / "cell211").mkdir(parents=True)
    (tmp_path / "config" / "cell211" / "config.toml").write_text("a = " + "[" * 4000)
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_STATE_HOME=str(tmp_path / "state"))
    assert run_cli(("--help",), env).returncode == 0
    saved = run_cli(("progress", "2"), env)
    assert saved.returncode == 0 and b"config.toml" in saved.stderr, saved.stderr
    shown = run_cli(("recap",), env)
    assert shown.returncode == 2 and b"nested too deeply" in shown.stderr
