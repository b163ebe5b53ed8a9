from cell211cli.cli import run

run()
