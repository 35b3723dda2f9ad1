"""``leadquiz take`` and ``leadquiz report``."""

# No ``from __future__ import annotations`` in a module of commands: Typer reads their
# signatures on every run, and string annotations cost it an eval() each (docs/architecture.md).

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from leadquiz.cli import signals
from leadquiz.cli.common import (
    AttemptArgument,
    JsonOption,
    UserOption,
    bank_cache,
    open_store,
    open_store_to_read,
    print_report,
    print_result_json,
    resolve_user,
)
from leadquiz.cli.completing import area_ids, bank_ids
from leadquiz.cli.output import set_saved_attempt
from leadquiz.errors import BadInputError
from leadquiz.hints import resume_command
from leadquiz.text import printable

if TYPE_CHECKING:
    from leadquiz.models import Bank, ReportData, Result
    from leadquiz.store.database import Store
    from leadquiz.ui.console import Console

#: Set to 1 to ask questions even when stdin is not a terminal (scripts, tests).
FORCE_INTERACTIVE = "LEADQUIZ_INTERACTIVE"


def take(
    attempt_ref: Annotated[
        str | None,
        typer.Argument(
            metavar="[ATTEMPT]",
            help="With --resume: the unfinished attempt to continue (an id; default: latest).",
            show_default=False,
        ),
    ] = None,
    bank: Annotated[
        str | None,
        typer.Option(
            "--bank",
            "-b",
            help="A bundled bank id (core, quick) or the path to a bank file. Default: core.",
            show_default=False,
            autocompletion=bank_ids,
        ),
    ] = None,
    user: UserOption = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            help="Answer from a YAML or JSON file (answers: {question_id: value}; '-' is "
            "stdin) instead of interactively. Start one with --template.",
            show_default=False,
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Continue an unfinished attempt where you left off "
            "(--resume 7 picks attempt 7; default: your latest).",
        ),
    ] = False,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            help="Fix the question order (the same seed, the same order).",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
    template: Annotated[
        bool,
        typer.Option(
            "--template",
            help="Print an answers file to fill in (every question id, its text as a "
            "comment) and exit.",
        ),
    ] = False,
) -> None:
    """Take the quiz: one question at a time, then your report.

    Every answer is saved as you give it: press q to pause, or Ctrl-C, and
    continue later with --resume. An unfinished attempt is offered to you
    before a new one starts.
    """
    from leadquiz.banks.loader import resolve_bank

    if attempt_ref is not None and not resume:
        raise BadInputError(
            f"an attempt id ({printable(attempt_ref)}) is taken only with --resume",
            f"Continue it with: leadquiz take --resume {printable(attempt_ref)}",
        )
    if resume and (answers is not None or seed is not None):
        raise BadInputError(
            "--resume continues an attempt; it cannot be used with --answers or --seed"
        )
    if template:
        _print_template(bank)
        return
    name = resolve_user(user)
    # A bad bank is reported before anything else, whatever the input.
    wanted = bank is not None or not resume
    chosen = (
        resolve_bank("core" if bank is None else bank, cache_dir=bank_cache()) if wanted else None
    )
    if answers is not None:
        assert chosen is not None
        _take_from_file(name, chosen, answers, seed, as_json)
        return
    _take_interactively(name, chosen, seed, as_json, attempt_ref if resume else None, resume)


def _take_from_file(
    name: str, bank: "Bank", answers: Path, seed: int | None, as_json: bool
) -> None:
    """``take --answers``: save the whole attempt, then show its result."""
    from leadquiz.app.taking import take_from_file
    from leadquiz.cli.session import unfinished_note

    with open_store() as store:
        note = unfinished_note(store, name)
        attempt, result = take_from_file(store, name, bank, answers, seed)
        set_saved_attempt(attempt.id)
        if note:
            # Rich only when there is a note: take --answers --json otherwise prints none.
            from leadquiz.ui.console import plain

            _ui_console(True).print(plain(note))
        _show_result(store, attempt.id, as_json, result)


def _take_interactively(
    name: str,
    chosen: "Bank | None",
    seed: int | None,
    as_json: bool,
    attempt_ref: str | None,
    resume: bool,
) -> None:
    """Ask the questions in a terminal (new, or resumed), then show the result."""
    from leadquiz.app.taking import finish, release
    from leadquiz.app.taking import resume as resume_session
    from leadquiz.cli import session as asking

    if not _stdin_is_terminal() and os.environ.get(FORCE_INTERACTIVE) != "1":
        asking.refuse_without_terminal()
    console = _ui_console(as_json)
    signals.install()
    try:
        with open_store() as store:
            if resume:
                session = resume_session(store, name, chosen.id if chosen else None, attempt_ref)
            else:
                assert chosen is not None
                session = asking.start_or_resume(store, name, chosen, seed, console)
            hint = resume_command(name, session.attempt.id)
            try:
                finished = asking.ask(store, session, hint, console)
                if finished:
                    attempt, result = finish(store, session)
            finally:
                release(store, session)
            if finished:
                set_saved_attempt(attempt.id)
                if not as_json:
                    console.print()
                _show_result(store, attempt.id, as_json, result)
    finally:
        signals.restore()


def _stdin_is_terminal() -> bool:
    """Whether input comes from a terminal (a closed stdin does not)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (OSError, ValueError):
        return False


def _print_template(bank: str | None) -> None:
    """Write the skeleton answers file of ``bank`` (default core) to stdout."""
    from leadquiz.banks.loader import resolve_bank
    from leadquiz.quiz.template import answers_template

    sys.stdout.write(answers_template(resolve_bank(bank or "core", cache_dir=bank_cache())))


def _ui_console(to_stderr: bool) -> "Console":
    from leadquiz.ui.console import make_console

    return make_console(stderr=to_stderr)


def _show_result(store: "Store", attempt_id: int, as_json: bool, result: "Result") -> None:
    """The report (or JSON) of an attempt just finished, with the result ``finish`` scored."""
    from leadquiz.app.reports import find_attempt, report_data

    attempt = store.attempt(attempt_id)
    assert attempt is not None
    data = report_data(store, find_attempt(store, attempt.user, str(attempt_id)), result=result)
    if as_json:
        print_result_json(data)
    else:
        print_report(data)


def report(
    attempt: AttemptArgument = "latest",
    area: Annotated[
        str | None,
        typer.Argument(
            metavar="AREA",
            help="With --why: only this area (an area id such as goals).",
            show_default=False,
            autocompletion=area_ids,
        ),
    ] = None,
    user: UserOption = None,
    as_json: JsonOption = False,
    why: Annotated[
        bool,
        typer.Option(
            "--why",
            help="List each area's answers by how far they pulled its score "
            "(report --why, or report --why AREA).",
        ),
    ] = False,
) -> None:
    """Show the report of an attempt again (default: your latest)."""
    from leadquiz.app.reports import find_attempt, report_data

    attempt, area = _attempt_and_area(attempt, area, why=why)
    name = resolve_user(user)
    with open_store_to_read() as store:
        found = find_attempt(store, name, attempt)
        data = report_data(store, found)
    if why:
        _print_why(data, area, as_json=as_json)
    elif as_json:
        print_result_json(data)
    else:
        print_report(data)


def _attempt_and_area(attempt: str, area: str | None, *, why: bool) -> tuple[str, str | None]:
    """Sort ``report``'s two arguments: ``--why goals`` names an area, not an attempt."""
    from leadquiz.app.reports import is_attempt_ref
    from leadquiz.text import quoted as show_name

    if not why:
        if area is not None:
            raise BadInputError(
                f"an area ({show_name(area)}) is named only with --why",
                "Use: leadquiz report --why AREA",
            )
        return attempt, None
    if area is None and not is_attempt_ref(attempt):
        return "latest", attempt
    if area is not None and not is_attempt_ref(attempt) and is_attempt_ref(area):
        return area, attempt
    return attempt, area


def _print_why(data: "ReportData", area: str | None, *, as_json: bool) -> None:
    """Each area's answers by pull (one area when ``area`` is given), as text or JSON."""
    import json

    from leadquiz.results.why import why, why_document
    from leadquiz.text import quoted as show_name

    if area is not None and data.bank.dimension(area) is None:
        known = ", ".join(d.id for d in data.bank.dimensions)
        raise BadInputError(
            f"bank {data.bank.id!r} has no area {show_name(area)}", f"Areas: {known}."
        )
    areas = why(data, area)
    if as_json:
        from leadquiz.results.document import result_document

        document = result_document(data)
        document["why"] = why_document(areas)
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return
    from leadquiz.ui.console import make_console
    from leadquiz.ui.paging import show
    from leadquiz.ui.why import why_view

    show(make_console(), why_view(areas))
