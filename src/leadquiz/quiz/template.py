"""A skeleton answers file: every question id of a bank, its text as a comment, no values.

What ``leadquiz take --template`` prints, so that nobody has to open the
bank's YAML to learn the question ids. Bank text goes only into comments,
flattened to one line each, so it can never change the file's structure.
"""

from __future__ import annotations

from leadquiz.models import LIKERT_MIN, Bank, Question


def _comment(text: str) -> str:
    """``text`` as one YAML comment line (whitespace runs, newlines included, become a space)."""
    return "# " + " ".join(text.split())


def _scale(bank: Bank) -> str:
    """``1 strongly disagree, 2 disagree, …`` (the bank's scale) for the file's header."""
    return ", ".join(f"{n} {label.lower()}" for n, label in enumerate(bank.labels, LIKERT_MIN))


#: How the header names the statements of each scale.
_SCALE_NAMES = {"agreement": "Agreement", "frequency": "How-often"}


def _question_lines(question: Question, number: int, area: str) -> list[str]:
    """The comment and the empty ``id:`` line of one question."""
    lines = [f"  {_comment(f'{number}. [{area}] {question.text}')}"]
    if question.type == "likert":
        lines.append(f"  {_comment('1-5 (see the scale above)')}")
    else:
        lines += [f"  {_comment(f'  {o.key}) {o.text}')}" for o in question.options]
    lines.append(f"  {question.id}:")
    return lines


def answers_template(bank: Bank) -> str:
    """The skeleton answers file of ``bank`` as YAML text (ends with a newline)."""
    lines = [
        _comment(f"Answers for the leadquiz bank {bank.id} {bank.version}: {bank.title}"),
        _comment("Give every question a value after its colon, then run:"),
        _comment(f"  leadquiz take --bank {bank.id} --answers THIS_FILE"),
        _comment(f"{_SCALE_NAMES[bank.scale]} questions take a number: {_scale(bank)}."),
        _comment("Choice questions take the letter of one option."),
        "answers:",
    ]
    for number, question in enumerate(bank.questions, start=1):
        dimension = bank.dimension(question.dimension)
        area = dimension.title if dimension else question.dimension
        lines += _question_lines(question, number, area)
    return "\n".join(lines) + "\n"
