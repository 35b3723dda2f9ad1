"""``observe``: an observer answers a form in a terminal or from a file.

The observer needs no leadquiz data of their own: this reads the form and
writes the response file, nothing else.
"""

# No ``from __future__ import annotations`` in a module of commands: Typer reads their
# signatures on every run, and string annotations cost it an eval() each (docs/architecture.md).

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from leadquiz.cli import signals
from leadquiz.cli.take import FORCE_INTERACTIVE
from leadquiz.errors import BadInputError
from leadquiz.text import shown_path

if TYPE_CHECKING:
    from leadquiz.models import AnswerValue
    from leadquiz.quiz.observer_form import Form

#: What a response file is called beside its form (contract-23).
RESPONSE_SUFFIX = ".response.yaml"


def observe(
    form_path: Annotated[
        Path,
        typer.Argument(metavar="FORM", help="The observer form (or a partly filled response)."),
    ],
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            help="Answer from a file (answers: {question_id: value}; cant-say where you "
            "cannot tell).",
        ),
    ] = None,
    relationship: Annotated[
        str | None,
        typer.Option(
            "--relationship",
            help="Who you are to the person: manager, peer, 'direct report' or other.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="The response file ('-' for stdout). Default: beside the form; a partly "
            "filled response goes on in itself.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Answer an observer form someone sent you; writes the filled form to send back.

    Nothing is stored on your computer but the response file.
    """
    from leadquiz.quiz.observer_reading import relationship_of
    from leadquiz.viewpoints import RELATIONSHIPS

    form = _read_form(form_path)
    out = output if output is not None else _response_path(form_path, form)
    form = _continued(form, form_path, out)
    if relationship is not None:
        found = relationship_of(relationship)
        if found is None:
            raise BadInputError(f"--relationship must be one of {', '.join(RELATIONSHIPS)}")
        form = _with(form, relationship=found)
    if answers is not None:
        _answer_from_file(form, answers, out)
        return
    if not sys.stdin.isatty() and os.environ.get(FORCE_INTERACTIVE) != "1":
        raise BadInputError(
            "leadquiz observe asks its questions in a terminal, and input is not a terminal here",
            "To answer from a file, use: leadquiz observe FORM --answers FILE --relationship R",
        )
    from leadquiz.hints import command

    again = ("-o", str(output)) if output is not None else ()
    _observe_interactively(form, out, command("observe", str(form_path), *again))


def _answer_from_file(form: "Form", answers: Path, out: Path) -> None:
    from leadquiz.errors import FormError
    from leadquiz.inputs import origin_of, read_limited
    from leadquiz.quiz.answers_file import MAX_ANSWERS_BYTES
    from leadquiz.quiz.observer_reading import parse_form_answers

    data = read_limited(answers, MAX_ANSWERS_BYTES, FormError)
    given = parse_form_answers(data, origin_of(answers), form)
    filled = _with(form, answers={**form.answers, **given})
    missing = filled.open_questions()
    if missing:
        listed = ", ".join(missing[:10]) + (
            f" and {len(missing) - 10} more" if len(missing) > 10 else ""
        )
        raise BadInputError(
            f"{shown_path(answers)}: {len(missing)} of {len(form.questions)} questions have "
            f"no answer: {listed}",
            "Give each one a value, or cant-say where you cannot tell.",
        )
    if form.relationship is None:
        raise BadInputError(
            "say who you are to the person with --relationship "
            "(manager, peer, 'direct report' or other)"
        )
    _write_response(out, filled)
    sys.stderr.write(f"Wrote {shown_path(out)}.\n{_send_back(form)}\n")


def _send_back(form: "Form") -> str:
    if form.kind == "anonymous":
        return f"Send it back to {form.collector}, who sent you the form."
    return f"Send it back to {form.name}, who will see each of your answers."


def _read_form(path: Path) -> "Form":
    from leadquiz.errors import FormError
    from leadquiz.inputs import read_limited
    from leadquiz.quiz.observer_form import MAX_FORM_BYTES, parse_form

    return parse_form(read_limited(path, MAX_FORM_BYTES, FormError), str(path))


def _response_path(form_path: Path, form: "Form") -> Path:
    """Where the response goes: the file itself when it is one already, else beside the form.

    A response (named ``*.response.yaml``, or with a relationship or an answer
    in it: one written with ``-o``) goes on in the same file.
    """
    if form_path.name.endswith(RESPONSE_SUFFIX) or form.relationship or form.answers:
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


def _observe_interactively(form: "Form", out: Path, first: str) -> None:
    """Ask the form's questions, writing the response after every answer.

    ``first``: the command that starts again while nothing is written yet.
    """
    from leadquiz.formatting import are
    from leadquiz.hints import command
    from leadquiz.quiz.loop import run
    from leadquiz.quiz.observer_form import CANT_SAY, asking_bank
    from leadquiz.ui.asking import TerminalAsker
    from leadquiz.ui.console import make_console, plain, say_stopped
    from leadquiz.ui.observing import ask_relationship, observer_welcome

    if str(out) == "-":
        raise BadInputError("answering in the terminal writes a file; give -o FILE, not -o -")
    console = make_console()
    # Once the response holds the relationship, it goes on in itself (``observe OUT``);
    # before that nothing is written, and the same command starts again.
    resume = command("observe", str(out))
    console.print(observer_welcome(form, resume))
    console.print()
    bank = asking_bank(form)
    # Continuing, only the open questions are asked (can't say is an answer).
    order = form.open_questions()
    state = {"form": form}

    def record(question_id: str, value: "AnswerValue | None") -> None:
        answers = dict(state["form"].answers)
        answers[question_id] = CANT_SAY if value is None else value
        state["form"] = _with(state["form"], answers=answers)
        _write_response(out, state["form"])

    signals.install()
    try:
        if form.relationship is None:
            asked = ask_relationship(console, form, input)
            state["form"] = _with(form, relationship=asked)
            _write_response(out, state["form"])
        asker = TerminalAsker(console, bank, show_area=False, skip_word="can't say")
        outcome = run(bank, order, {}, asker, record, asker.confirm)
    except signals.STOPS as stop:
        done = len(state["form"].answers)
        again = resume if state["form"].relationship else first
        message = (
            f"Stopped. {done} of {len(form.questions)} answers {are(done)} saved. "
            f"Continue with: {again}"
        )
        signals.end_run(stop, lambda: say_stopped(console, message))
    finally:
        signals.restore()
    _write_response(out, state["form"])
    if not outcome.finished:
        console.print(plain(f"Paused. Your answers are saved. Continue with: {resume}"))
    else:
        console.print(plain(f"Thank you. Your response is {shown_path(out)}. {_send_back(form)}"))
