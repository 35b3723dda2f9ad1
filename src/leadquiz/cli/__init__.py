"""The command-line interface: Typer commands that parse, delegate, print and exit.

Nothing outside this package imports it.
"""

from leadquiz.cli.app import app, main

__all__ = ["app", "main"]
