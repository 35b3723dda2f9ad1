"""Starting an answers file: ``banks show --questions`` and ``take --template``."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from cli_runs import invoke
from leadquiz.banks.loader import resolve_bank


@pytest.mark.parametrize("bank_id", ["core", "quick"])
def test_show_questions_lists_every_id_type_and_text(bank_id: str) -> None:
    run = invoke(["banks", "show", bank_id, "--questions"], env={"COLUMNS": "200"})
    assert run.code == 0, run.output
    bank = resolve_bank(bank_id)
    lines = run.stdout.splitlines()
    for question in bank.questions:
        at = next(n for n, line in enumerate(lines) if line.startswith(question.id + " "))
        assert ("likert 1-5" if question.type == "likert" else "choice ") in lines[at]
        assert lines[at + 1].strip().startswith(question.text[:30])  # the text under its id
    assert f"--bank {bank_id} --template" in run.stdout


@pytest.mark.parametrize("bank_id", ["core", "quick"])
def test_the_template_names_every_question_and_once_filled_is_accepted(bank_id: str) -> None:
    run = invoke(["take", "--bank", bank_id, "--template"])
    assert run.code == 0, run.output
    bank = resolve_bank(bank_id)
    skeleton = yaml.safe_load(run.stdout)
    assert list(skeleton["answers"]) == [q.id for q in bank.questions]
    assert set(skeleton["answers"].values()) == {None}
    for question in bank.questions:  # its text is the comment just above (options between)
        assert re.search(
            rf"^  # \d+\. \[[^]]+\] {re.escape(question.text[:40])}.*\n(  #.*\n)*  {question.id}:$",
            run.stdout,
            re.MULTILINE,
        )
    # Left empty, the file is refused with every question named; filled in, it is accepted.
    empty = invoke(["take", "--bank", bank_id, "--answers", "-"], stdin=run.stdout)
    assert empty.code == 2
    assert bank.questions[0].id in empty.stderr
    values = {q.id: "3" if q.type == "likert" else q.options[0].key for q in bank.questions}
    filled = re.sub(
        r"^  ([a-z0-9-]+):$", lambda m: f"  {m[1]}: {values[m[1]]}", run.stdout, flags=re.M
    )
    taken = invoke(["take", "--bank", bank_id, "--answers", "-", "--json"], stdin=filled)
    assert taken.code == 0, taken.output
    assert json.loads(taken.stdout)["answered"] == len(bank.questions)


def test_the_template_of_an_unknown_bank_is_a_plain_error() -> None:
    run = invoke(["take", "--bank", "nope", "--template"])
    assert run.code == 2
    assert "Traceback" not in run.output
