"""``leadquiz forget``: delete a person's data (from every file leadquiz keeps) or one attempt."""

# No ``from __future__ import annotations`` in a module of commands: Typer reads their
# signatures on every run, and string annotations cost it an eval() each (docs/architecture.md).

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from leadquiz.cli.common import open_store, resolve_user
from leadquiz.errors import BadInputError
from leadquiz.text import quoted

if TYPE_CHECKING:
    from leadquiz.store.database import Store
    from leadquiz.ui.console import Console


def forget(
    user: Annotated[
        str | None,
        typer.Option(
            "--user",
            "-u",
            help="Whose data to delete (with --attempt: default, you).",
            show_default=False,
        ),
    ] = None,
    attempt: Annotated[
        str | None,
        typer.Option(
            "--attempt",
            help="Delete only this attempt (for example an unfinished one you will not resume).",
            show_default=False,
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete every attempt, answer and role profile of one user, or one attempt.

    Nothing of other users is touched.

    A user is removed from the history and from every copy leadquiz keeps
    (saved before upgrades, set aside by restore); the files changed are named.
    """
    from leadquiz.ui.console import make_console

    if user is None and attempt is None:
        raise BadInputError(
            "say whose data to delete: --user NAME (everything) or --attempt ID (one attempt)"
        )
    name = resolve_user(user)
    console = make_console(stderr=True)
    with open_store() as store:
        if attempt is not None:
            _forget_attempt(store, name, attempt, yes=yes, console=console)
        else:
            _forget_user(store, name, yes=yes, console=console)


def _forget_attempt(store: "Store", name: str, ref: str, *, yes: bool, console: "Console") -> None:
    from leadquiz.app.reports import parse_attempt_ref
    from leadquiz.ui.console import plain

    attempt_id = parse_attempt_ref(ref)
    found = store.attempt(attempt_id) if attempt_id is not None else None
    if found is None or found.user != name:
        raise BadInputError(
            f"there is no attempt {ref.strip()} for user {quoted(name)}",
            "See the attempts with: leadquiz history",
        )
    answered = len(store.answers(found.id))
    state = "unfinished " if found.status != "finished" else ""
    what = f"{state}attempt {found.id} of {quoted(name)} ({_plural(answered, 'answer')})"
    if not yes and not _confirmed(console, f"Delete {what}? This cannot be undone.", what):
        return
    store.delete_attempt(found.id)
    console.print(plain(f"Deleted {what}."))


def _forget_user(store: "Store", name: str, *, yes: bool, console: "Console") -> None:
    from leadquiz.app.reports import similar_users
    from leadquiz.ui.console import plain

    count = store.count_attempts(name)
    profiles = len(store.role_profiles(name))
    if count == 0 and profiles == 0 and not store.has_forms(name):
        # The copies may still hold someone already forgotten by an older leadquiz.
        copies = store.forget_in_copies(name)
        if any(copies):
            console.print(plain(f"There is no saved data for {quoted(name)} in the history."))
            _name_copies(*copies, console)
            return
        similar = similar_users(store, name)
        listed = ", ".join(quoted(other) for other in similar)
        raise BadInputError(
            f"there is no saved data for {quoted(name)}; nothing was deleted",
            f"Users with data and a similar name: {listed}."
            if similar
            else "See who has data with: leadquiz users",
        )
    what = f"{_everything(count, profiles)} of {quoted(name)}"
    if not yes and not _confirmed(console, f"Delete {what}? This cannot be undone.", what):
        return
    gone = store.forget_all(name)
    deleted = _deleted(gone.attempts, gone.answers, profiles)
    if gone.forms:
        deleted += (
            f", {_plural(gone.forms, 'observer form')} and {_plural(gone.responses, 'response')}"
        )
    console.print(plain(f"Deleted {deleted} of {quoted(name)}."))
    # soft_wrap: a path is never broken across lines (it must stay copyable).
    console.print(plain(f"Rewritten without them: {_shown(store.path)}"), soft_wrap=True)
    _name_copies(*store.forget_in_copies(name), console)


def _name_copies(rewritten: list[Path], deleted: list[Path], console: "Console") -> None:
    """Name each copy rewritten and each file deleted by ``forget_in_copies``."""
    from leadquiz.ui.console import plain

    for path in rewritten:
        console.print(plain(f"Rewritten without them: {_shown(path)}"), soft_wrap=True)
    for path in deleted:
        console.print(
            plain(f"Deleted (it could hold them and could not be rewritten): {_shown(path)}"),
            soft_wrap=True,
        )


def _confirmed(console: "Console", question: str, what: str) -> bool:
    """Ask ``question [y/N]`` in a terminal; refuse plainly without one."""
    from leadquiz.ui.console import ask_line, plain

    try:
        interactive = sys.stdin is not None and sys.stdin.isatty()
    except (OSError, ValueError):
        interactive = False
    if not interactive:
        raise BadInputError(
            f"deleting {what.removeprefix('all ').removeprefix('the ')} needs confirmation",
            "Run it in a terminal, or add --yes.",
        )
    # Text, not a markup string: "[y/N]" and the name must be printed as they are.
    try:
        reply = ask_line(console, plain(f"{question} [y/N] "))
    except (EOFError, OSError):
        reply = ""
    if reply.strip().lower() not in ("y", "yes"):
        console.print(plain("Nothing was deleted."))
        return False
    return True


def _everything(attempts: int, profiles: int) -> str:
    """``all 3 attempts and 1 role profile``, ``the 1 attempt``, ``the observer forms``."""
    kept = [
        _plural(number, noun)
        for number, noun in ((attempts, "attempt"), (profiles, "role profile"))
        if number
    ]
    if not kept:
        return "the observer forms"
    return ("all " if attempts + profiles > 1 else "the ") + " and ".join(kept)


def _deleted(attempts: int, answers: int, profiles: int) -> str:
    """``2 attempts and 10 answers``, or ``…, 10 answers and 1 role profile``."""
    if not profiles:
        return f"{_plural(attempts, 'attempt')} and {_plural(answers, 'answer')}"
    return (
        f"{_plural(attempts, 'attempt')}, {_plural(answers, 'answer')} and "
        f"{_plural(profiles, 'role profile')}"
    )


def _shown(path: Path) -> str:
    from leadquiz.text import printable

    return printable(str(path))


def _plural(count: int, noun: str) -> str:
    """``1 attempt``, ``3 attempts``."""
    from leadquiz.formatting import counted

    return counted(count, noun)
