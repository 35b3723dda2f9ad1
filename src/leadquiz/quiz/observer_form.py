"""Observer forms and responses as YAML files (docs/observers.md): build and write.

A form carries everything an observer needs and nothing of the scoring: its
random id, its round's id and kind (identified or anonymous, with the
collector it goes back to), the name shown, the bank's id, version and
sha256, the scale, and each question's ``observer_text`` with the name filled
in (with its options for a choice question). It ends with ``relationship:``
and ``answers:``, every question id under it ready to fill in. A response is
the same file filled in. Forms are written with the safe scalar writer
:mod:`leadquiz.banks.yamlemit`; the one reader is
:mod:`leadquiz.quiz.observer_reading` (``parse_form`` is re-exported here).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import Literal

from leadquiz.banks import yamlemit
from leadquiz.errors import Problem
from leadquiz.models import (
    FREQUENCY_LABELS,
    LIKERT_LABELS,
    LIKERT_MIN,
    AnswerValue,
    Bank,
    Dimension,
    Option,
    Question,
)
from leadquiz.text import forbidden_characters
from leadquiz.viewpoints import RELATIONSHIPS

#: What a form says it is (the first key of every form).
FORM_SCHEMA = "leadquiz/observer-form/2"
#: Forms issued before rounds existed (all identified); still read.
FORM_SCHEMA_1 = "leadquiz/observer-form/1"
#: The answer that means "I can't say": accepted for any question, left out of the score.
CANT_SAY = "cant-say"
#: The two kinds of round (docs/observers.md, "Rounds").
IDENTIFIED: Literal["identified"] = "identified"
ANONYMOUS: Literal["anonymous"] = "anonymous"
RoundKind = Literal["identified", "anonymous"]
#: A form or response is refused above this size.
MAX_FORM_BYTES = 1024 * 1024
#: The longest name a form may show.
MAX_NAME = 60
#: The one area of the bank a form is asked as (observers are not told the areas).
FORM_AREA = "observed"


@dataclass(frozen=True)
class FormQuestion:
    """One question as an observer sees it: the observer wording, and options for a choice."""

    id: str
    text: str
    #: (key, text) of each option; empty for a statement answered on the scale.
    options: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Form:
    """An observer form, blank (issued) or filled in (a response)."""

    form_id: str
    name: str
    bank_id: str
    bank_version: str
    bank_sha256: str
    questions: tuple[FormQuestion, ...]
    scale: tuple[str, ...] = LIKERT_LABELS
    relationship: str | None = None
    #: Answers given so far; :data:`CANT_SAY` counts as an answer.
    answers: dict[str, AnswerValue] = field(default_factory=dict)
    #: The round's id (``""``: a form issued before rounds existed, identified).
    round_id: str = ""
    kind: RoundKind = "identified"
    #: Who an anonymous form goes back to (``""`` for an identified one).
    collector: str = ""

    def protected(self) -> tuple[object, ...]:
        """Everything an observer must not change: all but ``relationship`` and ``answers``."""
        return (
            self.form_id,
            self.round_id,
            self.kind,
            self.collector,
            self.name,
            self.bank_id,
            self.bank_version,
            self.bank_sha256,
            self.questions,
            self.scale,
        )

    def open_questions(self) -> list[str]:
        """The ids of the questions without an answer yet (*can't say* is one), in form order."""
        return [q.id for q in self.questions if q.id not in self.answers]

    def scored_answers(self) -> dict[str, AnswerValue | None]:
        """The answers as scoring takes them: *can't say* is ``None`` (left out)."""
        return {k: None if v == CANT_SAY else v for k, v in self.answers.items()}


def check_name(name: str) -> str | None:
    """Why ``name`` cannot be shown on a form, or ``None`` when it can."""
    if not name.strip():
        return "the name to show is empty"
    if len(name) > MAX_NAME:
        return f"the name to show is longer than {MAX_NAME} characters"
    if forbidden_characters(name):
        return "the name to show contains control or direction-changing characters"
    return None


def build_form(
    bank: Bank,
    name: str,
    form_id: str,
    *,
    round_id: str = "",
    kind: RoundKind = "identified",
    collector: str = "",
) -> Form:
    """The blank form of ``bank`` about ``name`` (every question must have ``observer_text``)."""
    return Form(
        form_id=form_id,
        round_id=round_id,
        kind=kind,
        collector=collector,
        name=name,
        bank_id=bank.id,
        bank_version=bank.version,
        bank_sha256=bank.digest,
        scale=bank.labels,
        questions=tuple(
            FormQuestion(
                id=q.id,
                text=q.observer_text.replace("{name}", name),
                options=tuple((o.key, o.text) for o in q.options),
            )
            for q in bank.questions
        ),
    )


def asking_bank(form: Form) -> Bank:
    """The form as a bank the answering loop can ask (one area; options lean nowhere)."""
    return Bank(
        schema=2,
        id=form.bank_id,
        title=f"About {form.name}",
        version=form.bank_version,
        description="",
        sources=(),
        dimensions=(Dimension(FORM_AREA, f"About {form.name}", "", ""),),
        questions=tuple(
            Question(
                id=q.id,
                dimension=FORM_AREA,
                type="choice" if q.options else "likert",
                text=q.text,
                keyed=None if q.options else "leader",
                options=tuple(Option(key, text, 0.0) for key, text in q.options),
            )
            for q in form.questions
        ),
        digest=form.bank_sha256,
        # The observer is asked on the form's scale (a frequency bank's "Never … Almost always").
        scale="frequency" if form.scale == FREQUENCY_LABELS else "agreement",
    )


# --- writing ------------------------------------------------------------------


def send_back_to(name: str, *, kind: RoundKind = "identified", collector: str = "") -> str:
    """Who a filled form goes back to: the collector of an anonymous round, else its lead."""
    return collector if kind == ANONYMOUS else name


def intro(
    name: str, count: int, *, kind: RoundKind = "identified", collector: str = ""
) -> list[str]:
    """The form's introduction as paragraphs: what it is for, who sees what, how to return it.

    The one text of the promise a form makes: the YAML header and the HTML
    page both show these words (``form_intro`` gives them for a form).
    """
    purpose = (
        f"{name} would like to know how you see the way they work, and asked you to answer "
        f"these {count} questions about them. There are no right answers, and neither end of "
        f"a question is better than the other: answer for how {name} works today, as you see "
        "it. Where you cannot tell, answer cant-say."
    )
    how = (
        "To answer, run:  leadquiz observe THIS-FILE  (one question at a time), or fill in "
        "'relationship:' and each line under 'answers:' at the end of this file in any text "
        "editor (1-5 for a statement, an option's letter or number, or cant-say)."
    )
    keep = (
        "Please change nothing above 'relationship:': leadquiz checks that the form is exactly "
        "as it was issued."
    )
    if kind == ANONYMOUS:
        who = (
            f"Who sees your answers: send the filled file back to {collector}, not to {name}. "
            f"{collector} pools everyone's answers, and {name} sees only averages of at least "
            "3 people: an area only where at least 3 answered it, and a group (peers, direct "
            "reports, others) only where it has at least 3. The one exception is a manager: "
            f"if you are {name}'s manager, your answers may be shown on their own, as the "
            f"manager's view. {collector} sees each answer and who sent it. All this holds "
            f"only if {collector} is someone you know and trust and the other forms went to "
            f"real people: if this form reached you from {name}, or you do not know "
            f"{collector}, assume {name} may see your answers."
        )
    else:
        who = (
            f"Who sees your answers: {name} will see each of your answers. This file goes "
            f"back to {name} as you filled it in, with who you are to them; leadquiz's report "
            f"sets averages beside {name}'s own view, but every answer in the file is "
            f"{name}'s to read."
        )
    back_to = send_back_to(name, kind=kind, collector=collector)
    send = (
        f"{how} Then send it back to {back_to}. leadquiz keeps nothing on your computer but "
        "the filled file: delete it once sent if others use this computer."
    )
    return [purpose, who, send, keep]


def form_intro(form: Form) -> list[str]:
    """:func:`intro` for ``form``: its name, question count, kind and collector."""
    return intro(form.name, len(form.questions), kind=form.kind, collector=form.collector)


def form_text(form: Form) -> str:
    """The form (or response) as YAML text, every untrusted string a quoted scalar."""
    q = yamlemit.quoted
    lines = ["# leadquiz observer form", "#"]
    for paragraph in form_intro(form):
        lines += ["# " + line for line in textwrap.wrap(paragraph, 76)] + ["#"]
    if form.round_id:
        lines += [
            f"schema: {q(FORM_SCHEMA)}",
            f"form: {q(form.form_id)}",
            f"round: {q(form.round_id)}",
            f"kind: {q(form.kind)}",
        ]
        if form.kind == ANONYMOUS:
            lines.append(f"collector: {q(form.collector)}")
    else:
        lines += [f"schema: {q(FORM_SCHEMA_1)}", f"form: {q(form.form_id)}"]
    lines += [
        f"name: {q(form.name)}",
        "bank:",
        f"  id: {q(form.bank_id)}",
        f"  version: {q(form.bank_version)}",
        f"  sha256: {q(form.bank_sha256)}",
        "# For statements: how often, from 1 to 5."
        if form.scale == FREQUENCY_LABELS
        else "# For statements: how much you agree, from 1 to 5.",
        "scale:",
        *(f"  {value}: {q(label)}" for value, label in enumerate(form.scale, start=LIKERT_MIN)),
        "questions:",
    ]
    for question in form.questions:
        lines += [f"  - id: {q(question.id)}", f"    text: {q(question.text)}"]
        if question.options:
            lines.append("    options:")
            lines += [f"      {yamlemit.key(k)}: {q(t)}" for k, t in question.options]
    lines += [
        "",
        f"# Who are you to {form.name}? One of: " + ", ".join(RELATIONSHIPS) + ".",
        "relationship:" + (f" {q(form.relationship)}" if form.relationship else ""),
        "# After each question id: 1-5 for a statement, an option's letter (or its",
        "# number: 1 = a), or cant-say where you cannot tell.",
        "answers:",
    ]
    for question in form.questions:
        value = form.answers.get(question.id)
        shown = "" if value is None else " " + (str(value) if isinstance(value, int) else q(value))
        lines.append(f"  {yamlemit.key(question.id)}:{shown}")
    return "\n".join(lines) + "\n"


def form_header(text: str) -> str:
    """Everything before the line that starts with ``relationship:`` (contract-23)."""
    at = 0
    for line in text.splitlines(keepends=True):
        if line.startswith("relationship:"):
            return text[:at]
        at += len(line)
    return text


def parse_form(data: bytes, origin: str) -> Form:
    """Read a form or response (:func:`leadquiz.quiz.observer_reading.parse_form`)."""
    from leadquiz.quiz.observer_reading import parse_form as read_all

    return read_all(data, origin)


def read_form(data: bytes, origin: str) -> tuple[Form, list[Problem]]:
    """A form and its answers' problems apart (:func:`leadquiz.quiz.observer_reading.read_form`)."""
    from leadquiz.quiz.observer_reading import read_form as read_parts

    return read_parts(data, origin)


__all__ = [
    "ANONYMOUS",
    "CANT_SAY",
    "FORM_SCHEMA",
    "IDENTIFIED",
    "Form",
    "FormQuestion",
    "asking_bank",
    "build_form",
    "check_name",
    "form_header",
    "form_intro",
    "form_text",
    "intro",
    "parse_form",
    "read_form",
]
