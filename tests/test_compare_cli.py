"""``compare`` through the real CLI: which two attempts by default, which moves are named,
the direction in time, the questions changing under a score, and one word ("area")."""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from cli_runs import Run, invoke_clean
from leadquiz.banks.loader import resolve_bank
from leadquiz.models import AnswerValue

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini.yaml"

#: mini.yaml answered at the manager pole, and at the leader pole (both areas move).
LOW: dict[str, AnswerValue] = {
    "goals-kpi": 5,
    "goals-dream": 1,
    "goals-plan": "a",
    "risk-safe": 5,
    "risk-bet": "a",
}
HIGH: dict[str, AnswerValue] = {
    "goals-kpi": 1,
    "goals-dream": 5,
    "goals-plan": "c",
    "risk-safe": 1,
    "risk-bet": "b",
}
#: LOW in Goals, HIGH in Risk: only Risk (two questions, *few answers*) moves from LOW.
ONLY_RISK: dict[str, AnswerValue] = {**LOW, "risk-safe": 1, "risk-bet": "b"}

_files = itertools.count(1)


def ok(*args: str) -> Run:
    run = invoke_clean(args)
    assert run.code == 0, run.output
    return run


def flat(output: str) -> str:
    return " ".join(output.split())


def take(tmp_path: Path, answers: Mapping[str, AnswerValue], bank: Path | str = MINI) -> int:
    """One whole attempt through ``take --answers --json``; its id."""
    path = tmp_path / f"answers-{next(_files)}.json"
    path.write_text(json.dumps({"answers": dict(answers)}), encoding="utf-8")
    document = json.loads(ok("take", "--bank", str(bank), "--answers", str(path), "--json").stdout)
    attempt: int = document["attempt"]
    return attempt


def neutral(bank_id: str) -> dict[str, AnswerValue]:
    """Agree with every statement, the first option of every scenario."""
    bank = resolve_bank(bank_id)
    return {q.id: 4 if q.type == "likert" else q.options[0].key for q in bank.questions}


def attempt_lines(output: str) -> tuple[str, str]:
    """The ``A  attempt …`` and ``B  attempt …`` lines of a comparison."""
    lines = output.splitlines()
    return (
        next(line for line in lines if line.startswith("A  attempt")),
        next(line for line in lines if line.startswith("B  attempt")),
    )


def compare_json(*args: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(ok("compare", *args, "--json").stdout)
    return document


# --- which two attempts, by default ---------------------------------------------


def test_default_compares_the_two_latest_attempts_of_the_latest_attempts_bank(
    tmp_path: Path,
) -> None:
    first_core = take(tmp_path, neutral("core"), "core")
    take(tmp_path, neutral("quick"), "quick")
    second_core = take(tmp_path, neutral("core"), "core")
    a, b = attempt_lines(ok("compare").stdout)
    assert a.startswith(f"A  attempt {first_core} · core ")
    assert b.startswith(f"B  attempt {second_core} · core ")
    document = compare_json()
    assert (document["a"]["attempt"], document["b"]["attempt"]) == (first_core, second_core)
    assert document["same_bank"] is True


def test_default_never_sets_a_quick_attempt_beside_a_core_one(tmp_path: Path) -> None:
    take(tmp_path, neutral("core"), "core")
    take(tmp_path, neutral("quick"), "quick")
    run = invoke_clean(["compare"])
    assert run.code == 2
    assert run.stdout == ""
    assert flat(run.stderr).startswith(
        "Error: the latest attempt of 'tester' used bank 'quick', which has only that one "
        "finished attempt; comparing needs two attempts of one bank"
    )
    assert "leadquiz take --bank quick" in run.stderr
    assert "leadquiz compare A B" in run.stderr
    # Named, the two banks are compared on the areas they share, and it is said.
    out = ok("compare", "1", "2").stdout
    assert "A used core, B used quick" in flat(out)


def test_default_after_a_second_quick_compares_the_two_quick_attempts(tmp_path: Path) -> None:
    first_quick = take(tmp_path, neutral("quick"), "quick")
    take(tmp_path, neutral("core"), "core")
    second_quick = take(tmp_path, neutral("quick"), "quick")
    a, b = attempt_lines(ok("compare").stdout)
    assert a.startswith(f"A  attempt {first_quick} · quick ")
    assert b.startswith(f"B  attempt {second_quick} · quick ")


# --- the largest moves ----------------------------------------------------------


def test_an_area_with_few_answers_is_never_named_as_a_move(tmp_path: Path) -> None:
    take(tmp_path, LOW)
    take(tmp_path, HIGH)
    out = ok("compare").stdout
    document = compare_json()
    risk = next(d for d in document["dimensions"] if d["id"] == "risk")
    assert risk["beyond_noise"] is True  # Risk moved far, on two answers
    assert "Risk (few answers)" in out
    sentence = next(line for line in out.splitlines() if "largest move" in line)
    assert flat(out).count("The largest move beyond noise: Goals moved 100.0") == 1
    assert "Risk moved" not in flat(out), sentence


def test_when_only_a_few_answers_area_moved_no_move_is_named_and_no_false_all_clear(
    tmp_path: Path,
) -> None:
    take(tmp_path, LOW)
    take(tmp_path, ONLY_RISK)
    out = flat(ok("compare").stdout)
    assert "No area with enough answers to judge moved beyond noise (an area marked few " in out
    assert "answers is never named as a move)." in out
    assert "Risk moved" not in out
    assert "every change is smaller than answering the same way twice" not in out


# --- the direction in time ------------------------------------------------------


def test_a_later_than_b_is_said_in_words(tmp_path: Path) -> None:
    take(tmp_path, LOW)
    take(tmp_path, HIGH)
    out = ok("compare", "2", "1").stdout
    assert (
        "A (attempt 2) is later than B (attempt 1): each change runs backwards in time, from "
        "attempt 2 back to attempt 1." in flat(out)
    )
    forward = ok("compare", "1", "2").stdout
    assert "backwards" not in forward
    assert "later than" not in ok("compare").stdout


# --- one word -------------------------------------------------------------------


@pytest.mark.parametrize("width", ["50", "80", "120"])
def test_compare_says_area_never_dimension(tmp_path: Path, width: str) -> None:
    take(tmp_path, LOW)
    take(tmp_path, HIGH, bank=DATA / "mini.yaml")
    take(tmp_path, neutral("quick"), "quick")
    for args in (("compare", "1", "2"), ("compare", "1", "3")):
        run = invoke_clean(args, env={"COLUMNS": width})
        assert run.code == 0, run.output
        assert "dimension" not in run.stdout.lower()
    head = next(
        line for line in ok("compare", "1", "2").stdout.splitlines() if line.startswith("area ")
    )
    assert head.split()[:3] == ["area", "A", "B"]
    help_text = invoke_clean(["compare", "--help"]).stdout
    assert "dimension" not in help_text.lower()
    assert "area by area" in flat(help_text)
