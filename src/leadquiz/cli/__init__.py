"""The command-line interface: Typer commands that parse, delegate, print and exit.

Nothing outside this package imports it. ``main`` answers ``leadquiz --version``
before Typer is imported, since it is the one command scripts call most.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from leadquiz.cli.application import app

__all__ = ["app", "main"]


def main() -> None:
    """Run the ``leadquiz`` command."""
    if sys.argv[1:] == ["--version"]:
        from leadquiz import __version__

        sys.stdout.write(f"leadquiz {__version__}\n")
        return
    from leadquiz.cli.application import main as run

    run()


def __getattr__(name: str) -> Any:
    if name == "app":
        from leadquiz.cli.application import app

        return app
    raise AttributeError(name)
