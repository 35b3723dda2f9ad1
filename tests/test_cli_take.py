"""``leadquiz take`` and ``leadquiz report`` through the real CLI (Typer's CliRunner).

Interactive runs set ``LEADQUIZ_INTERACTIVE=1`` so the runner's non-terminal
stdin is accepted, and feed the typed lines through ``input=``. Every run
goes through the real store in the test's ``LEADQUIZ_HOME``; what was saved
is read back with :class:`leadquiz.store.database.Store`.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from rich.cells import cell_len

from cli_runs import Run, invoke_clean
from leadquiz.app.taking import start
from leadquiz.banks.loader import load_bank, resolve_bank
from leadquiz.models import AnswerValue, Attempt, Bank, Question
from leadquiz.quiz.loop import question_order
from leadquiz.store.database import Store

DATA = Path(__file__).parent / "data"
MINI_PATH = DATA / "mini.yaml"
MINI = load_bank(MINI_PATH)
INTERACTIVE = {"LEADQUIZ_INTERACTIVE": "1"}
#: A valid, complete set of answers to mini.yaml.
GOOD: dict[str, AnswerValue] = {
    "goals-kpi": 2,
    "goals-dream": 4,
    "goals-plan": "a",
    "risk-safe": 1,
    "risk-bet": "b",
}


def cli(
    *args: str,
    typed: Sequence[str] | None = None,
    env: Mapping[str, str | None] | None = None,
) -> Run:
    """Run leadquiz in-process; fail on any uncaught exception or traceback."""
    text = None if typed is None else "".join(line + "\n" for line in typed)
    return invoke_clean(args, stdin=text, env=env)


def take(*args: str, typed: Sequence[str] = (), env: Mapping[str, str | None] | None = None) -> Run:
    """An interactive ``leadquiz take`` with the given lines typed."""
    return cli("take", *args, typed=typed, env={**INTERACTIVE, **(env or {})})


def attempts(home: Path, user: str = "tester") -> list[Attempt]:
    if not home.exists():
        return []
    with Store.open(home) as store:
        return store.attempts(user)


def answers_of(home: Path, attempt_id: int) -> dict[str, AnswerValue | None]:
    with Store.open(home) as store:
        return store.answers(attempt_id)


def only_attempt(home: Path) -> Attempt:
    (attempt,) = attempts(home)
    return attempt


def typed_for(order: Sequence[str], answers: Mapping[str, AnswerValue | None]) -> list[str]:
    """The lines to type to give ``answers`` (``None`` = skip) in the asking order."""
    return ["s" if answers[q] is None else str(answers[q]) for q in order if q in answers]


def write_answers(tmp_path: Path, answers: Mapping[str, object], name: str = "a.yaml") -> Path:
    path = tmp_path / name
    if name.endswith(".json"):
        path.write_text(json.dumps({"answers": answers}), encoding="utf-8")
    else:
        body = "".join(f"  {key}: {value}\n" for key, value in answers.items())
        path.write_text("answers:\n" + body, encoding="utf-8")
    return path


def question_of(bank: Bank, question_id: str) -> Question:
    question = bank.question(question_id)
    assert question is not None
    return question


def neutral_answers(bank: Bank) -> dict[str, AnswerValue]:
    return {q.id: 3 if q.type == "likert" else q.options[0].key for q in bank.questions}


def shown_questions(output: str) -> list[int]:
    """The question numbers shown, in order ("Question N of M")."""
    return [int(n) for n in re.findall(r"Question (\d+) of \d+", output)]


# --- which bank ---------------------------------------------------------------------


def test_the_default_bank_is_core(leadquiz_home: Path) -> None:
    core = resolve_bank("core")
    run = take(typed=["q"])
    assert run.code == 0
    assert f"Question 1 of {len(core.questions)}" in run.stdout
    attempt = only_attempt(leadquiz_home)
    assert attempt.bank_id == "core"
    assert len(attempt.order) == len(core.questions)


def test_the_default_bank_with_an_answers_file_is_core(tmp_path: Path) -> None:
    path = write_answers(tmp_path, neutral_answers(resolve_bank("core")))
    run = cli("take", "--answers", str(path), "--json")
    assert run.code == 0, run.stderr
    assert json.loads(run.stdout)["bank"]["id"] == "core"


@pytest.mark.parametrize("name", ["quick", "core"])
def test_a_bundled_bank_by_id(tmp_path: Path, name: str) -> None:
    bank = resolve_bank(name)
    path = write_answers(tmp_path, neutral_answers(bank))
    run = cli("take", "--bank", name, "--answers", str(path), "--json")
    assert run.code == 0, run.stderr
    document = json.loads(run.stdout)
    assert document["bank"]["id"] == name
    assert document["total"] == len(bank.questions)


def test_quick_interactively(leadquiz_home: Path) -> None:
    run = take("--bank", "quick", typed=["q"])
    assert run.code == 0
    assert "Question 1 of 15" in run.stdout
    assert only_attempt(leadquiz_home).bank_id == "quick"


def test_a_bank_file_by_path(tmp_path: Path, leadquiz_home: Path) -> None:
    path = write_answers(tmp_path, GOOD)
    run = cli("take", "--bank", str(MINI_PATH), "--answers", str(path), "--json")
    assert run.code == 0, run.stderr
    assert json.loads(run.stdout)["bank"]["id"] == "mini"
    assert only_attempt(leadquiz_home).bank_id == "mini"


@pytest.mark.parametrize("interactive", [True, False])
def test_an_unknown_bank_is_refused_plainly(
    tmp_path: Path, leadquiz_home: Path, interactive: bool
) -> None:
    if interactive:
        run = take("--bank", "nope", typed=["3"])
    else:
        run = cli("take", "--bank", "nope", "--answers", str(write_answers(tmp_path, GOOD)))
    assert run.code == 2
    assert "no bundled bank is called 'nope'" in run.stderr
    assert "core" in run.stderr  # names the banks there are
    assert run.stdout == ""
    assert attempts(leadquiz_home) == []


def test_a_missing_bank_file_is_refused_plainly(leadquiz_home: Path) -> None:
    run = take("--bank", "missing/bank.yaml", typed=["3"])
    assert run.code == 2
    assert "missing/bank.yaml: no such file" in run.stderr
    assert attempts(leadquiz_home) == []


# --- the interactive quiz --------------------------------------------------------------


def test_welcome_then_one_question_at_a_time(leadquiz_home: Path) -> None:
    order = question_order(MINI, 1)
    run = take("--bank", str(MINI_PATH), "--seed", "1", typed=typed_for(order, GOOD))
    assert run.code == 0, run.output
    welcome = run.stdout[: run.stdout.index("Question 1 of 5")]
    assert "A small test bank" in welcome
    assert "5 questions" in welcome
    assert "neither end is better" in welcome
    assert "leadquiz take --resume" in welcome  # says how to pause and come back
    assert shown_questions(run.stdout) == [1, 2, 3, 4, 5]
    # Each question's text appears after its own header and before the next one.
    for number, question_id in enumerate(order, start=1):
        question = MINI.question(question_id)
        assert question is not None
        start = run.stdout.index(f"Question {number} of 5")
        end = run.stdout.find(f"Question {number + 1} of 5")
        assert question.text in run.stdout[start : end if end > 0 else None]
    assert "Overall" in run.stdout  # the report follows the last answer
    assert only_attempt(leadquiz_home).status == "finished"


def test_a_question_can_be_paused_before_the_next_is_shown() -> None:
    run = take("--bank", str(MINI_PATH), typed=["q"])
    assert run.code == 0
    assert shown_questions(run.stdout) == [1]


@pytest.mark.parametrize("question_id", ["risk-bet", "goals-plan"])
def test_the_area_is_named_only_after_the_answer(question_id: str) -> None:
    question = MINI.question(question_id)
    dimension = MINI.dimension(question.dimension) if question else None
    assert question is not None
    assert dimension is not None
    title = dimension.title
    # The check below means something only if the question's own words do not name it.
    assert title.lower() not in question.text.lower()
    assert all(title.lower() not in option.text.lower() for option in question.options)
    order = question_order(MINI, 5)
    number = order.index(question_id) + 1

    run = take("--bank", str(MINI_PATH), "--seed", "5", typed=typed_for(order, GOOD))

    assert run.code == 0, run.output
    start = run.stdout.index(f"Question {number} of 5")
    answered = run.stdout.index("✓", start)
    before_answer = run.stdout[start:answered]
    assert question.text in before_answer
    assert title.lower() not in before_answer.lower()
    confirmation = run.stdout[answered:].splitlines()[0]
    assert f"area: {title}" in confirmation


def test_the_welcome_names_no_area() -> None:
    run = take("--bank", str(MINI_PATH), typed=["q"])
    welcome = run.stdout[: run.stdout.index("Question 1 of 5")]
    assert "2 areas" in welcome
    for dimension in MINI.dimensions:
        assert dimension.title not in welcome


def test_likert_numbers_and_choice_letters_are_stored(leadquiz_home: Path) -> None:
    order = question_order(MINI, 2)
    chosen: dict[str, AnswerValue | None] = {
        "goals-kpi": 1,
        "goals-dream": 5,
        "goals-plan": "c",
        "risk-safe": 3,
        "risk-bet": "a",
    }
    run = take("--bank", str(MINI_PATH), "--seed", "2", typed=typed_for(order, chosen))
    assert run.code == 0, run.output
    attempt = only_attempt(leadquiz_home)
    assert attempt.order == order
    assert answers_of(leadquiz_home, attempt.id) == chosen


def test_upper_case_letters_and_spaces_are_accepted(leadquiz_home: Path) -> None:
    order = question_order(MINI, 2)
    typed = [f" {str(GOOD[q]).upper()} " for q in order]
    run = take("--bank", str(MINI_PATH), "--seed", "2", typed=typed)
    assert run.code == 0, run.output
    assert answers_of(leadquiz_home, only_attempt(leadquiz_home).id) == GOOD


def test_invalid_input_is_asked_again_with_a_message(leadquiz_home: Path) -> None:
    order = question_order(MINI, 3)
    likert = next(q for q in order if question_of(MINI, q).type == "likert")
    choice = next(q for q in order if question_of(MINI, q).type == "choice")
    typed: list[str] = []
    for question_id in order:
        if question_id == likert:
            typed += ["0", "6", "yes", ""]
        if question_id == choice:
            typed += ["z", "9"]
        typed.append(str(GOOD[question_id]))

    run = take("--bank", str(MINI_PATH), "--seed", "3", typed=typed)

    assert run.code == 0, run.output
    assert run.stdout.count("Please type a number from 1 to 5") == 4
    choice_question = MINI.question(choice)
    assert choice_question is not None
    keys = ", ".join(option.key for option in choice_question.options)
    assert run.stdout.count(f"Please type one of {keys}") == 2
    # Asked again, not moved on: every question was shown exactly once.
    assert shown_questions(run.stdout) == [1, 2, 3, 4, 5]
    assert answers_of(leadquiz_home, only_attempt(leadquiz_home).id) == GOOD


def test_back_and_a_new_answer_replaces_the_stored_one(leadquiz_home: Path) -> None:
    order = question_order(MINI, 4)
    first, second = order[0], order[1]
    changed = {**GOOD}
    first_question = MINI.question(first)
    assert first_question is not None
    changed[first] = 5 if first_question.type == "likert" else "c"
    assert changed[first] != GOOD[first]
    typed = [str(GOOD[first]), str(GOOD[second]), "<", "<", str(changed[first])]
    typed += ["", *typed_for(order[2:], GOOD)]  # Enter keeps the second answer

    run = take("--bank", str(MINI_PATH), "--seed", "4", typed=typed)

    assert run.code == 0, run.output
    assert shown_questions(run.stdout) == [1, 2, 3, 2, 1, 2, 3, 4, 5]
    assert "Press Enter to keep your earlier answer" in run.stdout
    stored = answers_of(leadquiz_home, only_attempt(leadquiz_home).id)
    assert stored[first] == changed[first]
    assert stored == changed


def test_a_skipped_question_counts_toward_no_score(leadquiz_home: Path) -> None:
    order = question_order(MINI, 1)
    chosen: dict[str, AnswerValue | None] = {**GOOD, "goals-plan": None}
    run = take("--bank", str(MINI_PATH), "--seed", "1", "--json", typed=typed_for(order, chosen))
    assert run.code == 0, run.output
    document = json.loads(run.stdout)
    assert (document["answered"], document["skipped"]) == (4, 1)
    goals = document["dimensions"][0]
    assert goals["id"] == "goals"
    assert goals["answered"] == 2
    # goals-kpi 2 keyed manager: (3 - 2) / 2 = +0.5, weight 1;
    # goals-dream 4 keyed leader: (4 - 3) / 2 = +0.5, weight 2;
    # goals-plan skipped: left out (as "b", lean 0, it would give 62.5).
    # mean (0.5 + 1.0) / 3 = 0.5 -> 50 + 25 = 75.0
    assert goals["score"] == 75.0
    assert answers_of(leadquiz_home, only_attempt(leadquiz_home).id)["goals-plan"] is None


def test_an_area_with_every_question_skipped_is_not_answered(leadquiz_home: Path) -> None:
    order = question_order(MINI, 1)
    chosen: dict[str, AnswerValue | None] = {**GOOD, "risk-safe": None, "risk-bet": None}
    run = take("--bank", str(MINI_PATH), "--seed", "1", "--json", typed=typed_for(order, chosen))
    assert run.code == 0, run.output
    document = json.loads(run.stdout)
    risk = document["dimensions"][1]
    assert risk["id"] == "risk"
    assert (risk["score"], risk["band"], risk["answered"]) == (None, None, 0)
    # The overall score is the mean of the answered areas only: goals 56.25 -> 56.3,
    # and so is its SE: goals' own, 50 × 0.35 × √6 / 4 = 10.7.
    assert document["overall"] == {
        "score": 56.3,
        "band": "balanced",
        "se": 10.7,
        "interval": [38.7, 73.9],
    }

    text = cli("report").stdout
    risk_rows = text[text.index("Risk") :].splitlines()[:2]
    assert any("not answered" in line for line in risk_rows)
    assert "50.0" not in text


def test_q_pauses_and_keeps_the_answers(leadquiz_home: Path) -> None:
    order = question_order(MINI, 6)
    typed = [*typed_for(order[:2], GOOD), "q"]
    run = take("--bank", str(MINI_PATH), "--seed", "6", typed=typed)
    assert run.code == 0
    assert "Paused. 2 of 5 answers are saved" in run.stdout
    assert "Continue with: leadquiz take --resume" in run.stdout
    assert "Overall" not in run.stdout
    attempt = only_attempt(leadquiz_home)
    assert attempt.status == "in_progress"
    assert answers_of(leadquiz_home, attempt.id) == {q: GOOD[q] for q in order[:2]}


def test_the_resume_hint_names_another_user() -> None:
    run = take("--bank", str(MINI_PATH), "--user", "sam", typed=["q"])
    assert "Continue with: leadquiz take --resume 1 --user sam" in run.stdout


def test_end_of_input_stops_with_130_and_keeps_the_answers(leadquiz_home: Path) -> None:
    order = question_order(MINI, 6)
    run = take("--bank", str(MINI_PATH), "--seed", "6", typed=typed_for(order[:3], GOOD))
    assert run.code == 130
    assert "Stopped. 3 of 5 answers are saved" in run.stdout
    assert "leadquiz take --resume" in run.stdout
    attempt = only_attempt(leadquiz_home)
    assert answers_of(leadquiz_home, attempt.id) == {q: GOOD[q] for q in order[:3]}


def test_resume_continues_at_the_first_open_question_in_the_same_order(
    leadquiz_home: Path,
) -> None:
    order = question_order(MINI, 8)
    chosen: dict[str, AnswerValue | None] = {**GOOD, order[1]: None}
    first = take(
        "--bank", str(MINI_PATH), "--seed", "8", typed=[*typed_for(order[:2], chosen), "q"]
    )
    assert first.code == 0
    before = only_attempt(leadquiz_home)

    run = take("--resume", typed=typed_for(order[2:], chosen))

    assert run.code == 0, run.output
    assert "Welcome back. 2 of 5 questions are answered" in run.stdout
    assert shown_questions(run.stdout) == [3, 4, 5]
    third = MINI.question(order[2])
    assert third is not None
    assert third.text in run.stdout[run.stdout.index("Question 3 of 5") :].split("Your answer")[0]
    after = only_attempt(leadquiz_home)
    assert after.id == before.id
    assert after.order == before.order == order
    assert after.status == "finished"
    assert answers_of(leadquiz_home, after.id) == chosen
    assert "Overall" in run.stdout


def test_resume_after_going_back_starts_after_the_last_answer(leadquiz_home: Path) -> None:
    order = question_order(MINI, 8)
    typed = [*typed_for(order[:3], GOOD), "<", "<", "q"]
    assert take("--bank", str(MINI_PATH), "--seed", "8", typed=typed).code == 0
    run = take("--resume", typed=["q"])
    assert shown_questions(run.stdout) == [4]


def test_resume_picks_the_right_user_and_bank(leadquiz_home: Path) -> None:
    order = question_order(MINI, 1)
    take("--bank", str(MINI_PATH), "--seed", "1", "--user", "sam", typed=[str(GOOD[order[0]]), "q"])
    assert take("--resume", typed=["q"]).code == 2  # tester has nothing to resume
    run = take("--resume", "--user", "sam", "--bank", "quick", typed=["q"])
    assert run.code == 2
    assert "of bank 'quick'" in run.stderr
    run = take("--resume", "--user", "sam", "--bank", str(MINI_PATH), typed=["q"])
    assert run.code == 0
    assert shown_questions(run.stdout) == [2]


def test_resume_when_every_answer_is_in_but_not_yet_scored(leadquiz_home: Path) -> None:
    # Ctrl-C after the last answer, while scoring, leaves every answer stored but no result.
    with Store.open(leadquiz_home) as store:
        session = start(store, "tester", MINI, 1)
        store.save_answers(session.attempt.id, GOOD, "2024-05-01T09:00:00+00:00")
    run = take("--resume")
    assert run.code == 0, run.output
    assert "All 5 questions are answered" in run.stdout
    assert "minute" not in run.stdout
    assert shown_questions(run.stdout) == []
    assert "Overall  71.9 ± 13.5  leans leader" in run.stdout
    assert only_attempt(leadquiz_home).status == "finished"


def test_resume_with_nothing_to_resume(leadquiz_home: Path) -> None:
    run = take("--resume", typed=["3"])
    assert run.code == 2
    assert "no unfinished attempt" in run.stderr
    assert "leadquiz take" in run.stderr
    assert attempts(leadquiz_home) == []


def test_resume_after_finishing_has_nothing_to_resume(tmp_path: Path) -> None:
    cli("take", "--bank", str(MINI_PATH), "--answers", str(write_answers(tmp_path, GOOD)))
    run = take("--resume", typed=["3"])
    assert run.code == 2
    assert "no unfinished attempt" in run.stderr


@pytest.mark.parametrize("extra", [["--answers", "FILE"], ["--seed", "3"]])
def test_resume_with_answers_or_seed_is_bad_usage(
    tmp_path: Path, leadquiz_home: Path, extra: list[str]
) -> None:
    take("--bank", str(MINI_PATH), typed=["q"])
    args = [str(write_answers(tmp_path, GOOD)) if a == "FILE" else a for a in extra]
    run = cli("take", "--resume", *args)
    assert run.code == 2
    assert "--resume" in run.stderr
    assert run.stderr.startswith("Error: ")
    assert answers_of(leadquiz_home, only_attempt(leadquiz_home).id) == {}


def test_json_prints_only_the_result_on_stdout() -> None:
    order = question_order(MINI, 1)
    run = take("--bank", str(MINI_PATH), "--seed", "1", "--json", typed=typed_for(order, GOOD))
    assert run.code == 0, run.output
    document = json.loads(run.stdout)  # nothing else on stdout
    assert document["bank"]["id"] == "mini"
    assert "Question 1 of 5" in run.stderr  # the questions went to stderr


# --- question order -------------------------------------------------------------------


def test_the_same_seed_stores_the_same_order(leadquiz_home: Path) -> None:
    take("--seed", "11", typed=["q"])
    # "n": start a new attempt, keeping the unfinished one offered first.
    take("--seed", "11", typed=["n", "q"])
    take("--seed", "12", typed=["n", "q"])
    newest, second, first = attempts(leadquiz_home)
    assert (first.seed, second.seed, newest.seed) == (11, 11, 12)
    assert first.order == second.order
    assert newest.order != first.order
    assert sorted(first.order) == sorted(q.id for q in resolve_bank("core").questions)


def test_without_a_seed_one_is_chosen_and_stored(leadquiz_home: Path) -> None:
    take(typed=["q"])
    attempt = only_attempt(leadquiz_home)
    assert attempt.seed is not None
    assert attempt.order == question_order(resolve_bank("core"), attempt.seed)


def test_core_neighbours_come_from_different_areas(leadquiz_home: Path) -> None:
    core = resolve_bank("core")
    take("--seed", "5", typed=["q"])
    order = only_attempt(leadquiz_home).order
    areas = [question_of(core, q).dimension for q in order]
    assert all(a != b for a, b in itertools.pairwise(areas))
    # The first question shown is the first of the stored order.
    first = core.question(order[0])
    assert first is not None
    # Long statements wrap at the terminal's width: compare the words.
    assert " ".join(first.text.split()) in " ".join(take("--resume", typed=["q"]).stdout.split())


# --- no terminal -------------------------------------------------------------------------


def test_no_terminal_and_no_answers_file_is_refused_at_once(leadquiz_home: Path) -> None:
    run = cli("take", typed=["3"] * 60, env={"LEADQUIZ_INTERACTIVE": None})
    assert run.code == 2
    assert "not a terminal" in run.stderr
    assert "--answers" in run.stderr
    assert "Question" not in run.output
    assert attempts(leadquiz_home) == []


def test_no_terminal_does_not_wait_for_input_that_never_comes(leadquiz_home: Path) -> None:
    # stdin is a pipe that stays open: asking would block until the timeout.
    env = {k: v for k, v in os.environ.items() if k != "LEADQUIZ_INTERACTIVE"}
    with subprocess.Popen(
        [sys.executable, "-m", "leadquiz", "take"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    ) as child:
        try:
            code = child.wait(timeout=15)
        finally:
            child.kill()
        assert child.stderr is not None
        stderr = child.stderr.read()
    assert code == 2
    assert "not a terminal" in stderr
    assert "Traceback" not in stderr
    assert attempts(leadquiz_home) == []


# --- answers files ------------------------------------------------------------------------


def answers_text(answers: Mapping[str, object]) -> str:
    return "answers:\n" + "".join(f"  {k}: {v}\n" for k, v in answers.items())


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            answers_text({"goals-kpi": 2, "goals-dream": 4}),
            ["3 of 5 questions have no answer: goals-plan, risk-safe, risk-bet"],
            id="missing-questions",
        ),
        pytest.param(
            answers_text({**GOOD, "ghost": 3, "phantom": "a"}),
            ["'ghost' is not a question of bank 'mini'", "'phantom' is not a question"],
            id="unknown-ids",
        ),
        pytest.param(
            answers_text({**GOOD, "goals-kpi": 0, "risk-safe": 6}),
            [
                ":2:14: the answer to 'goals-kpi' must be a whole number from 1 to 5",
                ":5:14: the answer to 'risk-safe' must be a whole number from 1 to 5",
            ],
            id="out-of-range",
        ),
        pytest.param(
            answers_text({**GOOD, "goals-plan": "d", "risk-bet": "c"}),
            ["one of the option keys a, b, c, not 'd'", "one of the option keys a, b, not 'c'"],
            id="no-such-option",
        ),
        pytest.param("answers: [goals-kpi\n", ["not valid YAML"], id="not-yaml"),
        pytest.param("- 2\n- 4\n", ["the file must hold 'answers:'"], id="wrong-shape"),
        pytest.param(
            answers_text({**GOOD, "goals-kpi": 9, "ghost": 1, "risk-bet": None}),
            ["'goals-kpi' must be", "'ghost' is not a question", "'risk-bet' must be"],
            id="several-at-once",
        ),
    ],
)
def test_a_bad_answers_file_lists_every_problem_and_stores_nothing(
    tmp_path: Path, leadquiz_home: Path, content: str, expected: list[str]
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    run = cli("take", "--bank", str(MINI_PATH), "--answers", str(path), "--json")
    assert run.code == 2
    assert run.stdout == ""
    for problem in expected:
        assert problem in run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) >= len(expected)
    assert all(line.startswith(str(path)) for line in lines)
    assert attempts(leadquiz_home) == []


def test_a_missing_answers_file(tmp_path: Path, leadquiz_home: Path) -> None:
    path = tmp_path / "none.yaml"
    run = cli("take", "--bank", str(MINI_PATH), "--answers", str(path))
    assert run.code == 2
    assert run.stderr == f"{path}: no such file\n"
    assert attempts(leadquiz_home) == []


@pytest.mark.parametrize("name", ["a.yaml", "a.json"])
def test_a_valid_answers_file_is_scored_and_stored(
    tmp_path: Path, leadquiz_home: Path, name: str
) -> None:
    path = write_answers(tmp_path, GOOD, name)
    run = cli("take", "--bank", str(MINI_PATH), "--answers", str(path))
    assert run.code == 0, run.stderr
    assert "Overall" in run.stdout
    assert "71.9" in run.stdout
    attempt = only_attempt(leadquiz_home)
    assert attempt.status == "finished"
    assert answers_of(leadquiz_home, attempt.id) == GOOD


def test_the_hand_computed_example(tmp_path: Path, leadquiz_home: Path) -> None:
    """mini.yaml with GOOD, scored by hand from PRODUCT.md's rule.

    goals:
      goals-kpi   likert keyed manager, 2, weight 1: lean (3 - 2) / 2 = +0.5
      goals-dream likert keyed leader,  4, weight 2: lean (4 - 3) / 2 = +0.5
      goals-plan  choice "a",              weight 1: lean -1
      weighted mean = (1*0.5 + 2*0.5 + 1*(-1)) / (1 + 2 + 1) = 0.5 / 4 = 0.125
      score = 50 + 50 * 0.125 = 56.25 -> 56.3 (half up), band "balanced" (40 <= s < 60)
    risk:
      risk-safe   likert keyed manager, 1: lean (3 - 1) / 2 = +1
      risk-bet    choice "b":               lean +0.5
      mean = (1 + 0.5) / 2 = 0.75; score = 50 + 37.5 = 87.5, "strongly leader" (>= 80)
    overall = (56.25 + 87.5) / 2 = 71.875 -> 71.9, "leans leader" (60 <= s < 80)
    SEs (σ 0.35): goals 50 × 0.35 × √(1 + 4 + 1) / 4 = 10.72; risk 17.5 / √2 = 12.37;
      overall √(10.72² + 12.37²) / 2 = 8.18 -> ± 13.5: interval 58.4–85.4
    """
    path = write_answers(tmp_path, GOOD)
    run = cli("take", "--bank", str(MINI_PATH), "--answers", str(path), "--json")
    assert run.code == 0, run.stderr
    assert run.stderr == ""
    document = json.loads(run.stdout)
    attempt = only_attempt(leadquiz_home)

    assert document["schema"] == "leadquiz/result/2"
    assert document["attempt"] == attempt.id
    assert document["user"] == "tester"
    assert document["bank"]["id"] == "mini"
    assert document["bank"]["version"] == "0.1.0"
    assert document["finished_at"] == attempt.finished_at
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", document["finished_at"])
    assert document["overall"] == {
        "score": 71.9,
        "band": "leans leader",
        "se": 8.2,
        "interval": [58.4, 85.4],
    }
    assert [
        {key: d[key] for key in ("id", "title", "score", "band", "answered")}
        for d in document["dimensions"]
    ] == [
        {"id": "goals", "title": "Goals", "score": 56.3, "band": "balanced", "answered": 3},
        {"id": "risk", "title": "Risk", "score": 87.5, "band": "strongly leader", "answered": 2},
    ]
    assert (document["answered"], document["skipped"], document["total"]) == (5, 0, 5)


def test_take_with_a_seed_and_answers_file_stores_that_order(
    tmp_path: Path, leadquiz_home: Path
) -> None:
    path = write_answers(tmp_path, GOOD)
    cli("take", "--bank", str(MINI_PATH), "--answers", str(path), "--seed", "9")
    assert only_attempt(leadquiz_home).order == question_order(MINI, 9)


# --- report ------------------------------------------------------------------------------


def take_from_file(
    tmp_path: Path, answers: Mapping[str, object] = GOOD, *more: str
) -> dict[str, object]:
    path = write_answers(tmp_path, answers)
    run = cli("take", "--bank", str(MINI_PATH), "--answers", str(path), "--json", *more)
    assert run.code == 0, run.stderr
    result: dict[str, object] = json.loads(run.stdout)
    return result


def test_report_json_equals_what_take_printed(tmp_path: Path) -> None:
    taken = take_from_file(tmp_path)
    latest = cli("report", "--json")
    assert latest.code == 0
    assert json.loads(latest.stdout) == taken
    by_id = cli("report", str(taken["attempt"]), "--json")
    assert json.loads(by_id.stdout) == taken
    assert cli("report", "latest", "--json").stdout == latest.stdout


def test_report_shows_the_latest_or_the_one_named(tmp_path: Path) -> None:
    first = take_from_file(tmp_path)
    low = {**GOOD, "goals-kpi": 5, "goals-dream": 1, "risk-safe": 5, "risk-bet": "a"}
    second = take_from_file(tmp_path, low)
    latest = cli("report")
    assert latest.code == 0
    assert f"attempt {second['attempt']}" in latest.stdout
    # goals all at the manager pole: 0.0; risk (-1 - 0.5) / 2 = -0.75 -> 12.5; overall 6.25
    assert "Overall  6.3 ± 13.5  strongly manager" in latest.stdout
    assert "Overall  71.9" not in latest.stdout
    older = cli("report", str(first["attempt"]))
    assert older.code == 0
    assert f"attempt {first['attempt']}" in older.stdout
    assert "Overall  71.9 ± 13.5  leans leader" in older.stdout


def test_report_text_has_the_scores(tmp_path: Path) -> None:
    take_from_file(tmp_path)
    run = cli("report")
    assert run.code == 0
    assert "Overall  71.9 ± 13.5  leans leader" in run.stdout
    assert re.search(r"56\.3 ± 17\.6\s+balanced", run.stdout)
    assert re.search(r"87\.5 ± 20\.4\s+strongly", run.stdout)


@pytest.mark.parametrize("ref", ["99", "0", "abc", "-1", "1.5"])
def test_report_of_an_unknown_attempt(tmp_path: Path, ref: str) -> None:
    take_from_file(tmp_path)
    run = cli("report", ref)
    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr.startswith(("Error: ", "Usage: "))


def test_report_with_no_attempts_gives_a_hint() -> None:
    run = cli("report")
    assert run.code == 2
    assert "no finished attempt" in run.stderr
    assert "leadquiz take" in run.stderr


def test_report_of_another_users_attempt(tmp_path: Path) -> None:
    theirs = take_from_file(tmp_path, GOOD, "--user", "sam")
    run = cli("report", str(theirs["attempt"]))
    assert run.code == 2
    assert "there is no attempt" in run.stderr
    assert "71.9" not in run.output
    assert cli("report", str(theirs["attempt"]), "--user", "sam").code == 0


def test_report_of_an_unfinished_attempt_points_to_resume(leadquiz_home: Path) -> None:
    take("--bank", str(MINI_PATH), typed=["3", "q"])
    run = cli("report", str(only_attempt(leadquiz_home).id))
    assert run.code == 2
    assert "leadquiz take --resume" in run.stderr


@pytest.mark.parametrize("width", [80, 160])
def test_no_line_is_wider_than_the_terminal(tmp_path: Path, width: int) -> None:
    skipped = {**GOOD, "risk-safe": None, "risk-bet": None}
    take_from_file(tmp_path)
    order = question_order(MINI, 1)
    take("--bank", str(MINI_PATH), "--seed", "1", typed=typed_for(order, skipped))
    core = resolve_bank("core")
    spread = {
        q.id: 1 + i % 5 if q.type == "likert" else q.options[i % len(q.options)].key
        for i, q in enumerate(core.questions)
    }
    cli("take", "--answers", str(write_answers(tmp_path, spread, "core.yaml")))
    env = {"COLUMNS": str(width)}
    outputs = [cli("report", str(n), env=env).stdout for n in (1, 2, 3)]
    outputs.append(
        take("--bank", "quick", "--seed", "3", typed=["b", "<", "x", "c", "q"], env=env).stdout
    )
    for shown in outputs:
        # In a terminal the typed answer and its Enter end the prompt's line; here input is
        # not echoed, so break the line after each prompt as the terminal would.
        text = re.sub(r"(Your answer \([^)]*\): )", "\\1\n", shown)
        widths = [cell_len(line) for line in text.splitlines()]
        assert max(widths) <= width
    # The wide report does use the room it has (the check would be empty otherwise).
    assert max(cell_len(line) for line in outputs[0].splitlines()) > width - 10


def markup_bank(tmp_path: Path) -> Path:
    hostile = "[bold red]x[/] :smile:"
    text = MINI_PATH.read_text(encoding="utf-8")
    text = text.replace("title: A small test bank", f'title: "Bank {hostile}"')
    text = text.replace("manager_pole: Targets and KPIs", f'manager_pole: "Targets {hostile}"')
    text = text.replace("leader_pole: Vision", f'leader_pole: "Vision {hostile}"')
    text = text.replace("title: Risk", f'title: "Risk {hostile}"')
    path = tmp_path / "markup.yaml"
    path.write_text(text, encoding="utf-8")
    assert text.count(hostile) == 4
    return path


def test_bank_text_with_markup_is_shown_literally(tmp_path: Path) -> None:
    bank = markup_bank(tmp_path)
    answers = write_answers(tmp_path, GOOD)
    run = cli("take", "--bank", str(bank), "--answers", str(answers), env={"COLUMNS": "200"})
    assert run.code == 0, run.stderr
    assert "Bank [bold red]x[/] :smile:" in run.stdout
    # Risk has few answers, so it is no leaning; its title shows literally in "why".
    why = cli("report", "--why", "risk", env={"COLUMNS": "200"})
    assert "Risk [bold red]x[/] :smile:" in why.stdout
    assert "“Targets [bold red]x[/] :smile:”" in run.stdout
    assert "😄" not in run.stdout
    # Interactively too: the confirmation names the area literally.
    order = question_order(load_bank(bank), 1)
    quiz = take("--bank", str(bank), "--seed", "1", typed=typed_for(order, GOOD))
    assert "area: Risk [bold red]x[/] :smile:" in quiz.stdout
    assert "😄" not in quiz.stdout


def colour_codes(text: str) -> set[str]:
    """The SGR colour parameters (foreground or background) used in ``text``."""
    found = set()
    for params in re.findall(r"\x1b\[([0-9;]*)m", text):
        for param in params.split(";"):
            if param and (30 <= int(param) <= 49 or 90 <= int(param) <= 107):
                found.add(param)
    return found


def quiz_and_report(env: Mapping[str, str]) -> str:
    """The output of an interactive quiz (with a mistyped answer) and of its report."""
    order = question_order(MINI, 1)
    quiz = take(
        "--bank", str(MINI_PATH), "--seed", "1", typed=["x", *typed_for(order, GOOD)], env=env
    )
    assert quiz.code == 0, quiz.output
    return quiz.output + cli("report", env=env).output


def test_colour_is_used_on_a_colour_terminal(tmp_path: Path) -> None:
    # The NO_COLOR checks below mean something: on a terminal, there is colour.
    assert colour_codes(quiz_and_report({"FORCE_COLOR": "1"}))


def test_no_color_removes_every_colour(tmp_path: Path) -> None:
    shown = quiz_and_report({"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert colour_codes(shown) == set()


def test_no_color_on_a_terminal_has_no_escapes(tmp_path: Path) -> None:
    shown = quiz_and_report({"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b" not in shown
