"""Shell completion scripts: ``cell211 completion SHELL`` prints one (as gh and ripgrep do), and
``--install-completion`` writes it where the shell finds it and changes nothing else.

Typer's own installer appends ``zstyle ':completion:*' menu select`` to ``~/.zshrc``, which changes
completion for every command the user has; this one adds to the shell's start-up file only the lines that
load cell211's script (fish needs none: it reads its completions folder).
"""

import os
import shlex
from pathlib import Path
from typing import Annotated

import typer

from cell211cli.cli.completion import PROG_NAME
from cell211cli.cli.context import COMPLETE_VAR
from cell211cli.cli.spec import CommandSpec
from cell211cli.errors import BadUsage
from cell211cli.i18n import N_, _

SHELLS = ("bash", "zsh", "fish")
RC_MARK = "# cell211 completion (cell211 --install-completion)"


def script(shell: str) -> str:
    """The completion script for ``shell``, as the shell reads it."""
    from cell211cli.cli.typer_private import get_completion_script

    return get_completion_script(prog_name=PROG_NAME, complete_var=COMPLETE_VAR, shell=shell) + "\n"


def chosen_shell(named: str | None) -> str:
    """The shell named on the command line, else the one this runs in (as Typer detects it)."""
    if named in SHELLS:
        return named
    from cell211cli.cli.typer_private import detect_shell

    detected = detect_shell()
    if detected in SHELLS:
        return detected
    # TRANSLATORS: `cell211 completion SHELL` and the shell names are typed as they are.
    message = _("cell211 completes bash, zsh and fish; name one: cell211 --install-completion zsh")
    if detected:
        message = _("{shell} is not a shell cell211 completes").format(shell=detected) + "; " + message
    raise BadUsage(message)


def _add_lines(rc: Path, lines: list[str]) -> bool:
    """Append ``lines`` under our mark to the start-up file ``rc`` unless the mark is there; True when added."""
    text = rc.read_text(encoding="utf-8") if rc.is_file() else ""
    if RC_MARK in text:
        return False
    rc.parent.mkdir(parents=True, exist_ok=True)
    separator = "" if not text or text.endswith("\n") else "\n"
    rc.write_text(text + separator + "\n".join(["", RC_MARK, *lines]) + "\n", encoding="utf-8")
    return True


def install(shell: str, home: Path) -> tuple[Path, Path | None]:
    """Write the script for ``shell`` and the lines that load it; (script, start-up file changed or None)."""
    if shell == "fish":
        config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
        target = config / "fish" / "completions" / f"{PROG_NAME}.fish"
        rc, lines = None, []
    elif shell == "zsh":
        target = home / ".zfunc" / f"_{PROG_NAME}"
        # compdef exists once zsh's completion system is loaded; load it only when nothing has.
        rc = home / ".zshrc"
        lines = [
            "(( $+functions[compdef] )) || { autoload -Uz compinit && compinit; }",
            f"source {shlex.quote(str(target))}",
        ]
    else:
        target = home / ".bash_completions" / f"{PROG_NAME}.sh"
        rc, lines = home / ".bashrc", [f"source {shlex.quote(str(target))}"]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(script(shell), encoding="utf-8")
    changed = rc if rc is not None and _add_lines(rc, lines) else None
    return target, changed


def install_callback(ctx: typer.Context) -> None:
    """``--install-completion [SHELL]``: install, say where, exit."""
    if ctx.resilient_parsing:
        return
    from cell211cli.cli.boundary import error

    try:
        shell = chosen_shell(ctx.obj.arguments.command if ctx.obj else None)
        target, rc = install(shell, Path.home())
    except (BadUsage, OSError) as failure:
        error(str(failure))
        raise typer.Exit(2) from None
    typer.echo(_("{shell} completion for cell211 installed in {path}").format(shell=shell, path=target))
    if rc is not None:
        typer.echo(_("{file} now loads it (lines marked '{mark}')").format(file=rc, mark=RC_MARK))
    typer.echo(_("It takes effect in a new shell; nothing else was changed."))
    raise typer.Exit()


def show_callback(ctx: typer.Context) -> None:
    """``--show-completion [SHELL]``: the script for the shell named, else this shell's."""
    if ctx.resilient_parsing:
        return
    from cell211cli.cli.boundary import error

    try:
        shell = chosen_shell(ctx.obj.arguments.command if ctx.obj else None)
    except BadUsage as failure:
        error(str(failure))
        raise typer.Exit(2) from None
    typer.echo(script(shell), nl=False)
    raise typer.Exit()


def _complete_shell(incomplete: str) -> list[str]:
    return [shell for shell in SHELLS if shell.startswith(incomplete)]


def completion_command(
    shell: Annotated[
        str,
        typer.Argument(
            help=N_("bash, zsh or fish."), metavar=N_("SHELL"), show_default=False, autocompletion=_complete_shell
        ),
    ],
) -> None:
    if shell not in SHELLS:
        raise BadUsage(_("{shell} is not a shell cell211 completes").format(shell=shell) + "; bash, zsh, fish")
    typer.echo(script(shell), nl=False)


COMMANDS = {
    "completion": CommandSpec(
        completion_command,
        N_(
            "Print the shell completion script for bash, zsh or fish, to keep where your shell reads it "
            "(cell211 --install-completion does that for you, and changes nothing else).\n"
            "\n"
            "Examples:\n"
            "\n"
            "\b\n"
            "  # bash: in ~/.bashrc\n"
            '  eval "$(cell211 completion bash)"\n'
            "  # zsh: in ~/.zshrc, after compinit\n"
            "  source <(cell211 completion zsh)\n"
            "  # fish\n"
            "  cell211 completion fish > ~/.config/fish/completions/cell211.fish"
        ),
    ),
}
