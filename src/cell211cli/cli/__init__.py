"""The command line: the app and its command registry, shared options, the run context, the one error
boundary and output; ``commands/`` holds the commands. Only this package imports Typer."""
