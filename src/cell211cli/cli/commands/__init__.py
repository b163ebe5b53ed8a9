"""One module per group of commands; each lists its commands in ``COMMANDS`` for ``cli.app``'s registry."""
