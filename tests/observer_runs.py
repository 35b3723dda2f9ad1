"""Helpers for the observer tests: answers files, forms issued and answered through the real CLI."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from cli_runs import Run, invoke_clean
from leadquiz.banks.loader import resolve_bank
from leadquiz.models import AnswerValue, Bank, Question
from leadquiz.store.database import Store

QUICK = resolve_bank("quick")
CORE = resolve_bank("core")

Pick = Callable[[Question], AnswerValue]


def leader_leaning(question: Question) -> AnswerValue:
    """Answers that lean toward the leader pole."""
    if question.type == "likert":
        return 4 if question.keyed == "leader" else 2
    return question.options[-1].key


def manager_leaning(question: Question) -> AnswerValue:
    """Answers that lean toward the manager pole."""
    if question.type == "likert":
        return 2 if question.keyed == "leader" else 4
    return question.options[0].key


def write_answers(path: Path, bank: Bank, pick: Pick) -> Path:
    """An answers file giving ``pick(question)`` to every question of ``bank``."""
    lines = ["answers:"]
    for question in bank.questions:
        value = pick(question)
        lines.append(f"  {question.id}: {value if isinstance(value, int) else repr(value)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def cli(*args: str, env: Mapping[str, str | None] | None = None, typed: str | None = None) -> Run:
    """Run leadquiz in-process; fail on an uncaught exception or a traceback."""
    return invoke_clean(list(args), env=env, stdin=typed)


def ok(*args: str, **kwargs: object) -> Run:
    """:func:`cli`, asserting success."""
    run = cli(*args, **kwargs)  # type: ignore[arg-type]
    assert run.code == 0, run.output
    return run


def take(tmp: Path, bank: str = "quick", pick: Pick = leader_leaning, user: str = "tester") -> None:
    """Finish an attempt of ``bank`` from a file."""
    chosen = resolve_bank(bank)
    ok(
        "take",
        "--bank",
        bank,
        "--user",
        user,
        "--answers",
        str(write_answers(tmp / f"self-{bank}-{user}.yaml", chosen, pick)),
    )


def invite(folder: Path, count: int, *extra: str) -> list[Path]:
    """Issue ``count`` forms into ``folder``; return the new form files."""
    folder.mkdir(exist_ok=True)
    before = set(folder.glob("leadquiz-form-*.yaml"))
    ok("invite", "--count", str(count), "-o", str(folder), *extra)
    return sorted(set(folder.glob("leadquiz-form-*[0-9a-f].yaml")) - before)


def observe(
    form: Path, relationship: str, bank: Bank = QUICK, pick: Pick = manager_leaning
) -> Path:
    """Answer ``form`` from a file as ``relationship``; return the response file."""
    answers = write_answers(form.with_suffix(".answers"), bank, pick)
    ok("observe", str(form), "--answers", str(answers), "--relationship", relationship)
    return form.with_name(form.stem + ".response.yaml")


def responses(
    tmp: Path, relationships: Sequence[str], bank: str = "quick", pick: Pick = manager_leaning
) -> list[Path]:
    """Invite one form per relationship and answer each; the response files."""
    forms = invite(tmp / "forms", len(relationships), "--bank", bank)
    chosen = resolve_bank(bank)
    return [observe(f, r, chosen, pick) for f, r in zip(forms, relationships, strict=True)]


def stored_responses(home: Path, user: str = "tester") -> int:
    """How many responses ``user`` has in the store."""
    with Store.open(home) as store:
        return sum(store.response_counts(user).values())
