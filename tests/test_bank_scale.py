"""Schema 3's ``scale``: a bank answered on the frequency scale, checked by the validator and
shown with its own labels wherever a statement is asked or an answer is shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_runs import Run, invoke_clean
from leadquiz.banks.loader import parse_bank
from leadquiz.banks.snapshot import bank_from_json, bank_to_json
from leadquiz.errors import BankError

DATA = Path(__file__).parent / "data"
MINI2 = (DATA / "mini2.yaml").read_text(encoding="utf-8")
FREQUENCY = MINI2.replace("schema: 2\n", "schema: 3\nscale: frequency\n", 1)
ANSWERS = {"goals-kpi": 5, "goals-dream": 5, "goals-plan": "b", "risk-safe": 4, "risk-bet": "a"}


def run(*args: str, typed: str | None = None, env: dict[str, str] | None = None) -> Run:
    return invoke_clean(args, stdin=typed, env=env)


def ok(*args: str, typed: str | None = None, env: dict[str, str] | None = None) -> Run:
    done = run(*args, typed=typed, env=env)
    assert done.code == 0, done.output
    return done


def problems_of(text: str) -> list[str]:
    with pytest.raises(BankError) as caught:
        parse_bank(text.encode("utf-8"), "bank.yaml")
    return [str(problem) for problem in caught.value.problems]


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    path = tmp_path / "habits.yaml"
    path.write_text(FREQUENCY, encoding="utf-8")
    return path


def take_from_file(tmp_path: Path, bank: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"answers": ANSWERS}), encoding="utf-8")
    ok("take", "--bank", str(bank), "--answers", str(answers))


# --- the validator -------------------------------------------------------------------


def test_schema_3_reads_scale_and_defaults_to_agreement() -> None:
    assert parse_bank(FREQUENCY.encode(), "bank.yaml").scale == "frequency"
    agreement = MINI2.replace("schema: 2\n", "schema: 3\nscale: agreement\n", 1)
    assert parse_bank(agreement.encode(), "bank.yaml").scale == "agreement"
    plain3 = MINI2.replace("schema: 2\n", "schema: 3\n", 1)
    assert parse_bank(plain3.encode(), "bank.yaml").scale == "agreement"
    assert parse_bank(MINI2.encode(), "bank.yaml").scale == "agreement"


@pytest.mark.parametrize("schema", ["1", "2"])
def test_an_older_schema_refuses_scale_at_its_line(schema: str) -> None:
    text = MINI2.replace("schema: 2\n", f"schema: {schema}\nscale: frequency\n", 1)
    found = problems_of(text)
    assert (
        "bank.yaml:2:1: 'scale' is a schema-3 field; say `schema: 3` at the top of the bank "
        "to use it"
    ) in found


@pytest.mark.parametrize(
    ("value", "shown"),
    [("sometimes", "'sometimes'"), ("3", "'3'"), ("[agreement]", "a list or mapping")],
)
def test_a_scale_that_is_neither_is_refused(value: str, shown: str) -> None:
    text = MINI2.replace("schema: 2\n", f"schema: 3\nscale: {value}\n", 1)
    assert problems_of(text) == [
        f"bank.yaml:2:8: 'scale' must be agreement or frequency, not {shown}"
    ]


def test_validate_and_show_through_the_cli(bank: Path) -> None:
    out = " ".join(ok("banks", "validate", str(bank)).stdout.split())
    assert "valid — mini2 0.2.0, 2 areas, 5 questions" in out
    shown = ok("banks", "show", str(bank)).stdout
    assert "Statements are answered Never (1) … Almost always (5)." in " ".join(shown.split())
    older = bank.with_name("older.yaml")
    older.write_text(FREQUENCY.replace("schema: 3\n", "schema: 2\n"), encoding="utf-8")
    refused = run("banks", "validate", str(older))
    assert refused.code == 2
    assert "'scale' is a schema-3 field" in refused.output


def test_the_snapshot_keeps_the_scale_and_old_snapshots_read_as_agreement() -> None:
    bank = parse_bank(FREQUENCY.encode(), "bank.yaml")
    assert bank_from_json(bank_to_json(bank)) == bank
    old = json.loads(bank_to_json(bank))
    del old["scale"]
    assert bank_from_json(json.dumps(old)).scale == "agreement"
    old["scale"] = "loudness"
    with pytest.raises(ValueError, match="unknown scale 'loudness'"):
        bank_from_json(json.dumps(old))


# --- the labels, everywhere ----------------------------------------------------------


def test_take_asks_on_the_frequency_scale(bank: Path) -> None:
    done = ok(
        "take",
        "--bank",
        str(bank),
        "--seed",
        "1",
        typed="2\n" * 5,  # a statement's "Rarely", a scenario's option b
        env={"LEADQUIZ_INTERACTIVE": "1", "COLUMNS": "80"},
    )
    screen = done.stdout
    for label in ("1  Never", "2  Rarely", "3  Sometimes", "4  Often", "5  Almost always"):
        assert label in screen
    assert "Strongly agree" not in screen
    assert "✓ Rarely" in screen


def test_the_template_names_the_frequency_labels(bank: Path) -> None:
    template = ok("take", "--bank", str(bank), "--template").stdout
    assert (
        "# How-often questions take a number: 1 never, 2 rarely, 3 sometimes, 4 often, "
        "5 almost always."
    ) in template
    agreement = ok("take", "--bank", str(DATA / "mini2.yaml"), "--template").stdout
    assert "# Agreement questions take a number: 1 strongly disagree," in agreement


def test_why_and_the_notes_use_the_scale_even_without_the_bank_file(
    tmp_path: Path, bank: Path
) -> None:
    take_from_file(tmp_path, bank)
    bank.unlink()  # the report reads the attempt's own copy of the bank
    why = " ".join(ok("report", "--why", "goals", env={"COLUMNS": "100"}).stdout.split())
    assert "Almost always" in why
    assert "Strongly agree" not in why
    report = " ".join(ok("report", env={"COLUMNS": "100"}).stdout.split())
    assert "You said you almost always do what statements at both ends describe in Goals." in report


def test_observer_forms_carry_the_frequency_scale(tmp_path: Path, bank: Path) -> None:
    form = tmp_path / "form.yaml"
    ok("invite", "--bank", str(bank), "--count", "1", "--name", "Dana", "-o", str(form))
    text = form.read_text(encoding="utf-8")
    assert "# For statements: how often, from 1 to 5.\nscale:\n" in text
    assert '  1: "Never"\n' in text
    assert '  5: "Almost always"\n' in text
    # The observer answering it in a terminal is asked on the same scale.
    asked = ok(
        "observe",
        str(form),
        "-o",
        str(tmp_path / "response.yaml"),
        typed="peer\n" + "2\n" * 5,
        env={"LEADQUIZ_INTERACTIVE": "1", "COLUMNS": "80"},
    ).stdout
    assert "5  Almost always" in asked
    assert "Strongly agree" not in asked
