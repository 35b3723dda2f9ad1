"""The ``--answers`` file loader: every problem listed, with its place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leadquiz.banks.loader import load_bank
from leadquiz.errors import EXIT_BAD_INPUT, AnswersError
from leadquiz.models import Bank
from leadquiz.quiz.answers_file import MAX_ANSWERS_BYTES, load_answers

MINI = Path(__file__).parent / "data" / "mini.yaml"
GOOD = {"goals-kpi": 2, "goals-dream": 4, "goals-plan": "a", "risk-safe": 1, "risk-bet": "b"}


@pytest.fixture(scope="module")
def mini() -> Bank:
    return load_bank(MINI)


def write(tmp_path: Path, text: str | bytes, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def problems(path: Path, bank: Bank) -> list[str]:
    with pytest.raises(AnswersError) as caught:
        load_answers(path, bank)
    assert caught.value.exit_code == EXIT_BAD_INPUT
    return [str(problem) for problem in caught.value.problems]


def test_valid_yaml(tmp_path: Path, mini: Bank) -> None:
    path = write(
        tmp_path,
        "answers:\n  goals-kpi: 2\n  goals-dream: 4\n  goals-plan: a\n  risk-safe: 1\n"
        "  risk-bet: b\n",
    )
    assert load_answers(path, mini) == GOOD


def test_valid_json(tmp_path: Path, mini: Bank) -> None:
    path = write(tmp_path, json.dumps({"answers": GOOD}), "answers.json")
    loaded = load_answers(path, mini)
    assert loaded == GOOD
    assert type(loaded["goals-kpi"]) is int


def test_a_byte_order_mark_is_accepted(tmp_path: Path, mini: Bank) -> None:
    path = write(tmp_path, "\ufeff" + json.dumps({"answers": GOOD}), "answers.json")
    assert load_answers(path, mini) == GOOD


def test_every_problem_is_listed_with_its_line(tmp_path: Path, mini: Bank) -> None:
    path = write(
        tmp_path,
        "answers:\n"
        "  goals-kpi: 6\n"  # line 2: out of range
        "  goals-dream: 0\n"  # line 3: out of range
        "  goals-plan: z\n"  # line 4: no such option
        "  ghost: 3\n"  # line 5: unknown question
        "  risk-bet: b\n",  # risk-safe is missing
    )
    found = problems(path, mini)
    assert len(found) == 5
    assert f"{path}:2:14: the answer to 'goals-kpi' must be a whole number from 1 to 5" in (
        "\n".join(found)
    )
    assert any(p.startswith(f"{path}:3:") and "'goals-dream'" in p for p in found)
    assert any(p.startswith(f"{path}:4:") and "'goals-plan'" in p and "a, b, c" in p for p in found)
    assert any(p.startswith(f"{path}:5:") and "'ghost' is not a question" in p for p in found)
    assert any("1 of 5 questions have no answer: risk-safe" in p for p in found)


def test_missing_questions_are_named(tmp_path: Path, mini: Bank) -> None:
    path = write(tmp_path, "answers:\n  goals-kpi: 3\n")
    (found,) = problems(path, mini)
    assert "4 of 5 questions have no answer" in found
    for name in ("goals-dream", "goals-plan", "risk-safe", "risk-bet"):
        assert name in found


@pytest.mark.parametrize(
    ("question_id", "value"),
    [
        ("goals-kpi", '"3"'),  # text, not a number
        ("goals-kpi", "3.0"),
        ("goals-kpi", "true"),
        ("goals-kpi", "[3]"),
        ("goals-kpi", ""),
        ("goals-plan", "A"),  # keys are lowercase
        ("goals-plan", "1"),
        ("risk-bet", "c"),  # an option of another question
    ],
)
def test_values_of_the_wrong_kind_are_refused(
    tmp_path: Path, mini: Bank, question_id: str, value: str
) -> None:
    answers = {**GOOD}
    lines = [f"  {key}: {answers[key]}" for key in answers if key != question_id]
    lines.append(f"  {question_id}: {value}")
    path = write(tmp_path, "answers:\n" + "\n".join(lines) + "\n")
    (found,) = problems(path, mini)
    assert f"the answer to '{question_id}' must be" in found
    assert found.startswith(f"{path}:6:")


@pytest.mark.parametrize(
    "text",
    [
        "",  # empty
        "- 1\n- 2\n",  # a list
        "just words\n",  # a scalar
        "answers:\n",  # nothing under answers
        "answers: [1, 2]\n",
        "goals-kpi: 2\n",  # forgot the answers: level
    ],
)
def test_the_wrong_shape_is_refused(tmp_path: Path, mini: Bank, text: str) -> None:
    found = problems(write(tmp_path, text), mini)
    assert any("the file must hold 'answers:'" in p for p in found)


def test_an_extra_top_level_key_is_refused(tmp_path: Path, mini: Bank) -> None:
    path = write(tmp_path, json.dumps({"answers": GOOD, "user": "x"}), "a.json")
    (found,) = problems(path, mini)
    assert "unknown key 'user'" in found


def test_not_yaml(tmp_path: Path, mini: Bank) -> None:
    (found,) = problems(write(tmp_path, "answers: {goals-kpi: [\n"), mini)
    assert "not valid YAML" in found
    assert found.startswith(str(tmp_path))


def test_broken_json(tmp_path: Path, mini: Bank) -> None:
    found = problems(write(tmp_path, '{"answers": {"goals-kpi": 2,', "a.json"), mini)
    assert found
    assert all(p.startswith(str(tmp_path)) for p in found)


def test_a_key_given_twice_is_refused(tmp_path: Path, mini: Bank) -> None:
    path = write(
        tmp_path,
        "answers:\n  goals-kpi: 2\n  goals-kpi: 5\n  goals-dream: 4\n  goals-plan: a\n"
        "  risk-safe: 1\n  risk-bet: b\n",
    )
    (found,) = problems(path, mini)
    assert "'goals-kpi' is given twice" in found
    assert found.startswith(f"{path}:3:")


def test_missing_file(tmp_path: Path, mini: Bank) -> None:
    path = tmp_path / "nope.yaml"
    assert problems(path, mini) == [f"{path}: no such file"]


def test_a_directory(tmp_path: Path, mini: Bank) -> None:
    assert problems(tmp_path, mini) == [f"{tmp_path}: this is a directory, not a file"]


def test_not_utf8(tmp_path: Path, mini: Bank) -> None:
    (found,) = problems(write(tmp_path, b"answers:\n  goals-kpi: \xff\n"), mini)
    assert "not UTF-8" in found


def test_a_huge_file_is_refused_unread(tmp_path: Path, mini: Bank) -> None:
    path = write(tmp_path, "#" * (MAX_ANSWERS_BYTES + 1))
    (found,) = problems(path, mini)
    assert "larger than 1 MiB" in found
