"""``leadquiz role``: what the user's role asks for, area by area; ``role show`` (docs/json.md)."""

# No ``from __future__ import annotations`` in a module of commands: Typer reads their
# signatures on every run, and string annotations cost it an eval() each (docs/architecture.md).

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from leadquiz.cli import signals
from leadquiz.cli.common import JsonOption, UserOption, bank_cache, open_store, resolve_user
from leadquiz.cli.completing import bank_ids
from leadquiz.cli.errors import LeadquizGroup
from leadquiz.cli.helptext import EXAMPLES, SHORT
from leadquiz.cli.take import FORCE_INTERACTIVE
from leadquiz.errors import BadInputError

if TYPE_CHECKING:
    from leadquiz.app.roles import RoleSession
    from leadquiz.models import Bank
    from leadquiz.store.database import Store
    from leadquiz.viewpoints import RoleProfile

#: The schema of ``leadquiz role --json`` and ``role show --json`` (docs/json.md).
ROLE_SCHEMA = "leadquiz/role/1"

#: ``leadquiz role`` asks its questions itself; ``leadquiz role show`` prints the saved profile.
app = typer.Typer(cls=LeadquizGroup, rich_markup_mode=None)


@app.callback(
    invoke_without_command=True, subcommand_metavar="[COMMAND [ARGS]...]", epilog=EXAMPLES["role"]
)
def role(
    ctx: typer.Context,
    bank: Annotated[
        str | None,
        typer.Option(
            "--bank",
            "-b",
            help="A bundled bank id (core, quick) or the path to a bank file: its areas are "
            "rated. Default: core.",
            show_default=False,
            autocompletion=bank_ids,
        ),
    ] = None,
    user: UserOption = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            help="Answer from a YAML or JSON file (role: {area_id: 1..5}, leading_share: N), "
            "or - for standard input.",
            show_default=False,
        ),
    ] = None,
    restart: Annotated[
        bool,
        typer.Option("--restart", help="Discard your unfinished role profile and start afresh."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Say what your role asks for: how much of each pole, area by area, and how much leading.

    Reports then set your own answers beside it. Every answer is saved as you
    give it: press q to pause, or Ctrl-C, and run leadquiz role again to continue.
    leadquiz role show prints the profile you saved.
    """
    if ctx.invoked_subcommand is not None:
        return
    from leadquiz.app.roles import finish_role, role_from_file, start_role
    from leadquiz.banks.loader import resolve_bank

    name = resolve_user(user)
    chosen = resolve_bank(bank or "core", cache_dir=bank_cache())
    if answers is not None:
        with open_store() as store:
            profile = role_from_file(store, name, chosen, answers)
        _show(chosen, profile, as_json)
        return
    if not sys.stdin.isatty() and os.environ.get(FORCE_INTERACTIVE) != "1":
        raise BadInputError(
            "leadquiz role asks its questions in a terminal, and input is not a terminal here",
            "To answer from a file, use: leadquiz role --answers FILE",
        )
    with open_store() as store:
        session = start_role(store, name, chosen, restart=restart)
        if _ask(store, session, bank, to_stderr=as_json):
            profile = finish_role(store, session)
            _show(chosen, profile, as_json)


def _ask(store: "Store", session: "RoleSession", bank: str | None, *, to_stderr: bool) -> bool:
    """Run the questions; return whether all are answered. Exits on interruption.

    ``bank`` is the ``--bank`` given, repeated in the hint on how to continue.
    """
    from leadquiz.app.roles import answer_role
    from leadquiz.formatting import are
    from leadquiz.results.role import role_questions
    from leadquiz.ui.console import make_console, plain, say_stopped
    from leadquiz.ui.role import RoleAsker, role_welcome

    console = make_console(stderr=to_stderr)
    total = len(role_questions(session.bank))
    if session.discarded:
        console.print(
            plain("Your unfinished role profile of an older version of this bank was discarded.")
        )
    console.print(
        role_welcome(session.bank, done=len(session.given), total=total, resumed=session.resumed)
    )

    signals.install()
    hint = "Continue with: " + role_command(bank, session.profile.user)
    try:
        asker = RoleAsker(console, session.bank)
        outcome = answer_role(store, session, asker, asker.confirm)
    except signals.STOPS as stop:

        def say_kept() -> None:
            kept = store.role_profile(session.profile.id)
            count = 0 if kept is None else len(kept.ratings) + int(kept.share_asked)
            say_stopped(console, f"Stopped. {count} of {total} answers {are(count)} saved. {hint}")

        signals.end_run(stop, say_kept)
    finally:
        signals.restore()
    if not outcome.finished:
        saved = f"{outcome.done} of {outcome.total} answers {are(outcome.done)} saved"
        console.print(plain(f"Paused. {saved}. {hint}"))
        return False
    console.print()
    return True


@app.command("show", short_help=SHORT["role show"], epilog=EXAMPLES["role show"])
def show(user: UserOption = None, as_json: JsonOption = False) -> None:
    """Print your latest role profile: each area's rating, and the share of leading."""
    from leadquiz.hints import command

    name = resolve_user(user)
    with open_store() as store:
        found = store.role_profiles(name, finished_only=True, limit=1)
    if not found:
        from leadquiz.text import quoted

        raise BadInputError(
            f"{quoted(name)} has no role profile yet",
            f"Say what your role asks for with: {command('role', user=name)}",
        )
    (profile,) = found
    if as_json:
        _show(None, profile, as_json=True)
        return
    from leadquiz.ui.console import make_console
    from leadquiz.ui.role import saved_profile

    make_console().print(saved_profile(_bank_of(profile), profile))


def _bank_of(profile: "RoleProfile") -> "Bank | None":
    """The bundled bank the profile rated, at the version it rated; ``None`` if it is gone."""
    from leadquiz.banks.loader import resolve_bank
    from leadquiz.errors import LeadquizError

    try:
        bank = resolve_bank(profile.bank_id, cache_dir=bank_cache())
    except LeadquizError:
        return None
    return bank if bank.version == profile.bank_version else None


def role_command(bank: str | None, user: str) -> str:
    """How to continue: ``leadquiz role [--bank BANK] [--user NAME]``, ready to paste."""
    from leadquiz.hints import command

    words = ["role"] if bank is None else ["role", "--bank", bank]
    return command(*words, user=user)


def _show(bank: "Bank | None", profile: "RoleProfile", as_json: bool) -> None:
    from leadquiz.ui.console import make_console
    from leadquiz.ui.role import role_summary

    if as_json:
        import json  # only for --json: every command imports this module

        sys.stdout.write(json.dumps(role_json(profile), indent=2, ensure_ascii=False) + "\n")
        return
    assert bank is not None
    make_console().print(role_summary(bank, profile))


def role_json(profile: "RoleProfile") -> dict[str, object]:
    """``leadquiz role --json``: the stored profile (schema ``leadquiz/role/1``)."""
    from leadquiz.results.role import role_score

    return {
        "schema": ROLE_SCHEMA,
        "profile": profile.id,
        "user": profile.user,
        "bank": {
            "id": profile.bank_id,
            "version": profile.bank_version,
            "digest": profile.bank_digest,
        },
        "taken_at": profile.finished_at,
        "leading_share": profile.leading_share,
        "dimensions": [
            {
                "id": area_id,
                "rating": value,
                "score": None if value is None else role_score(value),
            }
            for area_id, value in profile.ratings
        ],
    }
