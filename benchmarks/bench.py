"""Start-up and large-pack benchmark, measured side by side against a minimal Typer app.

Runs every command as a whole process, interleaved (A B C ... A B C ...), after a warm-up, and prints the
median wall time and peak memory of each, with ratios to the baseline measured in the same run. The
baseline is a Typer "hello" app in the same environment: the cost of Python plus Typer.

    python benchmarks/bench.py                  # 15 rounds
    python benchmarks/bench.py --rounds 40
    python benchmarks/bench.py --instructions   # also count instructions under valgrind (noise-free)

It uses temporary state and cache folders, so the first run of each pack (cache being built) is
measured separately and reported as "cold".
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


def cell211(*args: str) -> list[str]:
    return [sys.executable, "-m", "cell211cli", *args]


def commands(baseline: Path, large: Path) -> list[tuple[str, list[str], dict[str, str]]]:
    rich = {"FORCE_COLOR": "1"}
    return [
        ("baseline: typer hello", [sys.executable, str(baseline)], {}),
        ("recap --upto ending (rich)", cell211("recap", "--upto", "ending", "--format", "rich"), rich),
        ("recap --upto ending --format plain", cell211("recap", "--upto", "ending", "--format", "plain"), {}),
        ("recap --upto ending --format json", cell211("recap", "--upto", "ending", "--format", "json"), {}),
        ("characters --upto ending (plain)", cell211("characters", "--upto", "ending"), {}),
        ("search baldor --upto ending (plain)", cell211("search", "baldor", "--upto", "ending"), {}),
        ("large: recap --upto S10E05 (plain)", cell211("recap", "--upto", "S10E05", "--pack", str(large)), {}),
        (
            "large: recap --upto S10E05 (rich)",
            cell211("recap", "--upto", "S10E05", "--pack", str(large), "--format", "rich"),
            rich,
        ),
        ("large: characters --upto S10E05", cell211("characters", "--upto", "S10E05", "--pack", str(large)), {}),
        (
            "large: search harbour --upto S10E05",
            cell211("search", "harbour", "--upto", "S10E05", "--pack", str(large)),
            {},
        ),
    ]


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed: {process.stderr.read().decode() if process.stderr else ''}")
    if process.stderr:
        process.stderr.close()
    return elapsed, usage.ru_maxrss


def instructions(argv: list[str], env: dict[str, str]) -> int:
    """Instructions executed by one run, counted by valgrind's callgrind: repeatable on a busy machine."""
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv]
    result = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in result.stderr.splitlines():
        if "Collected :" in line:
            return int(line.rsplit(":", 1)[1])
    raise SystemExit(f"valgrind gave no count for {' '.join(argv)}:\n{result.stderr[-500:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--instructions", action="store_true", help="also count instructions with valgrind")
    options = parser.parse_args()
    if options.instructions and shutil.which("valgrind") is None:
        parser.error("--instructions needs valgrind (apt-get install valgrind)")

    workdir = Path(tempfile.mkdtemp(prefix="cell211-bench-"))
    try:
        baseline = workdir / "hello.py"
        baseline.write_text(BASELINE, encoding="utf-8")
        # Generated in a child process: this process stays small, because on Linux a child's peak-memory
        # figure starts from its parent's size at fork time.
        large = workdir / "large"
        subprocess.run([sys.executable, str(HERE / "large_pack.py"), str(large)], check=True, stdout=subprocess.DEVNULL)
        env = {
            **os.environ,
            "XDG_STATE_HOME": str(workdir / "state"),
            "XDG_CACHE_HOME": str(workdir / "cache"),
            "XDG_DATA_HOME": str(workdir / "data"),
            "COLUMNS": "100",
        }
        env.pop("NO_COLOR", None)
        # Measure what an installed user runs: bytecode cached after the first run, as pip install does.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        table = commands(baseline, large)

        cold = {}
        for name, argv, extra in table:
            if name.startswith(("recap --upto ending (rich)", "large: recap --upto S10E05 (plain)")):
                cold[name] = run_once(argv, {**env, **extra})[0]
        for _ in range(options.warmup):
            for _, argv, extra in table:
                run_once(argv, {**env, **extra})
        times: dict[str, list[float]] = {name: [] for name, _, _ in table}
        memory: dict[str, list[int]] = {name: [] for name, _, _ in table}
        for _ in range(options.rounds):
            for name, argv, extra in table:
                seconds, rss = run_once(argv, {**env, **extra})
                times[name].append(seconds)
                memory[name].append(rss)

        base_time = statistics.median(times[table[0][0]])
        base_rss = max(memory[table[0][0]])
        print(f"cell211 benchmark: {options.rounds} interleaved rounds after {options.warmup} warm-up rounds")
        print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores\n")
        print(f"{'command':<40} {'median ms':>10} {'x base':>7} {'peak MiB':>9} {'x base':>7}")
        for name, _, _ in table:
            median = statistics.median(times[name])
            rss = max(memory[name])
            print(
                f"{name:<40} {median * 1000:>10.1f} {median / base_time:>7.2f} "
                f"{rss / 1024:>9.1f} {rss / base_rss:>7.2f}"
            )
        print("\ncold runs (pack cache empty, first run after install or edit):")
        for name, seconds in cold.items():
            print(f"  {name:<38} {seconds * 1000:>10.1f} ms  {seconds / base_time:>6.2f} x base")
        if options.instructions:
            print("\ninstructions executed (valgrind callgrind, warm caches):")
            counts = {name: instructions(argv, {**env, **extra}) for name, argv, extra in table}
            base_count = counts[table[0][0]]
            for name, count in counts.items():
                print(f"  {name:<38} {count / 1e6:>10.1f} M  {count / base_count:>6.2f} x base")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
