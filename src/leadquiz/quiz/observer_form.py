"""Observer forms and responses as YAML files (docs/observers.md): build, write, read.

A form carries everything an observer needs and nothing of the scoring: its
random id, the name shown, the bank's id, version and sha256, the scale, and
each question's ``observer_text`` with the name filled in (with its options
for a choice question). It ends with ``relationship:`` and ``answers:`` to
fill in. A response is the same file filled in. Forms are written with the
safe scalar writer :mod:`leadquiz.banks.yamlemit` and read back through
``yamlstrict`` as untrusted input: unknown keys, wrong types and control
characters are refused with their line.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from leadquiz.banks import yamlemit
from leadquiz.errors import FormError, Problem
from leadquiz.models import (
    FREQUENCY_LABELS,
    LIKERT_LABELS,
    LIKERT_MAX,
    LIKERT_MIN,
    AnswerValue,
    Bank,
    Dimension,
    Option,
    Question,
)
from leadquiz.text import forbidden_characters
from leadquiz.viewpoints import RELATIONSHIPS

if TYPE_CHECKING:
    from leadquiz.banks.yamlstrict import Mapping, Node

#: What a form says it is (the first key of every form).
FORM_SCHEMA = "leadquiz/observer-form/1"
#: A form or response is refused above this size.
MAX_FORM_BYTES = 1024 * 1024
#: The longest name a form may show.
MAX_NAME = 60
#: The one area of the bank a form is asked as (observers are not told the areas).
FORM_AREA = "observed"

_TOP_KEYS = ("schema", "form", "name", "bank", "scale", "questions", "relationship", "answers")


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
    answers: dict[str, AnswerValue] = field(default_factory=dict)

    def protected(self) -> tuple[object, ...]:
        """Everything an observer must not change: all but ``relationship`` and ``answers``."""
        return (
            self.form_id,
            self.name,
            self.bank_id,
            self.bank_version,
            self.bank_sha256,
            self.questions,
            self.scale,
        )

    def open_questions(self) -> list[str]:
        """The ids of the questions without an answer yet, in form order."""
        return [q.id for q in self.questions if q.id not in self.answers]


def check_name(name: str) -> str | None:
    """Why ``name`` cannot be shown on a form, or ``None`` when it can."""
    if not name.strip():
        return "the name to show is empty"
    if len(name) > MAX_NAME:
        return f"the name to show is longer than {MAX_NAME} characters"
    if forbidden_characters(name):
        return "the name to show contains control or direction-changing characters"
    return None


def build_form(bank: Bank, name: str, form_id: str) -> Form:
    """The blank form of ``bank`` about ``name`` (every question must have ``observer_text``)."""
    return Form(
        form_id=form_id,
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


def intro(name: str, count: int) -> list[str]:
    """The form's introduction as paragraphs: what it is for, who sees what, how to return it."""
    return [
        f"{name} would like to know how you see the way they work, and asked you to answer "
        f"these {count} questions about them. There are no right answers, and neither end of "
        f"a question is better than the other: answer for how {name} works today, as you see it.",
        f"How your answers are used: {name} sees only averages. Nothing is shown until at least "
        "3 people have answered, and a group (peers, direct reports, others) only once it has 3. "
        f"The one exception is a manager: if you are {name}'s manager, your answers are shown "
        "on their own, as the manager's view.",
        "To answer, run:  leadquiz observe THIS-FILE  (one question at a time), or fill in "
        "'relationship:' and 'answers:' at the end of this file in any text editor. Then send "
        f"the filled file back to {name}. Nothing is kept on your computer.",
        "Please change nothing above 'relationship:': leadquiz checks that the form is exactly "
        "as it was issued.",
    ]


def form_text(form: Form) -> str:
    """The form (or response) as YAML text, every untrusted string a quoted scalar."""
    q = yamlemit.quoted
    lines = ["# leadquiz observer form", "#"]
    for paragraph in intro(form.name, len(form.questions)):
        lines += ["# " + line for line in textwrap.wrap(paragraph, 76)] + ["#"]
    lines += [
        f"schema: {q(FORM_SCHEMA)}",
        f"form: {q(form.form_id)}",
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
        "# One line per question, indented: 'question-id: 4' (1-5 for a statement),",
        "# or 'question-id: a' (an option's letter).",
        "answers:",
    ]
    for question in form.questions:
        if question.id in form.answers:
            value = form.answers[question.id]
            shown = str(value) if isinstance(value, int) else q(value)
            lines.append(f"  {yamlemit.key(question.id)}: {shown}")
    return "\n".join(lines) + "\n"


# --- reading ------------------------------------------------------------------


def parse_form(data: bytes, origin: str) -> Form:
    """Read a form or response; :class:`FormError` lists every problem with its line.

    Answers are checked against the form's own questions (a known id, a value
    the question takes); whether every question is answered is the caller's
    concern (``observe`` continues a partial response; ``import`` refuses one).
    """
    from leadquiz.banks.yamlstrict import read_mapping

    root = read_mapping(data, origin, FormError, "this is not a leadquiz observer form")
    reader = _Reader(origin)
    form = reader.form(root)
    if reader.problems or form is None:
        raise FormError(sorted(reader.problems, key=lambda p: (p.line, p.column)))
    return form


class _Reader:
    """Typed reads of a form's nodes, recording every problem with its place."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.problems: list[Problem] = []

    def problem(self, node: Node | None, message: str) -> None:
        line, column = (node.line, node.column) if node is not None else (0, 0)
        self.problems.append(Problem(self.origin, line, column, message))

    def text(self, node: Node | None, what: str, *, empty_ok: bool = False) -> str:
        from leadquiz.banks.yamlstrict import Scalar

        if not isinstance(node, Scalar) or node.kind != "str" or (not node.text and not empty_ok):
            self.problem(node, f"{what} must be text")
            return ""
        if forbidden_characters(node.text):
            self.problem(node, f"{what} contains control or direction-changing characters")
            return ""
        return node.text

    def mapping(self, node: Node | None, what: str) -> Mapping | None:
        from leadquiz.banks.yamlstrict import Mapping

        if not isinstance(node, Mapping):
            self.problem(node, f"{what} must be a mapping")
            return None
        return node

    def keys(self, node: Mapping, allowed: tuple[str, ...], what: str) -> None:
        for name, (key, _value) in node.items.items():
            if name not in allowed:
                self.problem(key, f"unknown key '{name}' in {what}")
        for name in allowed:
            if name not in node.items and name not in ("options", "relationship", "answers"):
                self.problem(node, f"{what} has no '{name}'")

    def form(self, root: Mapping) -> Form | None:
        self.keys(root, _TOP_KEYS, "the form")
        item = root.items
        schema = self.text(item.get("schema", (None, None))[1], "schema")
        if schema and schema != FORM_SCHEMA:
            self.problem(item["schema"][1], f"this is not a leadquiz observer form ({FORM_SCHEMA})")
        bank = self.mapping(item.get("bank", (None, None))[1], "bank")
        bank_fields = {"id": "", "version": "", "sha256": ""}
        if bank is not None:
            self.keys(bank, ("id", "version", "sha256"), "bank")
            for name in bank_fields:
                bank_fields[name] = self.text(bank.items.get(name, (None, None))[1], f"bank {name}")
        form = Form(
            form_id=self.text(item.get("form", (None, None))[1], "form"),
            name=self.text(item.get("name", (None, None))[1], "name"),
            bank_id=bank_fields["id"],
            bank_version=bank_fields["version"],
            bank_sha256=bank_fields["sha256"],
            questions=self.questions(item.get("questions", (None, None))[1]),
            scale=self.scale(item.get("scale", (None, None))[1]),
        )
        return replace(
            form,
            relationship=self.relationship(item.get("relationship", (None, None))[1]),
            answers=self.answers(item.get("answers", (None, None))[1], form),
        )

    def scale(self, node: Node | None) -> tuple[str, ...]:
        scale = self.mapping(node, "scale")
        if scale is None:
            return ()
        return tuple(self.text(value, f"scale {name}") for name, (_k, value) in scale.items.items())

    def questions(self, node: Node | None) -> tuple[FormQuestion, ...]:
        from leadquiz.banks.yamlstrict import Sequence

        if not isinstance(node, Sequence) or not node.items:
            self.problem(node, "questions must be a list of questions")
            return ()
        found: list[FormQuestion] = []
        for item in node.items:
            entry = self.mapping(item, "a question")
            if entry is None:
                continue
            self.keys(entry, ("id", "text", "options"), "a question")
            get = entry.items.get
            options: tuple[tuple[str, str], ...] = ()
            if "options" in entry.items:
                listed = self.mapping(get("options", (None, None))[1], "options")
                if listed is not None:
                    options = tuple(
                        (name, self.text(value, f"option {name}"))
                        for name, (_k, value) in listed.items.items()
                    )
            question_id = self.text(get("id", (None, None))[1], "a question id")
            found.append(
                FormQuestion(
                    question_id, self.text(get("text", (None, None))[1], "a question text"), options
                )
            )
        return tuple(found)

    def relationship(self, node: Node | None) -> str | None:
        from leadquiz.banks.yamlstrict import Scalar

        if node is None or (isinstance(node, Scalar) and node.kind == "null"):
            return None
        value = self.text(node, "relationship")
        if value and value not in RELATIONSHIPS:
            self.problem(
                node,
                f"relationship must be one of {', '.join(RELATIONSHIPS)}, not {value[:40]!r}",
            )
            return None
        return value or None

    def answers(self, node: Node | None, form: Form) -> dict[str, AnswerValue]:
        from leadquiz.banks.yamlstrict import Scalar

        if node is None or (isinstance(node, Scalar) and node.kind == "null"):
            return {}
        answers = self.mapping(node, "answers")
        if answers is None:
            return {}
        by_id = {q.id: q for q in form.questions}
        found: dict[str, AnswerValue] = {}
        for name, (key, value) in answers.items.items():
            question = by_id.get(name)
            if question is None:
                self.problem(key, f"'{name[:40]}' is not a question of this form")
                continue
            answer = _answer(question, value)
            if answer is None:
                expected = (
                    "one of the option letters " + ", ".join(k for k, _t in question.options)
                    if question.options
                    else f"a whole number from {LIKERT_MIN} to {LIKERT_MAX}"
                )
                shown = repr(value.text[:40]) if isinstance(value, Scalar) else "a list or mapping"
                self.problem(value, f"the answer to '{name}' must be {expected}, not {shown}")
                continue
            found[name] = answer
        return found


def _answer(question: FormQuestion, node: Node) -> AnswerValue | None:
    """The answer a value node gives ``question``, or ``None`` when it is not one it takes."""
    from leadquiz.banks.yamlstrict import Scalar

    if not isinstance(node, Scalar):
        return None
    if question.options:
        keys = {k for k, _t in question.options}
        return node.text if node.kind in ("str", "int") and node.text in keys else None
    value = node.value
    if type(value) is int and LIKERT_MIN <= value <= LIKERT_MAX:
        return value
    return None
