"""Start-up and scale benchmark, measured side by side against a minimal Typer app.

Runs every command as a whole process, interleaved (A B C ... A B C ...), after a warm-up, and prints the
median wall time and peak memory of each, with ratios to the baseline measured in the same run. The
baseline is a Typer "hello" app in the same environment: the cost of Python plus Typer. A reference row
shows the floor for a CLI of this shape (one command with nine of recap's options and an eager
``--version``, in Typer); a last row imports a 100,000-row Netflix history. When valgrind is
installed, it also counts the instructions of one warm run of each (callgrind), which repeat to 0.1%
where wall times swing by a third.

    python benchmarks/bench.py                     # 15 rounds
    python benchmarks/bench.py --rounds 40 --no-instructions
    python benchmarks/bench.py --huge              # also the 100,000-item pack (about a minute more)

Every run computes its output from what it reads (nothing replays a stored output), so each row is what a
viewer gets after saving progress or trying a new command: a first run with its state, the pack store
warm. Then first runs with the pack store cold, each with a cache folder of its own: "after an install"
runs the wheel as `pip install .` leaves it (built here, unpacked and byte-compiled, with its shipped pack
validated) with an empty cache, on the shipped pack and on a copy of it elsewhere (a pack of one's own);
"after an edit" runs a command once, adds a comment to the pack, and measures the next run; "nothing
kept" is the first run ever with a pack of one's own (the checkout, an empty cache). Temporary state and
cache folders are used throughout.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Typer's own "hello world": one command with one option, as in Typer's first tutorial page.
BASELINE = """\
import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    print(f"Hello {name}")


app()
"""

# The floor a Typer CLI shaped like ours starts from: one command with nine of recap's options (a choice
# among formats, a path, flags) and an eager --version callback. A reference row, not the baseline.
SHAPED = """\
import enum
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer()


class Format(str, enum.Enum):
    rich = "rich"
    plain = "plain"
    json = "json"


def version(value: bool) -> None:
    if value:
        print("shaped 1.0")
        raise typer.Exit()


@app.callback()
def main(
    show_version: Annotated[bool, typer.Option("--version", "-V", callback=version, is_eager=True)] = False,
) -> None:
    pass


@app.command()
def recap(
    upto: Annotated[Optional[str], typer.Option("--upto", "-u", help="Position.")] = None,
    after: Annotated[Optional[str], typer.Option("--from", help="Start after.")] = None,
    episode: Annotated[Optional[str], typer.Option("--episode", "-e", help="One episode.")] = None,
    brief: Annotated[bool, typer.Option("--brief", "-b", help="One line each.")] = False,
    output_format: Annotated[Optional[Format], typer.Option("--format", "-f", help="Format.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON.")] = False,
    pack: Annotated[Optional[Path], typer.Option("--pack", "-p", help="Pack.")] = None,
    color: Annotated[Optional[str], typer.Option("--color", help="Colour.")] = None,
    no_sources: Annotated[bool, typer.Option("--no-sources", help="No sources.")] = False,
) -> None:
    print(f"recap {upto}")


app()
"""

RICH = {"FORCE_COLOR": "1"}

Row = tuple[str, list[str], dict[str, str]]


def cell211(*args: str) -> list[str]:
    return [sys.executable, "-m", "cell211cli", *args]


def completion(words: str) -> dict[str, str]:
    return {"_CELL211_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()))}


def shipped_rows() -> list[Row]:
    return [
        ("recap --upto ending (rich)", cell211("recap", "--upto", "ending", "--format", "rich"), RICH),
        ("recap --upto ending (plain)", cell211("recap", "--upto", "ending", "--format", "plain"), {}),
        ("recap --upto ending (json)", cell211("recap", "--upto", "ending", "--format", "json"), {}),
        ("characters --upto ending (rich)", cell211("characters", "--upto", "ending", "--format", "rich"), RICH),
        ("facts true-story --upto ending", cell211("facts", "true-story", "--upto", "ending"), {}),
        ("search baldor --upto ending", cell211("search", "baldor", "--upto", "ending"), {}),
        ("recap --upto 3 --lang es (rich)", cell211("recap", "--upto", "3", "--lang", "es", "--format", "rich"), RICH),
        ("--version", cell211("--version"), {}),
        ("--help", cell211("--help"), {}),
        ("completion: characters --upto 6", cell211(), completion("cell211 characters --upto 6 ")),
    ]


def history(rows: int, path: Path) -> Path:
    """A Netflix viewing history of ``rows`` rows: five profiles watching other shows, and Ana watching
    episodes 1-3 of the shipped show among them (the shape of a real family's archive). Written a line at
    a time: this process stays small (see ``main``)."""
    with path.open("w", encoding="utf-8") as file:
        file.write(
            "Profile Name,Start Time,Duration,Attributes,Title,Supplemental Video Type,Device Type,Bookmark,"
            "Latest Bookmark,Country\n"
        )
        for index in range(rows):
            if index % 1000 == 0 and index // 1000 < 3:
                episode = index // 1000 + 1
                title = f"Prison Cell 211: Limited Series: Episode {episode} (Episode {episode})"
                when = f"2025-03-{10 + episode:02d} 21:00:00"
                file.write(f'Ana,{when},0:40:00,,"{title}",,iPhone,0:40:00,Not latest view,MX\n')
            else:
                when = f"2025-{1 + index % 12:02d}-{1 + index % 28:02d} 20:{index % 60:02d}:00"
                title = f"Some Other Show: Season {index % 9}: A Long Title Number {index} (Episode {index % 20})"
                profile = f"Profile{index % 5}"
                file.write(f'{profile},{when},0:41:10,Autoplayed: user action: None; ,"{title}",,TV,0:41:10,,MX\n')
    return path


def large_rows(large: Path) -> list[Row]:
    pack = ("--pack", str(large))
    return [
        ("large: recap --upto S10E05 (plain)", cell211("recap", "--upto", "S10E05", *pack), {}),
        ("large: recap --upto S10E05 (rich)", cell211("recap", "--upto", "S10E05", *pack, "--format", "rich"), RICH),
        ("large: recap --upto S10E05 (json)", cell211("recap", "--upto", "S10E05", *pack, "--format", "json"), {}),
        ("large: characters --upto S10E05", cell211("characters", "--upto", "S10E05", *pack), {}),
        ("large: search harbour --upto S10E05", cell211("search", "harbour", "--upto", "S10E05", *pack), {}),
        ("large: facts topic-3 --upto S10E05", cell211("facts", "topic-3", "--upto", "S10E05", *pack), {}),
    ]


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):  # reported as failed (an older version without the feature)
        return float("nan"), 0
    return elapsed, usage.ru_maxrss


def instructions(argv: list[str], env: dict[str, str]) -> int:
    """Instructions executed by one run, counted by valgrind's callgrind: repeatable on a busy machine. A
    run before it warms the pack store and bytecode (the first runs above edited packs)."""
    run_once(argv, env)
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv]
    result = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return next((int(line.rsplit(":", 1)[1]) for line in result.stderr.splitlines() if "Collected :" in line), 0)


def interleaved(table: list[Row], env: dict[str, str], rounds: int, warmup: int) -> dict[str, list[tuple[float, int]]]:
    for _ in range(warmup):
        for _, argv, extra in table:
            run_once(argv, {**env, **extra})
    runs: dict[str, list[tuple[float, int]]] = {name: [] for name, _, _ in table}
    for _ in range(rounds):
        for name, argv, extra in table:
            runs[name].append(run_once(argv, {**env, **extra}))
    return runs


def report(runs: dict[str, list[tuple[float, int]]], base: str) -> None:
    base_time = statistics.median(seconds for seconds, _ in runs[base])
    base_rss = max(rss for _, rss in runs[base])
    print(f"{'command':<46} {'median ms':>10} {'x base':>7} {'peak MiB':>9} {'x base':>7}")
    for name, measured in runs.items():
        if any(seconds != seconds for seconds, _ in measured):  # NaN: the command failed
            print(f"{name:<46} {'failed':>10}")
            continue
        median = statistics.median(seconds for seconds, _ in measured)
        rss = max(peak for _, peak in measured)
        print(f"{name:<46} {median * 1000:>10.1f} {median / base_time:>7.2f} {rss / 1024:>9.1f} {rss / base_rss:>7.2f}")


def installed(workdir: Path) -> Path | None:
    """The wheel of this checkout as installed (unpacked and byte-compiled, as pip does); None where it
    cannot be built here (hatchling missing)."""
    wheels = workdir / "wheel"
    command = [sys.executable, "-m", "pip", "wheel", str(HERE.parent), "--no-deps", "--no-build-isolation"]
    if subprocess.run([*command, "-q", "-w", str(wheels)], capture_output=True).returncode:
        return None
    target = workdir / "installed"
    zipfile.ZipFile(next(wheels.glob("*.whl"))).extractall(target)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(target)], check=True)
    return target


ColdRow = tuple[str, list[str], dict[str, str], Path | None]


def cold(rows: list[ColdRow], env: dict[str, str], workdir: Path, base_time: float, base_rss: int) -> None:
    """First runs, each with a cache folder of its own: empty, or (with a file to edit) filled by one run
    before the file is edited."""
    print("\nfirst runs after an install or an edit (5 runs each):")
    for index, (name, argv, extra, edited) in enumerate(rows):
        measured = []
        for attempt in range(5):
            run_env = {**env, **extra, "XDG_CACHE_HOME": str(workdir / "cold" / f"{index}-{attempt}")}
            if edited is not None:
                run_once(argv, run_env)
                with edited.open("a", encoding="utf-8") as file:
                    file.write(f"# edit {attempt}\n")
            measured.append(run_once(argv, run_env))
        median = statistics.median(seconds for seconds, _ in measured)
        rss = max(peak for _, peak in measured)
        print(
            f"  {name:<50} {median * 1000:>8.1f} ms {median / base_time:>6.2f} x base"
            f" {rss / 1024:>6.1f} MiB {rss / base_rss:>5.2f} x base"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--no-instructions", action="store_true", help="skip the valgrind instruction counts")
    parser.add_argument("--huge", action="store_true", help="also the 100,000-item pack (ten times the large one)")
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="cell211-bench-"))
    try:
        baseline = workdir / "hello.py"
        baseline.write_text(BASELINE, encoding="utf-8")
        shaped = workdir / "shaped.py"
        shaped.write_text(SHAPED, encoding="utf-8")
        viewing = history(100_000, workdir / "ViewingActivity.csv")
        # Generated in a child process: this process stays small, because on Linux a child's peak-memory
        # figure starts from its parent's size at fork time.
        large = workdir / "large"
        subprocess.run([sys.executable, str(HERE / "large_pack.py"), str(large)], check=True, stdout=subprocess.DEVNULL)
        env = {
            **os.environ,
            "XDG_STATE_HOME": str(workdir / "state"),
            "XDG_CACHE_HOME": str(workdir / "cache"),
            "XDG_DATA_HOME": str(workdir / "data"),
            "XDG_CONFIG_HOME": str(workdir / "config"),
            "COLUMNS": "100",
        }
        for name in ("NO_COLOR", "CELL211_NO_STORE", "CELL211_PACK", "CELL211_UPTO", "CELL211_LANG"):
            env.pop(name, None)
        # Measure what an installed user runs: bytecode cached after the first run, as pip install does.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        base: Row = ("baseline: typer hello", [sys.executable, str(baseline)], {})
        reference: Row = ("reference: typer, recap's shape", [sys.executable, str(shaped), "recap", "-u", "3"], {})
        shipped, big = shipped_rows(), large_rows(large)
        importing = cell211("progress", "import", str(viewing), "--profile", "Ana")
        imported: Row = ("history import: 100,000 rows", importing, {})
        table = [base, reference, *shipped, *big, imported]

        runs = interleaved(table, env, options.rounds, options.warmup)
        print(f"cell211 benchmark: {options.rounds} interleaved rounds after {options.warmup} warm-up rounds")
        print("every run a first run with its state (nothing replays output); the pack store warm")
        print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores; large pack: 1,100 episodes, 10,000 items\n")
        report(runs, base[0])
        base_time = statistics.median(seconds for seconds, _ in runs[base[0]])
        base_rss = max(rss for _, rss in runs[base[0]])
        recap = shipped[1]
        cold_rows: list[ColdRow] = [
            (f"nothing kept (a new pack): {recap[0]}", recap[1], {}, None),
            (f"after an edit: {big[0][0]}", big[0][1], {}, large / "pack.yaml"),
        ]
        wheel = installed(workdir)
        if wheel is not None:
            pack = wheel / "cell211cli" / "recaps" / "cell211" / "pack.yaml"
            own = workdir / "own"
            shutil.copytree(pack.parent, own)
            cold_rows[1:1] = [
                (f"after an install: {recap[0]}", recap[1], {"PYTHONPATH": str(wheel)}, None),
                (
                    "after an install: the same, a pack of one's own",
                    [*recap[1], "--pack", str(own)],
                    {"PYTHONPATH": str(wheel)},
                    None,
                ),
                (f"after an edit: {recap[0]}", recap[1], {"PYTHONPATH": str(wheel)}, pack),
            ]
        cold(cold_rows, env, workdir, base_time, base_rss)
        if options.huge:
            huge = workdir / "huge"
            subprocess.run(
                [sys.executable, str(HERE / "large_pack.py"), str(huge), "--scale", "10"],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            pack = ("--pack", str(huge))
            rows = [
                ("huge: recap --upto S10E05 (plain)", cell211("recap", "--upto", "S10E05", *pack), {}),
                ("huge: recap --upto S10E05 (rich)", cell211("recap", "--upto", "S10E05", *pack, "-f", "rich"), RICH),
            ]
            print("\n100,000-item pack (3 rounds):")
            report(interleaved([base, *rows], env, 3, 1), base[0])
        if not options.no_instructions and shutil.which("valgrind"):
            print("\ninstructions executed (valgrind callgrind, one warm run each):")
            counted = [base, reference, *shipped, *big]
            counts = {name: instructions(argv, {**env, **extra}) for name, argv, extra in counted}
            for name, count in counts.items():
                print(f"  {name:<44} {count / 1e6:>10.1f} M  {count / counts[base[0]]:>6.2f} x base")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
