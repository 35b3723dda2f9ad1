"""YAML forms as people fill them in a text editor, and ``invite``'s files and names.

Every question id stands under ``answers:`` ready to fill; the relationship
in any case; an option by its letter or its number as on screen; cant-say;
a changed form reported before its answers; a form never recorded unless
it was written.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from leadquiz.quiz.observer_form import CANT_SAY, form_header, form_text, parse_form
from leadquiz.store.database import Store
from observer_runs import QUICK, cli, invite, ok, stored_responses, take


def _filled_by_hand(form: Path, values: dict[str, str], relationship: str) -> Path:
    """Fill a form in as an editor would: the relationship, and each id's line."""
    text = form.read_text(encoding="utf-8").replace(
        "\nrelationship:\n", f"\nrelationship: {relationship}\n"
    )
    for question_id, value in values.items():
        text = text.replace(f"\n  {question_id}:\n", f"\n  {question_id}: {value}\n")
    response = form.with_name(form.stem + ".response.yaml")
    response.write_text(text, encoding="utf-8")
    return response


def _values(choice_as: str = "number") -> dict[str, str]:
    values = {}
    for question in QUICK.questions:
        if question.type == "likert":
            values[question.id] = "4"
        else:
            values[question.id] = "2" if choice_as == "number" else question.options[1].key
    return values


def test_a_form_filled_in_an_editor_with_numbers_capitals_and_cant_say(
    tmp_path: Path, leadquiz_home: Path
) -> None:
    take(tmp_path)
    forms = invite(tmp_path / "forms", 3, "--bank", "quick")
    text = forms[0].read_text(encoding="utf-8")
    assert re.findall(r"^  ([a-z0-9-]+):$", text, re.M) == [q.id for q in QUICK.questions]
    values = _values()
    values[QUICK.questions[0].id] = CANT_SAY
    made = [
        _filled_by_hand(forms[0], values, "Direct Report"),
        _filled_by_hand(forms[1], _values("letter"), "PEER"),
        _filled_by_hand(forms[2], _values(), "  peer"),
    ]
    by_number = parse_form(made[0].read_bytes(), "r")
    by_letter = parse_form(made[1].read_bytes(), "r")
    assert by_number.relationship == "direct report"
    choice = next(q for q in QUICK.questions if q.type == "choice")
    assert by_number.answers[choice.id] == choice.options[1].key == by_letter.answers[choice.id]
    assert by_number.answers[QUICK.questions[0].id] == CANT_SAY
    run = ok("import", *map(str, made))
    assert run.stdout.count("Imported") == 3
    assert stored_responses(leadquiz_home) == 3


def test_a_changed_form_is_reported_before_its_answers(tmp_path: Path) -> None:
    take(tmp_path)
    (form,) = invite(tmp_path / "forms", 1, "--bank", "quick")
    values = _values()
    values[QUICK.questions[0].id] = "9"  # out of range
    response = _filled_by_hand(form, values, "peer")
    text = response.read_text(encoding="utf-8")
    # The first question's text edited, and an answer out of range below it.
    response.write_text(text.replace('    text: "', '    text: "X', 1), encoding="utf-8")
    run = cli("import", str(response))
    assert run.code == 2
    assert "was edited" in run.stderr
    assert "must be a whole number" not in run.stderr
    # Once the form is as issued, its answers' problems are reported.
    response.write_text(text, encoding="utf-8")
    run = cli("import", str(response))
    assert run.code == 2
    assert f"the answer to '{QUICK.questions[0].id}' must be a whole number" in run.stderr


def test_the_header_is_everything_above_relationship(tmp_path: Path) -> None:
    (form,) = invite(tmp_path / "forms", 1, "--bank", "quick")
    parsed = parse_form(form.read_bytes(), "f")
    header = form_header(form_text(parsed))
    assert form.read_text(encoding="utf-8").startswith(header)
    assert form.read_text(encoding="utf-8")[len(header) :].startswith("relationship:")


def test_observe_from_a_file_takes_cant_say_and_any_case(tmp_path: Path) -> None:
    (form,) = invite(tmp_path / "forms", 1, "--bank", "quick")
    answers = tmp_path / "a.yaml"
    lines = [f"  {q.id}: cant-say" for q in QUICK.questions]
    answers.write_text("answers:\n" + "\n".join(lines) + "\n", encoding="utf-8")
    ok("observe", str(form), "--answers", str(answers), "--relationship", "Direct Report")
    response = parse_form(form.with_name(form.stem + ".response.yaml").read_bytes(), "r")
    assert response.relationship == "direct report"
    assert set(response.answers.values()) == {CANT_SAY}
    answers.write_text("answers:\n" + "\n".join(lines[1:]) + "\n", encoding="utf-8")
    run = cli("observe", str(form), "--answers", str(answers), "--relationship", "peer",
              "-o", str(tmp_path / "other.yaml"))  # fmt: skip
    assert run.code == 2
    assert "1 of 15 questions have no answer" in run.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_invite_into_a_read_only_folder_records_nothing(
    tmp_path: Path, leadquiz_home: Path
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        run = cli("invite", "--count", "3", "-o", str(folder))
    finally:
        folder.chmod(0o700)
    assert run.code == 1
    assert "cannot write" in run.stderr
    assert "no form was issued" in run.stderr
    assert "internal error" not in run.stderr
    assert list(folder.iterdir()) == []
    with Store.open(leadquiz_home) as store:
        assert not store.has_forms("tester")


def test_invite_records_nothing_when_a_write_fails(
    tmp_path: Path, leadquiz_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same failure as a read-only folder, made for root too: the second form's write fails.
    import leadquiz.writing

    real = leadquiz.writing.write_private
    calls: list[Path] = []

    def failing(path: Path, text: str, *, overwrite: bool) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise PermissionError(13, "Permission denied", str(path))
        real(path, text, overwrite=overwrite)

    monkeypatch.setattr(leadquiz.writing, "write_private", failing)
    folder = tmp_path / "forms"
    run = cli("invite", "--count", "3", "-o", str(folder))
    assert run.code == 1
    assert "Permission denied; no form was issued" in run.stderr
    assert "internal error" not in run.stderr
    assert not folder.exists() or list(folder.iterdir()) == []
    with Store.open(leadquiz_home) as store:
        assert not store.has_forms("tester")


def test_a_form_shows_the_name_as_typed_not_its_lower_cased_key(tmp_path: Path) -> None:
    take(tmp_path, user="Dana")
    (form,) = invite(tmp_path / "forms", 1, "--bank", "quick", "--user", "Dana")
    assert parse_form(form.read_bytes(), "f").name == "Dana"
    (other,) = invite(tmp_path / "more", 1, "--bank", "quick", "--user", "DANA")
    assert parse_form(other.read_bytes(), "f").name == "DANA"
    run = cli("invite", "-o", str(tmp_path / "x.yaml"), env={"LEADQUIZ_USER": "Robin Lee"})
    assert run.code == 0, run.output
    assert parse_form((tmp_path / "x.yaml").read_bytes(), "f").name == "Robin Lee"


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        ("observe", "leadquiz observe [OPTIONS] FORM"),
        ("import", "leadquiz import [OPTIONS] RESPONSE|SUMMARY..."),
        ("collect", "leadquiz collect [OPTIONS] RESPONSE..."),
    ],
)
def test_usage_names_the_arguments_plainly(command: str, usage: str) -> None:
    assert f"Usage: {usage}\n" in ok(command, "--help").stdout


def test_migration_0009_keeps_earlier_responses_used(tmp_path: Path, leadquiz_home: Path) -> None:
    import sqlite3

    from leadquiz.store.migrations import MIGRATIONS

    # A database of the schema before rounds, with one form and its response imported.
    with Store.open(leadquiz_home, migrations=MIGRATIONS[:8]) as store:
        store._conn.execute(
            "INSERT INTO banks (digest, bank_id, version, snapshot) VALUES ('d', 'b', '1', '{}')"
        )
        store._conn.execute(
            "INSERT INTO observer_forms (id, user, name, bank_digest, bank_id, bank_version,"
            " issued_at) VALUES ('f1', 'tester', 'T', 'd', 'b', '1', 'now')"
        )
        store._conn.execute(
            "INSERT INTO observer_responses (form_id, user, attempt_id, relationship, answers,"
            " imported_at) VALUES ('f1', 'tester', 1, 'peer', '{}', 'now')"
        )
    with Store.open(leadquiz_home) as store:
        record = store.form_record("f1")
        assert store.is_used("form", "f1")
    assert record is not None
    assert (record.round_id, record.kind, record.used) == (None, "identified", True)
    conn = sqlite3.connect(leadquiz_home / "leadquiz.db")
    names = [row[0] for row in conn.execute("SELECT name FROM migrations ORDER BY name")]
    conn.close()
    assert names[-1] == "0009-observer-rounds"
