"""``paths``, ``backup`` and ``restore``: where the data lives, and moving it."""

# No ``from __future__ import annotations`` in a module of commands: Typer reads their
# signatures on every run, and string annotations cost it an eval() each (docs/architecture.md).

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from leadquiz.cli.common import JsonOption, print_json
from leadquiz.text import printable


def paths(as_json: JsonOption = False) -> None:
    """Show the data directory and the files in it (database, cache, copies) with sizes."""
    from leadquiz.app.places import data_places, paths_document

    home, places = data_places()
    if as_json:
        print_json(paths_document(home, places))
        return
    from leadquiz.ui.console import make_console
    from leadquiz.ui.places import paths_view

    from_env = bool(os.environ.get("LEADQUIZ_HOME"))
    console = make_console()
    for part, whole_line in paths_view(home, from_env, places, console.width):
        console.print(part, soft_wrap=whole_line)


def backup(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The file to write the copy to.")],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Copy your whole history (every user) to FILE; safe while leadquiz runs.

    The copy is a leadquiz database: move it to another computer and put it
    in place there with 'leadquiz restore FILE'.
    """
    from leadquiz.formatting import counted
    from leadquiz.paths import data_home
    from leadquiz.store.safekeeping import backup_history

    count = backup_history(data_home(), file, overwrite=force)
    sys.stderr.write(f"Wrote {printable(str(file))} ({counted(count, 'attempt')}).\n")


def restore(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A file made by 'leadquiz backup'.")],
) -> None:
    """Replace your history with a backup; the current history is kept aside, not deleted.

    Refuses a file that is not a leadquiz history, is damaged, or was written
    by a newer leadquiz. Close other leadquiz runs first.
    """
    from leadquiz.formatting import counted
    from leadquiz.paths import data_home
    from leadquiz.store.safekeeping import restore_history

    count, aside = restore_history(data_home(), file)
    sys.stderr.write(f"Restored {counted(count, 'attempt')} from {printable(str(file))}.\n")
    if aside is not None:
        sys.stderr.write(f"The history that was there is kept as {printable(str(aside))}.\n")
