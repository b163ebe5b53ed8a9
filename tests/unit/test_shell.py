"""Completion scripts: printed for each shell, and installed touching only what completes cell211."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import Invoke, unless_in_ci

BIN = str(Path(sys.executable).parent)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HOME is a fresh folder, with a start-up file the person already has."""
    folder = tmp_path / "home"
    folder.mkdir()
    (folder / ".zshrc").write_text("alias ll='ls -l'\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(folder))
    return folder


def test_zsh_install_adds_only_what_loads_cell211(invoke: Invoke, home: Path) -> None:
    """No zstyle (it would change completion for every command), the person's lines kept, said where it
    went, and a second install adds nothing."""
    result = invoke("--install-completion", "zsh")
    assert result.exit_code == 0, result.stderr
    script = home / ".zfunc" / "_cell211"
    assert f"zsh completion for cell211 installed in {script}" in result.stdout
    assert f"{home / '.zshrc'} now loads it" in result.stdout
    assert "compdef _cell211_completion cell211" in script.read_text(encoding="utf-8")
    zshrc = (home / ".zshrc").read_text(encoding="utf-8")
    assert zshrc.startswith("alias ll='ls -l'\n") and "zstyle" not in zshrc and "menu select" not in zshrc
    assert zshrc.endswith(f"(( $+functions[compdef] )) || {{ autoload -Uz compinit && compinit; }}\nsource {script}\n")
    assert invoke("--install-completion", "zsh").exit_code == 0
    assert (home / ".zshrc").read_text(encoding="utf-8") == zshrc


@unless_in_ci(shutil.which("zsh") is None, "zsh is not installed")
def test_zsh_loads_the_installed_completion(invoke: Invoke, home: Path) -> None:
    """An interactive zsh started afterwards completes cell211 with our function and has no new style."""
    assert invoke("--install-completion", "zsh").exit_code == 0
    env = {**os.environ, "PATH": BIN + os.pathsep + os.environ["PATH"]}
    probe = "print -r -- ${_comps[cell211]}; zstyle -L ':completion:*' menu"
    shell = subprocess.run(["zsh", "-i", "-c", probe], capture_output=True, text=True, env=env, timeout=60)
    assert shell.stdout == "_cell211_completion\n", (shell.stdout, shell.stderr)


def test_bash_and_fish_installs(invoke: Invoke, home: Path) -> None:
    """bash: a script and one source line in ~/.bashrc; fish: a file in its completions folder, nothing else."""
    bash = invoke("--install-completion", "bash")
    script = home / ".bash_completions" / "cell211.sh"
    assert bash.exit_code == 0 and f"installed in {script}" in bash.stdout
    assert (home / ".bashrc").read_text(encoding="utf-8").endswith(f"source {script}\n")
    fish = invoke("--install-completion", "fish")
    fish_file = Path(os.environ["XDG_CONFIG_HOME"]) / "fish" / "completions" / "cell211.fish"
    assert fish.exit_code == 0 and f"installed in {fish_file}" in fish.stdout and "now loads" not in fish.stdout
    assert "_CELL211_COMPLETE=complete_fish" in fish_file.read_text(encoding="utf-8")


def test_install_speaks_spanish(invoke: Invoke, home: Path) -> None:
    result = invoke("--lang", "es", "--install-completion", "zsh")
    assert result.exit_code == 0 and "autocompletado de zsh para cell211 instalado en" in result.stdout


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "complete -o default -F _cell211_completion cell211"),
        ("zsh", "compdef _cell211_completion cell211"),
        ("fish", "complete --command cell211 --no-files"),
    ],
)
def test_the_script_is_printed_for_each_shell(invoke: Invoke, shell: str, marker: str) -> None:
    """`completion SHELL` and `--show-completion SHELL` print that shell's script (not the one running)."""
    for args in (["completion", shell], ["--show-completion", shell]):
        result = invoke(*args)
        assert result.exit_code == 0 and marker in result.stdout, (args, result.stdout)
        others = {"bash": "complete -o default", "zsh": "compdef", "fish": "--no-files"}
        assert not any(text in result.stdout for name, text in others.items() if name != shell)


def test_an_unknown_shell_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("completion", "tcsh")
    assert result.exit_code == 2 and "tcsh is not a shell cell211 completes; bash, zsh, fish" in result.stderr
    assert "tcsh no es un shell" in invoke("--lang", "es", "completion", "tcsh").stderr


@unless_in_ci(shutil.which("fish") is None, "fish is not installed")
def test_fish_completes_with_the_printed_script(invoke: Invoke, tmp_path: Path) -> None:
    """fish, given the printed script, completes `cell211 reca` to recap through the installed entry point."""
    script = tmp_path / "cell211.fish"
    script.write_text(invoke("completion", "fish").stdout, encoding="utf-8")
    env = {**os.environ, "PATH": BIN + os.pathsep + os.environ["PATH"]}
    probe = f"source {script}; complete -C 'cell211 reca'"
    shell = subprocess.run(["fish", "--no-config", "-c", probe], capture_output=True, text=True, env=env, timeout=60)
    assert shell.stdout.split("\t")[0].strip() == "recap", (shell.stdout, shell.stderr)
