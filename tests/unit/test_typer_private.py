"""Every private Typer name cell211 leans on still exists: an upgrade that moves one fails here, loudly."""

from __future__ import annotations

from cell211cli.cli import typer_private


def test_every_private_name_is_still_there() -> None:
    """Each name the module hands on is a real object of the installed Typer."""
    for name in typer_private.__all__:
        assert getattr(typer_private, name) is not None, name
    click = typer_private.click
    for name in ("Context", "Command", "HelpFormatter", "echo"):
        assert hasattr(click, name), name
    for name in ("exceptions", "formatting", "_compat", "core"):
        assert hasattr(click, name), name
    assert hasattr(click.exceptions.UsageError, "show")
    assert hasattr(click._compat, "get_text_stderr")


def test_typer_gettext_can_be_pointed_at_our_catalog() -> None:
    """Typer's own words go through a gettext function we set."""
    import typer.core

    original = typer.core._  # type: ignore[attr-defined]
    try:
        typer_private.set_typer_gettext(str.upper)
        assert typer.core._("options") == "OPTIONS"  # type: ignore[attr-defined]
    finally:
        typer_private.set_typer_gettext(original)
