"""``invite``, ``observe`` and ``import``: how the people around a user see them."""

# No ``from __future__ import annotations`` in a module of commands: Typer reads their
# signatures on every run, and string annotations cost it an eval() each (docs/architecture.md).

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from leadquiz.cli import signals
from leadquiz.cli.common import UserOption, bank_cache, open_store, resolve_user
from leadquiz.cli.completing import bank_ids
from leadquiz.errors import EXIT_BAD_INPUT, BadInputError
from leadquiz.text import shown_path

if TYPE_CHECKING:
    from leadquiz.app.observers import Imported, ImportOutcome
    from leadquiz.models import Attempt, Bank
    from leadquiz.quiz.observer_form import Form
    from leadquiz.store.database import Store

#: The formats ``invite`` writes a form in: name -> (file suffix, module, function -> text).
FORM_FORMATS: dict[str, tuple[str, str, str]] = {
    "yaml": (".yaml", "leadquiz.quiz.observer_form", "form_text"),
    "html": (".html", "leadquiz.exporters.formpage", "form_page"),
}

OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Where to write ('-' for stdout).", show_default=False),
]


def invite(
    bank: Annotated[
        str | None,
        typer.Option(
            "--bank",
            "-b",
            help="A bundled bank id or a bank file. Default: core.",
            autocompletion=bank_ids,
        ),
    ] = None,
    user: UserOption = None,
    name: Annotated[
        str | None,
        typer.Option(
            "--name",
            help="The name the form shows observers. Default: the user name as you typed it "
            "(or --for's).",
        ),
    ] = None,
    count: Annotated[
        int, typer.Option("--count", "-n", help="How many forms (one per person).")
    ] = 1,
    output: OutputOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace files that exist.")] = False,
    for_lead: Annotated[
        str | None,
        typer.Option(
            "--for",
            metavar="LEAD",
            help="Issue an anonymous round about LEAD (their user name), as its collector.",
            show_default=False,
        ),
    ] = None,
    collector: Annotated[
        str | None,
        typer.Option(
            "--collector",
            metavar="NAME",
            help="With --for: the name observers send their forms back to (yours).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="|".join(FORM_FORMATS),
            autocompletion=lambda: list(FORM_FORMATS),
            help="yaml (a file to fill in a text editor or with leadquiz observe) or html "
            "(a page to open in any browser, with a Save button).",
        ),
    ] = "yaml",
) -> None:
    """Write observer forms: one file per person who will answer about you.

    With --for LEAD --collector NAME: an anonymous round about LEAD, which you collect.
    """
    from leadquiz.app.observers import plan_round, record_round
    from leadquiz.banks.loader import resolve_bank
    from leadquiz.paths import check_user_name
    from leadquiz.text import quoted

    if fmt not in FORM_FORMATS:
        raise BadInputError(
            f"unknown format {quoted(fmt)}", f"Choose one of: {', '.join(FORM_FORMATS)}."
        )
    who = resolve_user(user)
    if (for_lead is None) != (collector is None):
        raise BadInputError(
            "an anonymous round needs both --for LEAD and --collector NAME",
            "Without them, invite issues an identified round of your own.",
        )
    lead = None if for_lead is None else check_user_name(for_lead, what="The lead's name")
    shown = name if name is not None else _as_typed(for_lead if for_lead is not None else user)
    chosen = resolve_bank(bank or "core", cache_dir=bank_cache())
    targets = _form_targets(output, count, force=force)
    folder = targets if targets is not None and count > 1 else None
    with _folder_made_if_missing(folder), open_store() as store:
        plan = plan_round(store, who, chosen, shown, count, lead=lead, collector=collector or "")
        written = _write_forms(plan.forms, targets, fmt, force=force)
        try:
            record_round(store, plan)
        except BaseException:
            for path in written:  # a form not recorded must not be sent
                with contextlib.suppress(OSError):
                    path.unlink()
            raise
    if targets is not None:
        _say_written(plan.kind, chosen, written, who, collector, fmt)


def form_writer(fmt: str) -> "Callable[[Form], str]":
    """The function that gives a form as the text of its file in ``fmt`` (``FORM_FORMATS``)."""
    from importlib import import_module

    _suffix, module, function = FORM_FORMATS[fmt]
    writer: Callable[[Form], str] = getattr(import_module(module), function)
    return writer


def form_file_text(form: "Form") -> str:
    """A form as the text of its YAML file."""
    return form_writer("yaml")(form)


def _write_forms(
    forms: "tuple[Form, ...]", targets: Path | None, fmt: str, *, force: bool
) -> list[Path]:
    """Write each form (stdout for ``None``); on a failure remove those written and say why."""
    from leadquiz.errors import LeadquizError
    from leadquiz.writing import write_private

    file_text = form_writer(fmt)
    if targets is None:
        sys.stdout.write(file_text(forms[0]))
        return []
    suffix = FORM_FORMATS[fmt][0]
    written: list[Path] = []
    try:
        for form in forms:
            target = (
                targets / f"leadquiz-form-{form.form_id}{suffix}" if targets.is_dir() else targets
            )
            write_private(target, file_text(form), overwrite=force)
            written.append(target)
    except OSError as error:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        where = shown_path(Path(error.filename)) if error.filename else "the forms"
        raise LeadquizError(
            f"cannot write {where}: {error.strerror or error}; no form was issued"
        ) from None
    return written


def _say_written(
    kind: str, bank: "Bank", written: list[Path], who: str, collector: str | None, fmt: str
) -> None:
    from leadquiz.formatting import counted
    from leadquiz.hints import command

    pages = " as web pages" if fmt == "html" else ""
    lines = [f"Wrote {counted(len(written), 'observer form')} ({bank.id} {bank.version}){pages}:"]
    lines += [f"  {shown_path(path)}" for path in written]
    if fmt == "html":
        lines.append("Each opens in any browser, a phone's too; Save there downloads the response.")
    if kind == "anonymous":
        lines += [
            f"Send one to each person; they send it back to {collector}.",
            "This computer keeps the record of the forms: collect the round here.",
            "When at least 3 have come back: "
            + command("collect", "RESPONSE...", "-o", "SUMMARY", user=who),
        ]
    else:
        lines += [
            "Send one to each person. Each form says you will see each of their answers.",
            "When they send them back: " + command("import", "RESPONSE...", user=who),
        ]
    sys.stderr.write("\n".join(lines) + "\n")


def _as_typed(user: str | None) -> str:
    """The user's name as they typed it (or the login name's own case), for a form to show.

    The stored user name is case-folded (``Dana`` and ``dana`` are one user),
    but a form shows observers a name: the one the person wrote, not its key.
    """
    typed = user if user is not None else os.environ.get("LEADQUIZ_USER", "")
    if not typed:
        import getpass

        with contextlib.suppress(Exception):
            typed = getpass.getuser()
    return " ".join(typed.split()) or resolve_user(user)


def _form_targets(output: Path | None, count: int, *, force: bool) -> Path | None:
    """The folder (or, for one form, the file) to write to; ``None`` for stdout."""
    if output is not None and str(output) == "-":
        if count != 1:
            raise BadInputError("-o - writes one form to stdout; use -o FOLDER with --count")
        return None
    target = output if output is not None else Path.cwd()
    if count == 1 and not target.is_dir() and target.exists() and not force:
        # Checked before the form is recorded, so a refused write leaves no form behind.
        raise BadInputError(
            f"{shown_path(target)} already exists",
            "Use --force to replace it, or choose another name.",
        )
    if count > 1 and target.exists() and not target.is_dir():
        raise BadInputError(f"{shown_path(target)} is not a folder; several forms need -o FOLDER")
    return target


@contextlib.contextmanager
def _folder_made_if_missing(folder: Path | None) -> Iterator[None]:
    """Create a missing ``folder`` for the forms; remove it again if none get issued."""
    if folder is None or folder.exists():
        yield
        return
    try:
        folder.mkdir()
    except OSError as error:
        raise BadInputError(
            f"cannot create the folder {shown_path(folder)}: {error.strerror or error}"
        ) from None
    try:
        yield
    except BaseException:
        with contextlib.suppress(OSError):
            folder.rmdir()
        raise


def _imported(item: "Imported") -> str:
    attempt = f", attempt {item.attempt_id}" if item.attempt_id else ""
    return f"Imported {shown_path(item.path)} ({item.what}{attempt})."


def _say_what_was_stored(
    store: "Store",
    name: str,
    responses: list[Path],
    chosen: "Attempt | None",
    outcome: "ImportOutcome",
) -> None:
    """Tell, after a stop, which files were stored and which were not (to import again)."""
    from leadquiz.app.observers import stored_before_stop
    from leadquiz.formatting import counted

    stored, rest = stored_before_stop(store, name, responses, chosen, outcome)
    lines = [_imported(item) for item in stored]
    lines.append(f"Stopped after storing {len(stored)} of {counted(len(responses), 'file')}.")
    if rest:
        listed = " ".join(shown_path(path) for path in rest)
        lines.append(f"Not stored ({len(rest)}), import them again: {listed}")
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write("\n".join(lines) + "\n")
        sys.stderr.flush()


def import_(
    responses: Annotated[
        list[Path],
        typer.Argument(
            metavar="RESPONSE|SUMMARY...",
            help="Filled forms of your own rounds, or an anonymous round's summary.",
        ),
    ],
    user: UserOption = None,
    attempt: Annotated[
        str | None,
        typer.Option(
            "--attempt",
            help="Attach to this attempt instead of the one latest when the forms were issued "
            "(a summary: the latest attempt of its bank).",
        ),
    ] = None,
) -> None:
    """Add the responses observers sent back, or the summary a collector sent you.

    Each is checked against the forms you issued, or the bank it names.
    """
    from leadquiz.app.observers import ImportOutcome, import_files
    from leadquiz.app.reports import find_attempt
    from leadquiz.cli.errors import report_error
    from leadquiz.formatting import counted
    from leadquiz.hints import command
    from leadquiz.results.pooling import NEEDED

    name = resolve_user(user)
    outcome = ImportOutcome()
    with open_store() as store:
        chosen = find_attempt(store, name, attempt) if attempt is not None else None
        try:
            import_files(store, name, responses, chosen, outcome)
        except (KeyboardInterrupt, signals.Stopped):
            signals.hold()
            _say_what_was_stored(store, name, responses, chosen, outcome)
            raise
        totals = store.response_counts(name)
    lines = [_imported(item) for item in outcome.stored]
    for attempt_id in sorted({item.attempt_id for item in outcome.stored}):
        count = totals.get(attempt_id, 0)
        more = (
            f"others are shown from {NEEDED}: {NEEDED - count} more needed"
            if count < NEEDED
            else "see them with: " + command("report", str(attempt_id), user=name)
        )
        lines.append(f"Attempt {attempt_id} has {counted(count, 'response')}; {more}.")
    if lines:
        sys.stdout.write("\n".join(lines) + "\n")
        sys.stdout.flush()
    for error in outcome.refused:
        report_error(error)
    if outcome.refused:
        sys.stderr.write(
            f"Refused {len(outcome.refused)} of {counted(len(responses), 'file')}; "
            "nothing of them was stored.\n"
        )
        raise typer.Exit(EXIT_BAD_INPUT)


def collect(
    responses: Annotated[
        list[Path],
        typer.Argument(metavar="RESPONSE...", help="The responses of one anonymous round."),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="The summary file to write ('-' for stdout).", show_default=False
        ),
    ],
    bank: Annotated[
        Path | None,
        typer.Option(
            "--bank",
            "-b",
            help="The bank file the forms were made from, if not in this database "
            "(its sha256 must match).",
            show_default=False,
        ),
    ] = None,
    user: UserOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace a file that exists.")] = False,
) -> None:
    """Pool the responses of an anonymous round you issued into its summary for the lead.

    A round is collected once, from at least 3 responses.
    """
    from leadquiz.app.rounds import CollectRefused, collect_round
    from leadquiz.banks.loader import load_bank
    from leadquiz.cli.errors import report_error
    from leadquiz.formatting import counted
    from leadquiz.hints import command
    from leadquiz.writing import write_private

    who = resolve_user(user)
    given = load_bank(bank, cache_dir=bank_cache()) if bank is not None else None
    to_stdout = str(output) == "-"
    if not to_stdout and output.exists() and not force:
        raise BadInputError(
            f"{shown_path(output)} already exists", "Use --force to replace it, or choose another."
        )

    def write(text: str) -> None:
        if to_stdout:
            sys.stdout.write(text)
        else:
            write_private(output, text, overwrite=force)

    try:
        with open_store() as store:
            done = collect_round(store, who, responses, given, write)
    except CollectRefused as refused:
        for error in refused.refused:
            report_error(error)
        sys.stderr.write(
            f"Error: {refused.message}. Refused {len(refused.refused)} of "
            f"{counted(len(responses), 'file')}; no summary was written.\n"
        )
        raise typer.Exit(EXIT_BAD_INPUT) from None
    lines = [
        f"Collected round {done.round_id}: {counted(done.responses, 'response')}, "
        f"{counted(done.areas, 'area')} with at least 3 answers.",
        *(() if to_stdout else (f"Wrote the summary to {shown_path(output)}.",)),
        f"Send it to {done.lead}, who adds it with: "
        + command("import", "SUMMARY", user=done.lead),
        "The round is closed: none of its responses can be collected again.",
    ]
    sys.stderr.write("\n".join(lines) + "\n")
