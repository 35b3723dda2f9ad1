"""Options and small helpers shared by the commands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from leadquiz.cli.completing import attempt_ids, user_names

if TYPE_CHECKING:
    from leadquiz.models import ReportData
    from leadquiz.store.database import Store

UserOption = Annotated[
    str | None,
    typer.Option(
        "--user",
        "-u",
        help="Whose attempts: a short name. Default: $LEADQUIZ_USER, else your login name.",
        show_default=False,
        autocompletion=user_names,
    ),
]
JsonOption = Annotated[
    bool,
    typer.Option("--json", help="Print the machine-readable result on stdout and nothing else."),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file instead of stdout ('-': stdout).",
        show_default=False,
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]
AttemptArgument = Annotated[
    str,
    typer.Argument(
        metavar="ATTEMPT",
        help="An attempt id as shown by 'leadquiz history', or 'latest'.",
        autocompletion=attempt_ids,
    ),
]


def resolve_user(user: str | None) -> str:
    """Return the checked user name: the option's, else the default user."""
    from leadquiz.paths import check_user_name, default_user

    return check_user_name(user) if user is not None else default_user()


def bank_cache() -> Path:
    """Where validated banks are cached (inside the private data directory)."""
    from leadquiz.paths import data_home

    return data_home() / "cache"


def open_store() -> Store:
    """Open the history database in the data directory."""
    from leadquiz.paths import data_home
    from leadquiz.store.database import Store

    return Store.open(data_home())


def open_store_to_read() -> Store:
    """Open the history database for a command that only reads it (a full disk is no bar)."""
    from leadquiz.paths import data_home
    from leadquiz.store.database import Store

    return Store.open_to_read(data_home())


def print_json(document: object) -> None:
    r"""Write a JSON document to stdout, indented, non-ASCII kept as it is.

    A stored text may hold bidi or C1 controls, which JSON leaves raw: they
    are written as ``\u`` escapes (the same string to a JSON reader).
    """
    import json

    from leadquiz.text import neutralise

    sys.stdout.write(neutralise(json.dumps(document, indent=2, ensure_ascii=False)) + "\n")


def print_result_json(data: ReportData, *, include_answers: bool = False) -> None:
    """Write the result JSON of one attempt to stdout."""
    from leadquiz.results.document import result_document

    print_json(result_document(data, include_answers=include_answers))


def print_report(data: ReportData) -> None:
    """Show the full report of one attempt on stdout."""
    from leadquiz.ui.console import make_console
    from leadquiz.ui.paging import show
    from leadquiz.ui.report import render_report

    console = make_console()
    show(console, render_report(data, width=console.width))
