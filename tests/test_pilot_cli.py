"""``leadquiz banks pilot`` through the real CLI: inputs, figures, refusals, scipy optional."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd  # type: ignore[import-untyped, unused-ignore]
import pexpect  # type: ignore[import-untyped, unused-ignore]
import pingouin  # type: ignore[import-untyped, unused-ignore]
import pytest

from cli_runs import invoke_clean
from leadquiz.models import AnswerValue, Bank
from leadquiz.results.scoring import answer_lean
from pilot_fixtures import csv_text, generated_answers, write_bank

AREAS = {"goals": 5, "risk": 6, "change": 4}


@pytest.fixture
def bank_path(tmp_path: Path) -> Path:
    return tmp_path / "pilot-bank.yaml"


@pytest.fixture
def bank(bank_path: Path) -> Bank:
    return write_bank(bank_path, AREAS)


def _persons(count: int, prefix: str = "p") -> list[str]:
    return [f"{prefix}{i}" for i in range(count)]


def _pilot_json(*args: str) -> dict[str, object]:
    run = invoke_clean(["banks", "pilot", *args, "--json"])
    assert run.code == 0, run.stderr
    document = json.loads(run.stdout)
    assert isinstance(document, dict)
    return document


def _leans(bank: Bank, everyone: list[dict[str, AnswerValue]], area: str) -> pd.DataFrame:
    questions = bank.questions_in(area)
    return pd.DataFrame(
        [[answer_lean(q, answers[q.id]) for q in questions] for answers in everyone],
        columns=[q.id for q in questions],
    )


def test_a_generated_csv_matches_pingouin(tmp_path: Path, bank_path: Path, bank: Bank) -> None:
    everyone = generated_answers(bank, 300)
    data = tmp_path / "round.csv"
    data.write_text(csv_text(bank, everyone, persons=_persons(300)))
    document = _pilot_json(str(bank_path), str(data))
    assert document["schema"] == "leadquiz/pilot/1"
    assert document["bank"] == {"id": "pilotbank", "version": "1.0.0"}
    assert document["people"] == 300
    dimensions = document["dimensions"]
    assert isinstance(dimensions, list)
    assert [d["id"] for d in dimensions] == list(AREAS)
    for area in dimensions:
        frame = _leans(bank, everyone, area["id"])
        alpha, interval = pingouin.cronbach_alpha(data=frame)
        assert round(area["alpha"], 3) == round(float(alpha), 3)
        assert area["alpha_ci"] == pytest.approx(list(interval), abs=0.0005 + 1e-12)
        assert area["people"] == 300
        assert area["sigma_retest"] is None
        for item in area["items"]:
            rest = frame.drop(columns=item["id"])
            r = pingouin.corr(frame[item["id"]], rest.sum(axis=1))["r"].iloc[0]
            assert round(item["item_total"], 3) == round(float(r), 3)
            deleted, _ = pingouin.cronbach_alpha(data=rest)
            assert round(item["alpha_if_deleted"], 3) == round(float(deleted), 3)
        assert set(area) == {
            "id",
            "people",
            "alpha",
            "alpha_ci",
            "sigma_within",
            "sigma_retest",
            "suggested_item_noise",
            "items",
        }
    correlations = document["correlations"]
    assert isinstance(correlations, list)
    assert [(c["a"], c["b"]) for c in correlations] == [
        ("goals", "risk"),
        ("goals", "change"),
        ("risk", "change"),
    ]
    assert all(c["people"] == 300 for c in correlations)
    # The generated data's weak question of each area is flagged in plain words.
    flags = document["flags"]
    assert isinstance(flags, list)
    for area, count in AREAS.items():
        assert any(flag.startswith(f"{area}-{count - 1} (") for flag in flags), flags


def test_the_terminal_view_at_80_columns(tmp_path: Path, bank_path: Path, bank: Bank) -> None:
    data = tmp_path / "round.csv"
    data.write_text(csv_text(bank, generated_answers(bank, 300)))
    before = bank_path.read_bytes()
    run = invoke_clean(["banks", "pilot", str(bank_path), str(data)], env={"COLUMNS": "80"})
    assert run.code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    for area, count in AREAS.items():
        heading = next(line for line in lines if line.startswith(f"{area.capitalize()} ({area})"))
        assert "300 people" in heading
        assert "alpha 0." in heading
        assert "95 % 0." in heading
        # The weakest question is marked in its row and named in the sentence for the coach.
        weak_row = next(line for line in lines if line.lstrip().startswith(f"{area}-{count - 1} "))
        assert "◂" in weak_row
        assert f"'{area}-{count - 1}'" in run.stdout
        assert f"  - id: {area}\n    item_noise: 0." in run.stdout
    assert "hang together" in run.stdout
    assert bank_path.read_bytes() == before  # never edits the bank


def test_every_input_kind_gives_the_same_figures(
    tmp_path: Path, bank_path: Path, bank: Bank
) -> None:
    """Exports from the real ``take`` and ``export``, answers files and a CSV of the same people."""
    everyone = generated_answers(bank, 4, seed=5)
    exports, answers_dir = tmp_path / "exports", tmp_path / "answers"
    exports.mkdir()
    answers_dir.mkdir()
    for index, answers in enumerate(everyone):
        answers_file = answers_dir / f"person{index}.yaml"
        answers_file.write_text(json.dumps({"answers": answers}))
        user = f"person{index}"
        taken = invoke_clean(
            ["take", "--bank", str(bank_path), "--answers", str(answers_file), "--user", user]
        )
        assert taken.code == 0, taken.stderr
        exported = invoke_clean(
            ["export", "-f", "json", "-o", str(exports / f"{user}.json"), "--user", user]
        )
        assert exported.code == 0, exported.stderr
    data = tmp_path / "round.csv"
    data.write_text(csv_text(bank, everyone))
    from_exports = _pilot_json(str(bank_path), str(exports))
    from_answers = _pilot_json(str(bank_path), str(answers_dir))
    from_csv = _pilot_json(str(bank_path), str(data))
    assert from_exports["people"] == 4
    assert from_exports == from_answers == from_csv
    assert any("too few to trust" in flag for flag in from_csv["flags"])  # type: ignore[attr-defined]


def test_a_spreadsheets_csv_reads_alike(tmp_path: Path, bank_path: Path, bank: Bank) -> None:
    """A UTF-8 BOM, ``;`` or a tab as the delimiter and CRLF, as spreadsheets write them."""
    everyone = generated_answers(bank, 40, seed=2)
    plain = tmp_path / "plain.csv"
    plain.write_text(csv_text(bank, everyone).replace("\r\n", "\n"))
    excel = tmp_path / "excel.csv"
    excel.write_bytes(b"\xef\xbb\xbf" + csv_text(bank, everyone, delimiter=";").encode())
    tabbed = tmp_path / "tabbed.csv"
    tabbed.write_text(csv_text(bank, everyone, delimiter="\t"))
    expected = _pilot_json(str(bank_path), str(plain))
    assert expected["people"] == 40
    assert _pilot_json(str(bank_path), str(excel)) == expected
    assert _pilot_json(str(bank_path), str(tabbed)) == expected


def test_listwise_within_each_area(tmp_path: Path, bank_path: Path, bank: Bank) -> None:
    everyone = generated_answers(bank, 40, seed=3)
    for answers in everyone[:10]:
        del answers["goals-1"]  # ten people skipped one question of goals
    data = tmp_path / "round.csv"
    data.write_text(csv_text(bank, everyone))
    document = _pilot_json(str(bank_path), str(data))
    people = {d["id"]: d["people"] for d in document["dimensions"]}  # type: ignore[attr-defined]
    assert people == {"goals": 30, "risk": 40, "change": 40}
    frame = _leans(bank, everyone[10:], "goals")
    alpha, _ = pingouin.cronbach_alpha(data=frame)
    goals = document["dimensions"][0]  # type: ignore[index]
    assert round(goals["alpha"], 3) == round(float(alpha), 3)


def test_a_retest_gives_sigma_retest(tmp_path: Path, bank_path: Path, bank: Bank) -> None:
    first = generated_answers(bank, 30, seed=7)
    same = tmp_path / "same.csv"
    same.write_text(csv_text(bank, first, persons=_persons(30)))
    again = tmp_path / "again.csv"
    again.write_text(csv_text(bank, generated_answers(bank, 30, seed=8), persons=_persons(30)))
    steady = _pilot_json(str(bank_path), str(same), "--retest", str(same))
    for area in steady["dimensions"]:  # type: ignore[attr-defined]
        assert area["sigma_retest"] == 0.0
        expected = -(-round(area["sigma_within"] / 0.05, 9) // 1) * 0.05
        assert area["suggested_item_noise"] == pytest.approx(expected)
    moved = _pilot_json(str(bank_path), str(same), "--retest", str(again))
    for area in moved["dimensions"]:  # type: ignore[attr-defined]
        # Two unrelated sittings: the retest spread is wider than the spread within.
        assert area["sigma_retest"] > area["sigma_within"]
        assert area["suggested_item_noise"] >= area["sigma_retest"]


def test_a_retest_needs_named_people(tmp_path: Path, bank_path: Path, bank: Bank) -> None:
    data = tmp_path / "round.csv"
    data.write_text(csv_text(bank, generated_answers(bank, 5)))
    run = invoke_clean(["banks", "pilot", str(bank_path), str(data), "--retest", str(data)])
    assert run.code == 2
    assert "'person' column" in run.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "round.csv: the file is empty"),
        ("goals-1,nope\n4,3\n", "round.csv:1:9: 'nope' is not a question of bank 'pilotbank'"),
        ("goals-1,goals-2\n4,7\n", "round.csv:2:3: the answer to 'goals-2' must be a whole"),
        ("goals-1,goals-5\n4,z\n", "round.csv:2:3: the answer to 'goals-5' must be one of the"),
        ("goals-1,goals-2\n4,3,5\n", "round.csv:2:1: this row has 3 cells, the header 2"),
        ("goals-1,goals-2\n", "round.csv:1:1: the file has a header but no person"),
        ("person,goals-1\nana,4\nana,3\n", "round.csv:3:1: this person is named on line 2"),
        ('{"a": 1}', "round.csv:1:1: this is neither a leadquiz result"),
        # From a spreadsheet: a BOM, ';' and CRLF, and still the right line and column.
        ("\ufeffperson;goals-1;goals-2\r\nana;4;3\r\nben;4;9\r\n", "round.csv:3:7: the answer"),
        ("\ufeffgoals-1;nope\r\n4;3\r\n", "round.csv:1:9: 'nope' is not a question"),
    ],
)
def test_bad_inputs_are_refused_with_file_and_line(
    tmp_path: Path, bank_path: Path, bank: Bank, content: str, expected: str
) -> None:
    data = tmp_path / "round.csv"
    data.write_text(content)
    run = invoke_clean(["banks", "pilot", str(bank_path), str(data)])
    assert run.code == 2
    assert f"{tmp_path}/{expected}" in run.stderr, run.stderr
    assert run.stdout == ""


def test_another_banks_export_is_refused(tmp_path: Path, bank_path: Path, bank: Bank) -> None:
    other_path = tmp_path / "other.yaml"
    other = write_bank(other_path, AREAS, bank_id="otherbank")
    answers = tmp_path / "a.yaml"
    answers.write_text(json.dumps({"answers": generated_answers(other, 1)[0]}))
    assert invoke_clean(["take", "--bank", str(other_path), "--answers", str(answers)]).code == 0
    export = tmp_path / "other.json"
    assert invoke_clean(["export", "-f", "json", "-o", str(export)]).code == 0
    run = invoke_clean(["banks", "pilot", str(bank_path), str(export)])
    assert run.code == 2
    assert f"{export}:5:1: this result is of bank 'otherbank' '1.0.0'" in run.stderr, run.stderr
    # A result without its answers (report --json) says how to get them.
    report = tmp_path / "report.json"
    report.write_text(json.dumps(dict(json.loads(export.read_text()), answers=None)))
    run = invoke_clean(["banks", "pilot", str(other_path), str(report)])
    assert run.code == 2
    assert "export --format json" in run.stderr


def test_an_answers_file_with_an_unknown_question(
    tmp_path: Path, bank_path: Path, bank: Bank
) -> None:
    answers = tmp_path / "ana.yaml"
    answers.write_text("answers:\n  goals-1: 4\n  nope: 3\n")
    run = invoke_clean(["banks", "pilot", str(bank_path), str(answers)])
    assert run.code == 2
    assert f"{answers}:3:3: 'nope' is not a question of bank 'pilotbank'" in run.stderr


_BLOCK_SCIPY = """
import importlib.abc, sys

class _NoScipy(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "scipy" or name.startswith("scipy."):
            raise ImportError("scipy is hidden for this test")
        return None

sys.meta_path.insert(0, _NoScipy())
"""


def test_without_scipy_everything_but_the_interval(
    tmp_path: Path, bank_path: Path, bank: Bank, leadquiz_home: Path
) -> None:
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(_BLOCK_SCIPY)
    data = tmp_path / "round.csv"
    data.write_text(csv_text(bank, generated_answers(bank, 50)))
    env = dict(os.environ, PYTHONPATH=str(blocker), COLUMNS="80", LEADQUIZ_HOME=str(leadquiz_home))
    check = subprocess.run(
        [sys.executable, "-c", "import scipy"], env=env, capture_output=True, check=False
    )
    assert check.returncode != 0  # the blocker works: scipy really is absent in the runs below
    command = [sys.executable, "-m", "leadquiz", "banks", "pilot", str(bank_path), str(data)]
    shown = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert shown.returncode == 0, shown.stderr
    assert "alpha 0." in shown.stdout
    assert "95 %" not in shown.stdout.split("needs scipy")[0].split("\n", 1)[1]
    assert "(interval: needs scipy)" in shown.stdout
    assert "pip install 'leadquiz[stats]'" in shown.stdout
    assert "item_noise: 0." in shown.stdout
    document = json.loads(
        subprocess.run(
            [*command, "--json"], env=env, capture_output=True, text=True, check=True
        ).stdout
    )
    assert all(d["alpha_ci"] is None for d in document["dimensions"])
    assert all(d["alpha"] is not None for d in document["dimensions"])


def test_the_pilot_document_matches_its_description(
    tmp_path: Path, bank_path: Path, bank: Bank
) -> None:
    from test_json_docs import check_against_description

    data = tmp_path / "round.csv"
    data.write_text(csv_text(bank, generated_answers(bank, 40), persons=_persons(40)))
    full = _pilot_json(str(bank_path), str(data), "--retest", str(data))
    tiny = tmp_path / "tiny.csv"
    tiny.write_text("goals-1,goals-2\n4,4\n")  # one person: every figure undefined
    empty = _pilot_json(str(bank_path), str(tiny))
    assert empty["dimensions"][0]["alpha"] is None  # type: ignore[index]
    check_against_description([full, empty])


def test_an_area_of_one_question_says_so(tmp_path: Path) -> None:
    bank_path = tmp_path / "one.yaml"
    bank = write_bank(bank_path, {"goals": 1, "risk": 3})
    data = tmp_path / "round.csv"
    data.write_text(csv_text(bank, generated_answers(bank, 30)))
    run = invoke_clean(["banks", "pilot", str(bank_path), str(data)])
    assert run.code == 0, run.stderr
    assert "One question only: whether questions hang together needs two or more." in run.stdout
    document = _pilot_json(str(bank_path), str(data))
    goals = document["dimensions"][0]  # type: ignore[index]
    assert goals["alpha"] is None
    assert goals["items"][0]["item_total"] is None


def test_a_bundled_bank_pilots(tmp_path: Path) -> None:
    """Whatever bundled bank ships (read, never named by its ids here), from a CSV of its ids."""
    from leadquiz.banks.loader import resolve_bank

    core = resolve_bank("core")
    everyone = generated_answers(core, 60, seed=4)
    data = tmp_path / "core.csv"
    data.write_text(csv_text(core, everyone, persons=_persons(60)))
    document = _pilot_json("core", str(data))
    assert document["bank"] == {"id": core.id, "version": core.version}
    assert [d["id"] for d in document["dimensions"]] == [d.id for d in core.dimensions]  # type: ignore[attr-defined]
    for area in document["dimensions"]:  # type: ignore[attr-defined]
        frame = _leans(core, everyone, area["id"])
        alpha, _ = pingouin.cronbach_alpha(data=frame)
        assert round(area["alpha"], 3) == round(float(alpha), 3)


def test_pilot_in_a_real_terminal(
    tmp_path: Path, bank_path: Path, bank: Bank, leadquiz_home: Path, children: list[Any]
) -> None:
    from terminal_runs import spawn_in_terminal

    data = tmp_path / "round.csv"
    data.write_text(csv_text(bank, generated_answers(bank, 50)))
    child = spawn_in_terminal(leadquiz_home, children, "banks", "pilot", str(bank_path), str(data))
    child.expect("Pilot of bank")
    child.expect("item_noise: 0.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
