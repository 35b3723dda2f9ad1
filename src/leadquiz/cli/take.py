"""``leadquiz take`` and ``leadquiz report``."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer

from leadquiz.cli.common import (
    AttemptArgument,
    JsonOption,
    UserOption,
    bank_cache,
    open_store,
    print_report,
    print_result_json,
    resolve_user,
)
from leadquiz.errors import EXIT_INTERRUPTED, BadInputError

if TYPE_CHECKING:
    from leadquiz.app.taking import Session
    from leadquiz.store.database import Store
    from leadquiz.ui.console import Console

#: Set to 1 to ask questions even when stdin is not a terminal (scripts, tests).
FORCE_INTERACTIVE = "LEADQUIZ_INTERACTIVE"


class _Terminated(Exception):
    """SIGTERM arrived while questions were being asked."""


def take(
    bank: Annotated[
        str | None,
        typer.Option(
            "--bank",
            "-b",
            help="A bundled bank id (core, quick) or the path to a bank file. Default: core.",
            show_default=False,
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
            "--resume", help="Continue your latest unfinished attempt where you left off."
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
    continue later with --resume.
    """
    from leadquiz.app.taking import finish, start, take_from_file
    from leadquiz.app.taking import resume as resume_session
    from leadquiz.banks.loader import resolve_bank

    if resume and (answers is not None or seed is not None):
        raise BadInputError(
            "--resume continues an attempt; it cannot be used with --answers or --seed"
        )
    if template:
        _print_template(bank)
        return
    name = resolve_user(user)
    # A bad bank is reported before anything else, whatever the input.
    chosen = resolve_bank(bank or "core", cache_dir=bank_cache()) if bank or not resume else None
    if answers is not None:
        assert chosen is not None
        with open_store() as store:
            attempt, _result = take_from_file(store, name, chosen, answers, seed)
            _show_result(store, attempt.id, as_json)
        return
    if not sys.stdin.isatty() and os.environ.get(FORCE_INTERACTIVE) != "1":
        raise BadInputError(
            "leadquiz take asks its questions in a terminal, and input is not a terminal here",
            "To answer from a file, use: leadquiz take --answers FILE",
        )
    with open_store() as store:
        if resume:
            session = resume_session(store, name, chosen.id if chosen else None)
        else:
            assert chosen is not None
            session = start(store, name, chosen, seed)
        finished = _ask(store, session, name, to_stderr=as_json)
        if finished:
            attempt, _result = finish(store, session)
            if not as_json:
                _ui_console(False).print()
            _show_result(store, attempt.id, as_json)


def _print_template(bank: str | None) -> None:
    """Write the skeleton answers file of ``bank`` (default core) to stdout."""
    from leadquiz.banks.loader import resolve_bank
    from leadquiz.quiz.template import answers_template

    sys.stdout.write(answers_template(resolve_bank(bank or "core", cache_dir=bank_cache())))


def _ui_console(to_stderr: bool) -> Console:
    from leadquiz.ui.console import make_console

    return make_console(stderr=to_stderr)


def _ask(store: Store, session: Session, user: str, *, to_stderr: bool) -> bool:
    """Run the questions; return whether all are answered. Exits on pause or interruption."""
    from leadquiz.app.taking import answer_interactively
    from leadquiz.hints import resume_command
    from leadquiz.ui.asking import TerminalAsker, welcome
    from leadquiz.ui.console import plain

    console = _ui_console(to_stderr)
    order = session.attempt.order
    remaining = [q for q in session.bank.questions if q.id in order and q.id not in session.given]
    welcome_screen = welcome(
        session.bank,
        remaining,
        total=len(order),
        resumed=session.resumed,
        resume_hint=resume_command(user),
    )
    console.print(welcome_screen)

    def on_sigterm(_signum: int, _frame: FrameType | None) -> None:
        raise _Terminated

    previous = signal.signal(signal.SIGTERM, on_sigterm)
    resume_hint = resume_command(user)
    try:
        outcome = answer_interactively(store, session, TerminalAsker(console, session.bank))
    except (KeyboardInterrupt, EOFError, _Terminated) as stop:
        answered = len(store.answers(session.attempt.id))
        console.print()
        console.print(
            plain(
                f"Stopped. {answered} of {len(order)} answers are saved. "
                f"Continue with: {resume_hint}"
            )
        )
        raise typer.Exit(143 if isinstance(stop, _Terminated) else EXIT_INTERRUPTED) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
    if not outcome.finished:
        console.print(
            plain(
                f"Paused. {outcome.done} of {outcome.total} answers are saved. "
                f"Continue with: {resume_hint}"
            )
        )
        return False
    return True


def _show_result(store: Store, attempt_id: int, as_json: bool) -> None:
    from leadquiz.app.reports import find_attempt, report_data

    attempt = store.attempt(attempt_id)
    assert attempt is not None
    data = report_data(store, find_attempt(store, attempt.user, str(attempt_id)))
    if as_json:
        print_result_json(data)
    else:
        print_report(data)


def report(
    attempt: AttemptArgument = "latest",
    user: UserOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show the report of an attempt again (default: your latest)."""
    from leadquiz.app.reports import find_attempt, report_data

    name = resolve_user(user)
    with open_store() as store:
        found = find_attempt(store, name, attempt)
        data = report_data(store, found)
    if as_json:
        print_result_json(data)
    else:
        print_report(data)
