"""``history``, ``compare``, ``users`` and ``export``: change over time."""

# No ``from __future__ import annotations`` in a module of commands: Typer reads their
# signatures on every run, and string annotations cost it an eval() each (docs/architecture.md).

import sys
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from leadquiz.cli.common import (
    AttemptArgument,
    JsonOption,
    UserOption,
    open_store_to_read,
    print_json,
    resolve_user,
)
from leadquiz.errors import BadInputError
from leadquiz.exporters import FORMATS, formats_help
from leadquiz.inputs import is_stdio
from leadquiz.text import neutralised_utf8, printable, quoted

if TYPE_CHECKING:
    from collections.abc import Sequence

    from leadquiz.exporters.csvstream import Viewpoints
    from leadquiz.models import Result, ScoredAttempt
    from leadquiz.store.database import Store
    from leadquiz.store.rows import CachedRow

#: What ``--excel`` puts first: the byte order mark Excel needs to read UTF-8 CSV as UTF-8.
EXCEL_BOM = "\ufeff".encode()


def history(
    user: UserOption = None,
    as_json: JsonOption = False,
    show_all: Annotated[
        bool, typer.Option("--all", help="Show every attempt, not only the newest 50.")
    ] = False,
) -> None:
    """List your attempts, newest first, with the trend of your overall score."""
    from leadquiz.app.reports import history_page
    from leadquiz.hints import resume_command
    from leadquiz.ui.attempts import history_view
    from leadquiz.ui.console import make_console

    name = resolve_user(user)
    with open_store_to_read() as store:
        page = history_page(store, name, None if show_all or as_json else 50)
        profiles = store.role_profiles(name)
        responses = store.response_counts(name)
    if as_json:
        from leadquiz.results.listings import history_document

        listing = history_document(name, page.rows, responses)
        if profiles:  # present only when there are some, like "role" in a result
            from leadquiz.cli.role import role_json

            listing["role_profiles"] = [{**role_json(p), "status": p.status} for p in profiles]
        print_json(listing)
        return
    from leadquiz.ui.paging import paged

    console = make_console()
    with paged(console):
        console.print(
            history_view(name, page, resume_command=resume_command(name), responses=responses)
        )
        if profiles:
            from leadquiz.ui.role import role_history_view  # the role screens: only when needed

            console.print()
            console.print(role_history_view(profiles))


def compare(
    first: Annotated[
        str | None,
        typer.Argument(
            metavar="FIRST",
            help="The earlier attempt id (default: the second latest of the latest one's bank).",
            show_default=False,
        ),
    ] = None,
    second: Annotated[
        str | None,
        typer.Argument(
            metavar="SECOND",
            help="The later attempt id (default: the latest of that bank).",
            show_default=False,
        ),
    ] = None,
    user: UserOption = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="Print the comparison as JSON (leadquiz/compare/1) and nothing else."
        ),
    ] = False,
) -> None:
    """Compare two attempts area by area (default: the two latest of your latest attempt's bank)."""
    from leadquiz.app.reports import banks_of_pair, find_attempt, result_of, role_for
    from leadquiz.models import ScoredAttempt
    from leadquiz.results.role import profile_changed
    from leadquiz.ui.comparing import compare_view
    from leadquiz.ui.console import make_console, plain

    name = resolve_user(user)
    with open_store_to_read() as store:
        if first is None:
            pair = _latest_pair(store, name)
        else:
            refs = (first, "latest" if second is None else second)
            attempts = [find_attempt(store, name, ref) for ref in refs]
            if attempts[0].id == attempts[1].id:
                raise BadInputError(
                    f"both sides name attempt {attempts[0].id}; comparing needs two attempts",
                    "See the attempts with: leadquiz history",
                )
            pair = (
                ScoredAttempt(attempts[0], result_of(store, attempts[0])),
                ScoredAttempt(attempts[1], result_of(store, attempts[1])),
            )
        role_note = profile_changed(
            role_for(store, pair[0].attempt), role_for(store, pair[1].attempt)
        )
        banks = banks_of_pair(store, pair[0].attempt, pair[1].attempt)
    if as_json:
        from leadquiz.results.comparison import compare as compared
        from leadquiz.results.document import compare_document

        print_json(compare_document(compared(*pair, banks)))
        return
    from leadquiz.ui.paging import paged

    console = make_console()
    with paged(console):
        console.print(compare_view(*pair, banks=banks))
        if role_note is not None:
            console.print()
            console.print(plain(role_note))


def _latest_pair(store: "Store", name: str) -> "tuple[ScoredAttempt, ScoredAttempt]":
    """The two latest finished attempts of the bank of ``name``'s latest attempt, older first.

    The default of one bank (README, "compare"): a quick attempt is never set beside a
    core one unless both are named.
    """
    from leadquiz.app.reports import scored_attempts
    from leadquiz.hints import command

    latest = scored_attempts(store, name, limit=1)
    if not latest:
        raise BadInputError(
            f"{quoted(name)} has no finished attempt; comparing needs two",
            "Take the quiz with: leadquiz take",
        )
    bank_id = latest[0].attempt.bank_id
    pair = scored_attempts(store, name, bank_id=bank_id, limit=2)
    if len(pair) < 2:
        raise BadInputError(
            f"the latest attempt of {quoted(name)} used bank {quoted(bank_id)}, which has "
            "only that one finished attempt; comparing needs two attempts of one bank",
            f"Take it again with: {command('take', '--bank', bank_id, user=name)}, or name "
            f"two attempts: {command('compare', 'A', 'B', user=name)} (see: leadquiz history)",
        )
    return pair[1], pair[0]


def users(as_json: JsonOption = False) -> None:
    """List everyone with saved attempts on this computer."""
    with open_store_to_read() as store:
        found = store.users()
        responses = store.responses_by_user()
    if as_json:
        from leadquiz.results.listings import users_document

        print_json(users_document(found, responses))
        return
    from leadquiz.ui.attempts import users_view
    from leadquiz.ui.console import make_console
    from leadquiz.ui.paging import show

    show(make_console(), users_view(found, responses))


def export(
    attempt: AttemptArgument = "latest",
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="|".join(FORMATS),
            autocompletion=lambda: list(FORMATS),
            help=formats_help() + ".",
        ),
    ] = "md",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file instead of stdout ('-': stdout).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the output file if it exists.")
    ] = False,
    every: Annotated[
        bool,
        typer.Option(
            "--all", help="With --format csv or json: every finished attempt of the user."
        ),
    ] = False,
    user: UserOption = None,
    excel: Annotated[
        bool,
        typer.Option(
            "--excel",
            help="With --format csv: start with a UTF-8 BOM so Excel reads names right "
            "(cells that would start a formula are always made inert).",
        ),
    ] = False,
) -> None:
    """Export an attempt as markdown, JSON, CSV or HTML (to stdout, or to a file with -o)."""
    from leadquiz.writing import write_private_chunks

    if fmt not in FORMATS:
        raise BadInputError(
            f"unknown format {quoted(fmt)}", f"Choose one of: {', '.join(FORMATS)}."
        )
    if excel and fmt != "csv":
        raise BadInputError("--excel shapes a CSV file, so it needs --format csv")
    if every and fmt not in ("csv", "json"):
        raise BadInputError("--all exports every attempt, so it needs --format csv or json")
    if fmt == "html" and output is None and _stdout_is_terminal():
        raise BadInputError(
            "an HTML page is for a browser, not the terminal; write it to a file",
            f"Use: leadquiz export --format html -o {_html_name(attempt)} (or -o - for stdout)",
        )
    if every and attempt != "latest":
        raise BadInputError("--all exports every attempt, so it takes no attempt id")
    name = resolve_user(user)
    with open_store_to_read() as store:
        encoded: Iterable[bytes]
        if every and fmt == "csv":
            # Neutralised piece by piece as it is made (csvstream): plain text, encoded as it is.
            encoded = map(str.encode, _history_csv(store, name))
        else:
            chunks = _history_json(store, name) if every else _one_export(store, name, attempt, fmt)
            # What the database held is untrusted: no control sequence reaches an export.
            encoded = map(neutralised_utf8, chunks)
        if excel:
            encoded = chain((EXCEL_BOM,), encoded)
        if output is None or is_stdio(output):
            _write_exactly(encoded)
            return
        write_private_chunks(output, encoded, overwrite=force)
    sys.stderr.write(f"Wrote {printable(str(output))}\n")


def _stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (OSError, ValueError):
        return False


def _html_name(attempt: str) -> str:
    """A file name for the page the hint suggests: ``report.html``, ``report-3.html``."""
    return "report.html" if not attempt.isdecimal() else f"report-{attempt}.html"


def _one_export(store: "Store", name: str, attempt: str, fmt: str) -> Iterator[str]:
    """The export of one attempt of ``name`` in format ``fmt``, as one chunk of text."""
    from leadquiz.app.reports import EARLIER_SHOWN, find_attempt, report_data
    from leadquiz.exporters import export as render

    found = find_attempt(store, name, attempt)
    # The HTML trend draws more of the history than a text report lists.
    earlier = EARLIER_SHOWN
    if fmt == "html":
        from leadquiz.exporters.html import TREND_POINTS

        earlier = TREND_POINTS - 1
    return iter((render(fmt, report_data(store, found, earlier=earlier)),))


def _history_csv(store: "Store", name: str) -> Iterator[str]:
    """The CSV of every finished attempt of ``name``, oldest first, as chunks of text.

    Raises ``BadInputError`` at once if there is none; the rest is read as it is written.
    """
    from leadquiz.exporters.csvstream import csv_chunks

    rows = store.iter_cached_results(name)
    first = next(rows, None)
    if first is None:
        raise BadInputError(
            f"{quoted(name)} has no finished attempt yet", "Take the quiz with: leadquiz take"
        )

    def rescore(row: "CachedRow") -> "Result":
        # Imported only here: with current caches (the usual case) the export never
        # rescores, and the app's report module is a large part of its start-up.
        from leadquiz.app.reports import result_of_row

        return result_of_row(store, row)

    return csv_chunks(chain((first,), rows), rescore, _viewpoints_of(store, name))


def _viewpoints_of(store: "Store", name: str) -> "Viewpoints | None":
    """What gives an attempt's role and observer cells; ``None`` when no attempt has any.

    Only attempts finished after the user's first role profile, or with
    observer responses, are read as a report is: the rest have empty cells.
    """
    profiles = store.role_profiles(name, finished_only=True)
    observed = store.response_counts(name)
    if not profiles and not observed:
        return None
    from leadquiz.app.reports import report_data
    from leadquiz.exporters.csvfmt import viewpoint_cells

    first_profile = min((p.finished_at or "" for p in profiles), default=None)

    def viewpoints(row: "CachedRow") -> "Sequence[str] | None":
        has_role = first_profile is not None and first_profile <= row.finished_at
        if not has_role and row.id not in observed:
            return None
        attempt = store.attempt(row.id)
        if attempt is None:
            return None
        return viewpoint_cells(report_data(store, attempt, earlier=0))

    return viewpoints


def _history_json(store: "Store", name: str) -> Iterator[str]:
    """Every finished attempt of ``name``, oldest first, as one JSON document in chunks.

    Raises ``BadInputError`` at once if there is none.
    """
    from leadquiz.app.reports import report_data
    from leadquiz.exporters.jsonall import json_all_chunks

    finished = store.attempts(name, finished_only=True)
    if not finished:
        raise BadInputError(
            f"{quoted(name)} has no finished attempt yet", "Take the quiz with: leadquiz take"
        )
    # One earlier attempt is read for each: enough for its change since the previous one.
    reports = (report_data(store, attempt, earlier=1) for attempt in reversed(finished))
    return json_all_chunks(name, reports)


def _write_exactly(chunks: Iterable[bytes]) -> None:
    r"""Write an export's UTF-8 bytes to stdout, chunk by chunk, byte for byte as into a file.

    Text-mode stdout would turn CSV's ``\r\n`` into ``\r\r\n`` on Windows and
    fail on characters its locale encoding lacks when redirected to a file.
    """
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        for chunk in chunks:
            sys.stdout.write(chunk.decode("utf-8"))
        return
    sys.stdout.flush()
    for chunk in chunks:
        buffer.write(chunk)
    buffer.flush()
