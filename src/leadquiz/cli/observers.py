"""``invite``, ``observe`` and ``import``: how the people around a user see them."""

# No ``from __future__ import annotations`` in a module of commands: Typer reads their
# signatures on every run, and string annotations cost it an eval() each (docs/architecture.md).

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from leadquiz.cli import signals
from leadquiz.cli.common import UserOption, bank_cache, open_store, resolve_user
from leadquiz.cli.completing import bank_ids
from leadquiz.errors import EXIT_BAD_INPUT, BadInputError
from leadquiz.text import shown_path

if TYPE_CHECKING:
    from leadquiz.models import AnswerValue
    from leadquiz.quiz.observer_form import Form

#: Set to 1 to ask questions even when stdin is not a terminal (scripts, tests).
FORCE_INTERACTIVE = "LEADQUIZ_INTERACTIVE"
#: What a response file is called beside its form.
RESPONSE_SUFFIX = ".response.yaml"

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
        typer.Option("--name", help="The name the form shows observers. Default: the user name."),
    ] = None,
    count: Annotated[
        int, typer.Option("--count", "-n", help="How many forms (one per person).")
    ] = 1,
    output: OutputOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace files that exist.")] = False,
) -> None:
    """Write observer forms: one YAML file per person who will answer about you."""
    from leadquiz.app.observers import issue_forms
    from leadquiz.banks.loader import resolve_bank
    from leadquiz.formatting import counted
    from leadquiz.hints import command
    from leadquiz.quiz.observer_form import form_text
    from leadquiz.writing import write_private

    who = resolve_user(user)
    chosen = resolve_bank(bank or "core", cache_dir=bank_cache())
    targets = _form_targets(output, count, force=force)
    folder = targets if targets is not None and count > 1 else None
    with _folder_made_if_missing(folder), open_store() as store:
        forms = issue_forms(store, who, chosen, name if name is not None else who, count)
    if targets is None:
        sys.stdout.write(form_text(forms[0]))
        return
    written = []
    for form in forms:
        target = targets / f"leadquiz-form-{form.form_id}.yaml" if targets.is_dir() else targets
        write_private(target, form_text(form), overwrite=force)
        written.append(target)
    lines = [f"Wrote {counted(len(forms), 'observer form')} ({chosen.id} {chosen.version}):"]
    lines += [f"  {shown_path(path)}" for path in written]
    lines += [
        "Send one to each person. Their answers are shown only as averages, from 3 responses.",
        "When they send them back: " + command("import", "RESPONSE...", user=who),
    ]
    sys.stderr.write("\n".join(lines) + "\n")


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


def observe(
    form_path: Annotated[
        Path,
        typer.Argument(metavar="FORM", help="The observer form (or a partly filled response)."),
    ],
    answers: Annotated[
        Path | None,
        typer.Option("--answers", help="Answer from a file (answers: {question_id: value})."),
    ] = None,
    relationship: Annotated[
        str | None,
        typer.Option(
            "--relationship",
            help="Who you are to the person: manager, peer, 'direct report' or other.",
        ),
    ] = None,
    output: OutputOption = None,
) -> None:
    """Answer an observer form someone sent you; writes the filled form to send back.

    Nothing is stored on your computer but the response file.
    """
    from leadquiz.quiz.answers_file import load_answers
    from leadquiz.quiz.observer_form import asking_bank
    from leadquiz.viewpoints import RELATIONSHIPS

    form = _read_form(form_path)
    out = output if output is not None else _response_path(form_path)
    form = _continued(form, form_path, out)
    if relationship is not None:
        if relationship not in RELATIONSHIPS:
            raise BadInputError(
                f"--relationship must be one of {', '.join(RELATIONSHIPS)}",
            )
        form = _with(form, relationship=relationship)
    if answers is not None:
        given = load_answers(answers, asking_bank(form))
        if form.relationship is None:
            raise BadInputError(
                "say who you are to the person with --relationship "
                "(manager, peer, 'direct report' or other)"
            )
        _write_response(out, _with(form, answers=dict(given)))
        sys.stderr.write(
            f"Wrote {shown_path(out)}. Send it back to the person who sent you the form.\n"
        )
        return
    if not sys.stdin.isatty() and os.environ.get(FORCE_INTERACTIVE) != "1":
        raise BadInputError(
            "leadquiz observe asks its questions in a terminal, and input is not a terminal here",
            "To answer from a file, use: leadquiz observe FORM --answers FILE --relationship R",
        )
    _observe_interactively(form, out)


def _read_form(path: Path) -> "Form":
    from leadquiz.errors import FormError
    from leadquiz.inputs import read_limited
    from leadquiz.quiz.observer_form import MAX_FORM_BYTES, parse_form

    return parse_form(read_limited(path, MAX_FORM_BYTES, FormError), str(path))


def _response_path(form_path: Path) -> Path:
    """Beside the form: ``NAME.response.yaml``, or the file itself when it is a response."""
    if form_path.name.endswith(RESPONSE_SUFFIX):
        return form_path
    return form_path.with_name(form_path.stem + RESPONSE_SUFFIX)


def _continued(form: "Form", form_path: Path, out: Path) -> "Form":
    """The form, or the partial response already at ``out`` for the same form, to continue."""
    if str(out) == "-" or not out.exists() or out.resolve() == form_path.resolve():
        return form
    earlier = _read_form(out)
    if earlier.protected() != form.protected():
        raise BadInputError(
            f"{shown_path(out)} exists and is not a response to this form",
            "Choose another file with -o.",
        )
    return earlier


def _with(form: "Form", **changes: object) -> "Form":
    from dataclasses import replace

    return replace(form, **changes)  # type: ignore[arg-type]


def _write_response(out: Path, form: "Form") -> None:
    from leadquiz.quiz.observer_form import form_text
    from leadquiz.writing import write_private

    if str(out) == "-":
        sys.stdout.write(form_text(form))
        return
    write_private(out, form_text(form), overwrite=True)


def _observe_interactively(form: "Form", out: Path) -> None:
    """Ask the form's questions, writing the response after every answer."""
    from leadquiz.formatting import are, counted
    from leadquiz.hints import command
    from leadquiz.quiz.loop import run
    from leadquiz.quiz.observer_form import asking_bank
    from leadquiz.ui.asking import TerminalAsker
    from leadquiz.ui.console import make_console, plain, say_stopped
    from leadquiz.ui.observing import ask_relationship, observer_welcome

    if str(out) == "-":
        raise BadInputError("answering in the terminal writes a file; give -o FILE, not -o -")
    console = make_console()
    resume = command("observe", str(out))
    console.print(observer_welcome(form, resume))
    console.print()
    bank = asking_bank(form)
    # Continuing, only the open questions are asked (skipped ones too: a skip leaves no answer).
    order = form.open_questions()
    state = {"form": form}

    def record(question_id: str, value: "AnswerValue | None") -> None:
        answers = dict(state["form"].answers)
        if value is None:
            answers.pop(question_id, None)
        else:
            answers[question_id] = value
        state["form"] = _with(state["form"], answers=answers)
        _write_response(out, state["form"])

    signals.install()
    try:
        if form.relationship is None:
            state["form"] = _with(form, relationship=ask_relationship(console, form, input))
            _write_response(out, state["form"])
        outcome = run(
            bank,
            order,
            {},
            TerminalAsker(console, bank, show_area=False),
            record,
        )
    except signals.STOPS as stop:
        done = len(state["form"].answers)
        message = (
            f"Stopped. {done} of {len(form.questions)} answers {are(done)} saved. "
            f"Continue with: {resume}"
        )
        signals.end_run(stop, lambda: say_stopped(console, message))
    finally:
        signals.restore()
    _write_response(out, state["form"])
    still_open = state["form"].open_questions()
    if not outcome.finished:
        console.print(plain(f"Paused. Your answers are saved. Continue with: {resume}"))
    elif still_open:
        console.print(
            plain(
                f"{counted(len(still_open), 'skipped question')} {are(len(still_open))} "
                f"still open, and a response needs every answer. Answer them with: {resume}"
            )
        )
    else:
        console.print(plain(f"Thank you. Your response is {shown_path(out)}: send it back."))


def import_(
    responses: Annotated[
        list[Path], typer.Argument(metavar="RESPONSE...", help="Filled observer forms.")
    ],
    user: UserOption = None,
    attempt: Annotated[
        str | None,
        typer.Option(
            "--attempt",
            help="Attach to this attempt instead of the one latest when the forms were issued.",
        ),
    ] = None,
) -> None:
    """Add the responses observers sent back; each is checked against the forms you issued."""
    from leadquiz.app.observers import import_responses
    from leadquiz.app.reports import find_attempt
    from leadquiz.cli.errors import report_error
    from leadquiz.formatting import counted
    from leadquiz.hints import command
    from leadquiz.results.observers import NEEDED

    name = resolve_user(user)
    with open_store() as store:
        chosen = find_attempt(store, name, attempt) if attempt is not None else None
        outcome = import_responses(store, name, responses, chosen)
        totals = store.response_counts(name)
    lines = [
        f"Imported {shown_path(path)} (form {form_id}, attempt {attempt_id})."
        for path, form_id, attempt_id in outcome.stored
    ]
    for attempt_id in sorted({attempt_id for _p, _f, attempt_id in outcome.stored}):
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
