"""The app with every command, as an object (``app``): for tools that import one, such as
``typer cell211cli.cli.full_app utils docs`` (docs/cli.md) and the man page. A run builds only the
command it names (``cli.app.run``)."""

from cell211cli.cli.app import build_app

app = build_app()
