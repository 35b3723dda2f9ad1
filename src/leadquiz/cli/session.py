"""The interactive half of ``leadquiz take``: what to do with unfinished attempts, then asking.

A paused attempt is never stranded: before a new attempt is started, an
unfinished one is named, and in a terminal the person chooses to resume it,
start anew (it stays, listed) or discard it. Nothing is created until they
have chosen, so Ctrl-C at that point changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from leadquiz.cli import signals
from leadquiz.errors import BadInputError

if TYPE_CHECKING:
    from leadquiz.app.taking import Session
    from leadquiz.models import Attempt, Bank
    from leadquiz.store.database import Store
    from leadquiz.ui.console import Console


def describe(attempt: Attempt, answered: int) -> str:
    """``attempt 7 (bank quick, 4 of 15 answered, started 2026-11-29 10:00 UTC)``, local time."""
    from leadquiz.formatting import format_moment
    from leadquiz.text import printable

    return printable(
        f"attempt {attempt.id} (bank {attempt.bank_id}, {answered} of {len(attempt.order)} "
        f"answered, started {format_moment(attempt.started_at)})"
    )


def _stranded(store: Store, user: str) -> list[tuple[Attempt, int]]:
    """The unfinished attempts of ``user`` that no live run is answering right now."""
    return [(a, n) for a, n in store.unfinished(user) if not store.held_elsewhere(a.id)]


def unfinished_note(store: Store, user: str) -> str:
    """One line naming the unfinished attempts of ``user``, or ``""`` if there are none."""
    from leadquiz.hints import command, resume_command

    found = _stranded(store, user)
    if not found:
        return ""
    newest, answered = found[0]
    more = f" ({len(found) - 1} more unfinished: leadquiz history)" if len(found) > 1 else ""
    return (
        f"Note: {describe(newest, answered)} is unfinished{more}. Continue it with: "
        f"{resume_command(user, newest.id)}; discard it with: "
        f"{command('forget', '--attempt', str(newest.id), user=user)}"
    )


def start_or_resume(
    store: Store, user: str, bank: Bank, seed: int | None, console: Console
) -> Session:
    """Start a new attempt, first offering to resume or discard an unfinished one."""
    from leadquiz.app.taking import resume, start
    from leadquiz.ui.console import plain

    found = _stranded(store, user)
    if not found:
        return start(store, user, bank, seed)
    newest, answered = found[0]
    console.print(plain(f"You have an unfinished {describe(newest, answered)}."))
    if len(found) > 1:
        others = ", ".join(str(attempt.id) for attempt, _ in found[1:])
        console.print(
            plain(f"Also unfinished: {others} (resume one with: leadquiz take --resume ID).")
        )
    choice = _choose(console, newest.id)
    if choice == "r":
        return resume(store, user, ref=str(newest.id))
    if choice == "d":
        store.delete_attempt(newest.id)
        console.print(plain(f"Attempt {newest.id} was discarded."))
    return start(store, user, bank, seed)


def _choose(console: Console, attempt_id: int) -> str:
    """Ask: r resume, n start anew, d discard; Ctrl-C or end of input stops, nothing created."""
    from leadquiz.ui.console import ask_line, plain, say_stopped

    console.print(plain(f"  r  resume attempt {attempt_id}"))
    console.print(plain(f"  n  start a new attempt (attempt {attempt_id} is kept)"))
    console.print(plain(f"  d  discard attempt {attempt_id} and start a new one"))
    while True:
        try:
            typed = ask_line(console, plain("Your choice (r/n/d, Enter = r): ")).strip().lower()
        except signals.STOPS as stop:
            signals.end_run(
                stop, lambda: say_stopped(console, "Stopped. Nothing was started or deleted.")
            )
        if typed in ("", "r", "resume"):
            return "r"
        if typed in ("n", "new"):
            return "n"
        if typed in ("d", "discard"):
            return "d"
        console.print(plain("Please type r, n or d."))


def ask(store: Store, session: Session, resume_hint: str, console: Console) -> bool:
    """Run the questions; return whether all are answered. Exits on pause or a stop."""
    from leadquiz.app.taking import answer_interactively
    from leadquiz.formatting import are
    from leadquiz.ui.asking import TerminalAsker, welcome
    from leadquiz.ui.console import plain

    order = session.attempt.order
    if session.took_over is not None:
        console.print(
            plain(
                f"Attempt {session.attempt.id} was held by another leadquiz run that is gone "
                f"({session.took_over.describe()}); it is answered here now."
            )
        )
    remaining = [q for q in session.bank.questions if q.id in order and q.id not in session.given]
    console.print(
        welcome(
            session.bank,
            remaining,
            total=len(order),
            resumed=session.resumed,
            resume_hint=resume_hint,
        )
    )
    asker = TerminalAsker(console, session.bank)
    try:
        outcome = answer_interactively(store, session, asker, asker.confirm)
    except signals.STOPS as stop:
        signals.end_run(stop, lambda: _tell_what_was_kept(store, session, resume_hint, console))
    if not outcome.finished:
        console.print(
            plain(
                f"Paused. {outcome.done} of {outcome.total} answers {are(outcome.done)} saved. "
                f"Continue with: {resume_hint}"
            )
        )
        return False
    return True


def _tell_what_was_kept(store: Store, session: Session, resume_hint: str, console: Console) -> None:
    """After a stop: drop an empty new attempt, say what is saved."""
    from leadquiz.app.taking import discard_if_empty
    from leadquiz.errors import LeadquizError
    from leadquiz.formatting import are
    from leadquiz.ui.console import say_stopped

    try:
        if discard_if_empty(store, session):
            message = "Stopped before the first answer; nothing was saved."
        else:
            answered = len(store.answers(session.attempt.id))
            message = (
                f"Stopped. {answered} of {len(session.attempt.order)} answers "
                f"{are(answered)} saved. "
                f"Continue with: {resume_hint}"
            )
    except LeadquizError:
        message = f"Stopped. The answers given are saved. Continue with: {resume_hint}"
    say_stopped(console, message)


def refuse_without_terminal() -> None:
    """Refuse to ask questions when input is not a terminal (or is closed)."""
    raise BadInputError(
        "leadquiz take asks its questions in a terminal, and input is not a terminal here",
        "To answer from a file, use: leadquiz take --answers FILE",
    )
