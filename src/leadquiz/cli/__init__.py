"""The command-line interface: Typer commands that parse, delegate, print and exit.

Nothing outside this package imports it. ``main`` answers ``leadquiz --version``
before Typer is imported, since it is the one command scripts call most.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

    app: typer.Typer

__all__ = ["app", "main"]


def main() -> None:
    """Run the ``leadquiz`` command."""
    try:
        if sys.argv[1:] == ["--version"]:
            _version()
            return
        from leadquiz.cli.application import main as run
    except KeyboardInterrupt:  # Ctrl-C while starting up: nothing was done yet
        sys.exit(130)
    run()


def _version() -> None:
    """Print the version; a closed, full or vanished stdout is a plain message, not a traceback."""
    import os

    from leadquiz import __version__

    try:
        if sys.stdout is None:
            raise OSError(9, "standard output is closed")
        sys.stdout.write(f"leadquiz {__version__}\n")
        sys.stdout.flush()
    except OSError as error:
        try:
            nowhere = os.open(os.devnull, os.O_WRONLY)
            os.dup2(nowhere, 1)
        except OSError:
            pass
        if error.errno != 32:  # EPIPE: the reader went away; end quietly
            reason = "the device is full" if error.errno == 28 else "standard output is closed"
            if error.errno not in (9, 28):
                reason = error.strerror or reason
            if sys.stderr is not None:
                sys.stderr.write(f"leadquiz: cannot write the output: {reason}.\n")
        sys.exit(141 if error.errno == 32 else 1)


def __getattr__(name: str) -> Any:
    if name == "app":  # every command; ``leadquiz`` itself builds only the one it runs
        from leadquiz.cli.application import full_app

        return full_app()
    raise AttributeError(name)
