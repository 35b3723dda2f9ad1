"""Keep bench/ from rotting: run.py's data builders must still work on tiny sizes, and
instructions.py must still read valgrind's counts.

No timing is asserted here; the benchmark itself is run by hand (see bench/README.md).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from bench_scripts import load
from leadquiz.banks.loader import load_bank, resolve_bank
from leadquiz.quiz.answers_file import load_answers
from leadquiz.store.database import Store


def test_bench_builds_valid_data_on_tiny_sizes(tmp_path: Path) -> None:
    bench = load("run")

    bank = load_bank(bench.write_bank_file(tmp_path / "bank.yaml", 26))
    assert len(bank.questions) == 26
    assert len(bank.dimensions) == 13
    assert {q.type for q in bank.questions} == {"likert", "choice"}

    core = resolve_bank("core")
    answers = load_answers(bench.write_answers_file(core, tmp_path / "answers.yaml"), core)
    assert set(answers) == {q.id for q in core.questions}

    home = tmp_path / "home"
    bench.build_history(home, attempts=12, sample=4)
    with Store.open(home) as store:
        attempts = store.attempts(bench.USER)
    assert len(attempts) == 12
    assert all(attempt.status == "finished" for attempt in attempts)
    assert len({attempt.overall_score for attempt in attempts}) > 1
    finished = sorted(attempt.finished_at or "" for attempt in attempts)
    assert finished[0][:4] < finished[-1][:4]  # the history spans years

    cases = bench.make_cases(
        bench.Data(
            home,
            tmp_path / "scratch",
            tmp_path / "a",
            tmp_path / "b",
            bench.QUICK,
            tmp_path / "c",
            tmp_path / "d",
            tmp_path / "e",
        )
    )
    # Every case of the table has a time budget; any extra case at least a memory one.
    timed = {case.name.split(" (")[0] for case in cases if case.max_ratio or case.max_ms}
    assert timed == {
        "--version",
        "--help",
        "TAB",  # bash completion (issue 18)
        "banks list",
        "take --bank core --answers F --json",
        "history",
        "export --format csv --all",
        "banks validate",
        "banks pilot",  # the coach's desk (issue 24)
        "group",
        "invite --format html --count 10",  # observer forms as pages (issue 23)
    }
    assert all(case.max_ratio or case.max_ms or case.max_mb for case in cases)
    assert bench.parse_args(["--quick"]).runs == bench.QUICK_RUNS


@pytest.mark.skipif(shutil.which("valgrind") is None, reason="no valgrind (.ci/run installs it)")
def test_instruction_counts_are_read_from_valgrind() -> None:
    counting = load("instructions")
    bare = counting.instructions([sys.executable, "-c", "pass"], dict(os.environ))
    more = counting.instructions([sys.executable, "-c", "import json, sqlite3"], dict(os.environ))
    assert 1_000_000 < bare < more
    with pytest.raises(counting.run.BenchError, match="exited with 3"):
        counting.instructions([sys.executable, "-c", "raise SystemExit(3)"], dict(os.environ))


def test_the_coachs_data_is_what_pilot_and_group_read(tmp_path: Path) -> None:
    from cli_runs import invoke_clean

    bench = load("run")
    coach = sys.modules["coach_data"]
    bank_path = bench.write_bank_file(tmp_path / "pilot.yaml", 71)
    data = coach.write_pilot_csv(load_bank(bank_path), tmp_path / "p.csv", 40, bench.random_answers)
    pilot = invoke_clean(["banks", "pilot", str(bank_path), str(data), "--json"])
    assert pilot.code == 0, pilot.stderr
    assert '"people": 40' in pilot.stdout
    core = resolve_bank("core")
    answers = bench.write_answers_file(core, tmp_path / "answers.yaml")
    template = bench._one_result(tmp_path / "home", answers)
    folder = coach.write_group_exports(tmp_path / "group", 5, template)
    group = invoke_clean(["group", str(folder), "--json"])
    assert group.code == 0, group.stderr
    assert '"people": 5' in group.stdout


def test_the_collect_case_finds_its_round_open_before_every_run(tmp_path: Path) -> None:
    from observer_runs import cli

    bench = load("run")
    home = tmp_path / "collector"
    responses, pristine = bench.build_round(home, tmp_path / "round", 3)
    (case,) = bench._collect_case(
        bench.Data(home, home, tmp_path / "a", tmp_path / "b", bench.QUICK,
                   tmp_path / "c", tmp_path / "d", tmp_path / "e",
                   home, tuple(responses), pristine)
    )  # fmt: skip
    env = {"LEADQUIZ_HOME": str(home), "LEADQUIZ_USER": bench.USER}
    for _ in range(2):  # the second run would be refused without the reset
        bench.reset(case)
        run = cli(*case.args, env=env)
        assert run.code == 0, run.output
