"""The one reader of observer forms and responses (written by :mod:`.observer_form`).

A form or response is untrusted input, read through ``yamlstrict``: unknown
keys, wrong types and control characters are refused with their line. The
part above ``relationship:`` (the protected header) is read first and apart
from the answers, so that a changed form is reported before anything about
its answers (:func:`read_form`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from leadquiz.errors import FormError, Problem
from leadquiz.models import LIKERT_MAX, LIKERT_MIN, AnswerValue
from leadquiz.quiz.observer_form import (
    ANONYMOUS,
    CANT_SAY,
    FORM_SCHEMA,
    FORM_SCHEMA_1,
    IDENTIFIED,
    Form,
    FormQuestion,
    RoundKind,
)
from leadquiz.text import forbidden_characters
from leadquiz.viewpoints import RELATIONSHIPS

if TYPE_CHECKING:
    from leadquiz.banks.yamlstrict import Mapping, Node

_TOP_KEYS = (
    "schema",
    "form",
    "round",
    "kind",
    "collector",
    "name",
    "bank",
    "scale",
    "questions",
    "relationship",
    "answers",
)
#: Keys a form may leave out: the filled-in part, and what only some kinds of form have.
_OPTIONAL = ("options", "relationship", "answers", "round", "kind", "collector")


def parse_form(data: bytes, origin: str) -> Form:
    """Read a form or response; :class:`FormError` lists every problem with its line.

    Answers are checked against the form's own questions (a known id, a value
    the question takes); whether every question is answered is the caller's
    concern (``observe`` continues a partial response; ``import`` refuses one).
    """
    form, problems = read_form(data, origin)
    if problems:
        raise FormError(problems)
    return form


def read_form(data: bytes, origin: str) -> tuple[Form, list[Problem]]:
    """The form, and the problems of its relationship and answers, apart.

    A problem in the protected part (everything above ``relationship:``)
    raises :class:`FormError` at once; the caller compares that part with its
    record before it reports the answers' problems.
    """
    from leadquiz.banks.yamlstrict import read_mapping

    root = read_mapping(data, origin, FormError, "this is not a leadquiz observer form")
    reader = _Reader(origin)
    form = reader.form(root)
    if reader.problems:
        raise FormError(_in_order(reader.problems))
    answers = _Reader(origin)
    filled = replace(
        form,
        relationship=answers.relationship(root.items.get("relationship", (None, None))[1]),
        answers=answers.answers(root.items.get("answers", (None, None))[1], form),
    )
    return filled, _in_order(answers.problems)


def parse_form_answers(data: bytes, origin: str, form: Form) -> dict[str, AnswerValue]:
    """An answers file (``answers: {id: value}``) for ``form``, read as a response's answers."""
    from leadquiz.banks.yamlstrict import read_mapping

    shape = "the file must hold 'answers:' with one 'question_id: value' line per question"
    root = read_mapping(data, origin, FormError, shape)
    reader = _Reader(origin)
    for name, (key, _value) in root.items.items():
        if name != "answers":
            reader.problem(key, f"unknown key '{name}'; {shape}")
    if "answers" not in root.items:
        reader.problem(root, shape)
    found = reader.answers(root.items.get("answers", (None, None))[1], form)
    if reader.problems:
        raise FormError(_in_order(reader.problems))
    return found


def _in_order(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line, p.column))


def relationship_of(text: str) -> str | None:
    """The relationship ``text`` names, in any case and spacing; ``None`` if none."""
    wanted = " ".join(text.split()).lower()
    return next((r for r in RELATIONSHIPS if r == wanted), None)


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
            if name not in node.items and name not in _OPTIONAL:
                self.problem(node, f"{what} has no '{name}'")

    def form(self, root: Mapping) -> Form:
        self.keys(root, _TOP_KEYS, "the form")
        item = root.items
        schema = self.text(item.get("schema", (None, None))[1], "schema")
        if schema and schema not in (FORM_SCHEMA, FORM_SCHEMA_1):
            self.problem(item["schema"][1], f"this is not a leadquiz observer form ({FORM_SCHEMA})")
        round_id, kind, collector = self.round(root, schema)
        bank = self.mapping(item.get("bank", (None, None))[1], "bank")
        bank_fields = {"id": "", "version": "", "sha256": ""}
        if bank is not None:
            self.keys(bank, ("id", "version", "sha256"), "bank")
            for name in bank_fields:
                bank_fields[name] = self.text(bank.items.get(name, (None, None))[1], f"bank {name}")
        return Form(
            form_id=self.text(item.get("form", (None, None))[1], "form"),
            round_id=round_id,
            kind=kind,
            collector=collector,
            name=self.text(item.get("name", (None, None))[1], "name"),
            bank_id=bank_fields["id"],
            bank_version=bank_fields["version"],
            bank_sha256=bank_fields["sha256"],
            questions=self.questions(item.get("questions", (None, None))[1]),
            scale=self.scale(item.get("scale", (None, None))[1]),
        )

    def round(self, root: Mapping, schema: str) -> tuple[str, RoundKind, str]:
        """The round's id, kind and collector (a form of schema 1 has none: identified)."""
        item = root.items
        if schema == FORM_SCHEMA_1:
            for name in ("round", "kind", "collector"):
                if name in item:
                    self.problem(item[name][0], f"unknown key '{name}' in the form")
            return "", IDENTIFIED, ""
        for name in ("round", "kind"):
            if name not in item:
                self.problem(root, f"the form has no '{name}'")
        round_id = self.text(item.get("round", (None, None))[1], "round")
        kind_text = self.text(item.get("kind", (None, None))[1], "kind")
        kind: RoundKind = ANONYMOUS if kind_text == ANONYMOUS else IDENTIFIED
        if kind_text and kind_text not in (IDENTIFIED, ANONYMOUS):
            self.problem(item["kind"][1], f"kind must be {IDENTIFIED} or {ANONYMOUS}")
        collector = ""
        if kind == ANONYMOUS:
            collector = self.text(item.get("collector", (None, None))[1], "collector")
        elif "collector" in item:
            self.problem(item["collector"][0], "an identified form has no collector")
        return round_id, kind, collector

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
        if not value:
            return None
        found = relationship_of(value)
        if found is None:
            self.problem(
                node,
                f"relationship must be one of {', '.join(RELATIONSHIPS)}, not {value[:40]!r}",
            )
        return found

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
            if isinstance(value, Scalar) and value.kind == "null":
                continue  # 'id:' with nothing after it: not answered yet
            answer = _answer(question, value)
            if answer is None:
                expected = (
                    "one of the option letters "
                    + ", ".join(k for k, _t in question.options)
                    + f" (or 1-{len(question.options)})"
                    if question.options
                    else f"a whole number from {LIKERT_MIN} to {LIKERT_MAX}"
                )
                shown = repr(value.text[:40]) if isinstance(value, Scalar) else "a list or mapping"
                self.problem(
                    value, f"the answer to '{name}' must be {expected} or {CANT_SAY}, not {shown}"
                )
                continue
            found[name] = answer
        return found


def _answer(question: FormQuestion, node: Node) -> AnswerValue | None:
    """The answer a value node gives ``question``, or ``None`` when it is not one it takes.

    ``cant-say`` answers any question; an option is its letter or its number
    as on screen (1 = the first option).
    """
    from leadquiz.banks.yamlstrict import Scalar

    if not isinstance(node, Scalar):
        return None
    if node.kind == "str" and node.text == CANT_SAY:
        return CANT_SAY
    if question.options:
        keys = [k for k, _t in question.options]
        if node.kind in ("str", "int") and node.text in keys:
            return node.text
        if type(node.value) is int and 1 <= node.value <= len(keys):
            return keys[node.value - 1]
        return None
    value = node.value
    if type(value) is int and LIKERT_MIN <= value <= LIKERT_MAX:
        return value
    return None
