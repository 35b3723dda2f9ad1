"""``leadquiz import`` refuses every response it cannot trust, and hostile text stays inert.

Every refusal exits 2, names the file and what is wrong, and stores nothing.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadquiz.banks.loader import load_bank
from leadquiz.banks.yamlemit import quoted
from leadquiz.banks.yamlstrict import Mapping, Scalar, parse
from leadquiz.exporters.markdown import md_escape
from leadquiz.quiz.observer_form import Form, form_text, parse_form
from observer_runs import (
    QUICK,
    cli,
    invite,
    manager_leaning,
    observe,
    ok,
    responses,
    stored_responses,
    take,
    write_answers,
)

MINI2_PATH = Path(__file__).parent / "data" / "mini2.yaml"
MINI2 = load_bank(MINI2_PATH)
ESC = "\x1b"


def refused(*files: Path, message: str) -> str:
    """Import ``files``; assert exit 2 with ``message``; return stderr."""
    run = cli("import", *map(str, files))
    assert run.code == 2, run.output
    assert message in run.stderr, run.stderr
    return run.stderr


def edited(path: Path, old: str, new: str, *, count: int = 1) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def one_response(tmp: Path, relationship: str = "peer") -> Path:
    take(tmp)
    return responses(tmp, [relationship])[0]


def test_a_form_this_computer_never_issued(tmp_path: Path, leadquiz_home: Path) -> None:
    take(tmp_path)
    (form,) = _invite_elsewhere(tmp_path)
    response = observe(form, "peer")
    refused(response, message="was not issued by leadquiz on this computer")
    assert stored_responses(leadquiz_home) == 0


def _invite_elsewhere(tmp: Path) -> list[Path]:
    folder = tmp / "other-forms"
    folder.mkdir()
    run = cli("invite", "--bank", "quick", "-o", str(folder), env={"LEADQUIZ_HOME": str(tmp / "x")})
    assert run.code == 0, run.output
    return sorted(folder.glob("*.yaml"))


def test_a_form_issued_by_another_user(tmp_path: Path, leadquiz_home: Path) -> None:
    take(tmp_path)
    take(tmp_path, user="bob")
    (form,) = invite(tmp_path / "forms", 1, "--bank", "quick", "--user", "bob")
    response = observe(form, "peer")
    stderr = refused(response, message="was issued by another user, not by 'tester'")
    assert "bob" not in stderr
    assert stored_responses(leadquiz_home, "bob") == 0
    ok("import", "--user", "bob", str(response))


def test_a_changed_bank(tmp_path: Path, leadquiz_home: Path) -> None:
    response = one_response(tmp_path)
    edited(response, QUICK.digest, "0" * 64)
    refused(response, message="the form's bank was changed")
    edited(response, "0" * 64, QUICK.digest)
    edited(response, f'version: "{QUICK.version}"', 'version: "9.9.9"')
    refused(response, message="the form's bank was changed")
    assert stored_responses(leadquiz_home) == 0


def test_missing_and_out_of_range_answers(tmp_path: Path, leadquiz_home: Path) -> None:
    response = one_response(tmp_path)
    first = QUICK.questions[0]
    line = re.search(rf"^  {first.id}: .*\n", response.read_text(encoding="utf-8"), re.M)
    assert line is not None
    edited(response, line.group(0), "")
    refused(response, message=f"1 of {len(QUICK.questions)} questions have no answer: {first.id}")
    edited(
        response,
        "answers:\n",
        "answers:\n" + line.group(0).replace(": 4", ": 6").replace(": 2", ": 6"),
    )
    refused(response, message=f"the answer to '{first.id}' must be a whole number from 1 to 5")
    assert stored_responses(leadquiz_home) == 0


def test_a_relationship_outside_the_four(tmp_path: Path, leadquiz_home: Path) -> None:
    response = one_response(tmp_path)
    edited(response, 'relationship: "peer"', 'relationship: "boss"')
    refused(response, message="relationship must be one of manager, peer, direct report, other")
    edited(response, 'relationship: "boss"', "relationship:")
    refused(response, message="the relationship is not filled in")
    assert stored_responses(leadquiz_home) == 0


def test_a_form_already_imported(tmp_path: Path, leadquiz_home: Path) -> None:
    response = one_response(tmp_path)
    ok("import", str(response))
    refused(response, message="is already imported")
    assert stored_responses(leadquiz_home) == 1


def test_an_edited_question_text(tmp_path: Path, leadquiz_home: Path) -> None:
    response = one_response(tmp_path)
    form = parse_form(response.read_bytes(), "r")
    question = form.questions[3]
    edited(response, quoted(question.text), quoted(question.text + " Sometimes."))
    refused(response, message=f"the text of question '{question.id}' was edited")
    assert stored_responses(leadquiz_home) == 0


def test_several_files_store_the_good_and_list_every_bad(
    tmp_path: Path, leadquiz_home: Path
) -> None:
    take(tmp_path)
    good, bad_relationship, bad_text = responses(tmp_path, ["peer", "peer", "peer"])
    edited(bad_relationship, 'relationship: "peer"', 'relationship: "friend"')
    edited(bad_text, 'text: "', 'text: "Edited: ')
    run = cli("import", str(good), str(bad_relationship), str(bad_text))
    assert run.code == 2
    assert f"Imported {good}" in run.stdout
    assert str(bad_relationship) in run.stderr
    assert str(bad_text) in run.stderr
    assert "Refused 2 of 3 files" in run.stderr
    assert stored_responses(leadquiz_home) == 1


def test_a_response_that_is_not_a_form(tmp_path: Path) -> None:
    take(tmp_path)
    junk = tmp_path / "junk.yaml"
    junk.write_text("answers: {a: 1}\n", encoding="utf-8")
    refused(junk, message="the form has no 'schema'")


# --- hostile text -------------------------------------------------------------------

HOSTILE = "Ann [b]x[/] :smile: <b>&amp;</b> | `c` *e* # {name} \" \\ '"


def test_a_hostile_name_stays_inert(tmp_path: Path) -> None:
    take(tmp_path)
    (form,) = invite(tmp_path / "forms", 1, "--bank", "quick", "--name", HOSTILE)
    parsed = parse_form(form.read_bytes(), "f")
    assert parsed.name == HOSTILE
    assert parsed.questions[0].text.startswith(HOSTILE) or HOSTILE in parsed.questions[0].text
    typed = "\n".join(["2", *(str(manager_leaning(q)) for q in QUICK.questions)]) + "\n"
    run = cli("observe", str(form), env={"LEADQUIZ_INTERACTIVE": "1"}, typed=typed)
    assert run.code == 0, run.output
    assert "About " + HOSTILE in run.stdout
    assert ESC not in run.stdout
    response = form.with_name(form.stem + ".response.yaml")
    assert parse_form(response.read_bytes(), "r").name == HOSTILE
    ok("import", str(response))


def test_control_characters_in_a_name_are_refused(tmp_path: Path) -> None:
    run = cli("invite", "--name", f"Ann{ESC}[2J\u202e")
    assert run.code == 2
    assert "control or direction-changing" in run.stderr
    assert ESC not in run.output
    assert "\u202e" not in run.output


def test_a_form_carrying_escapes_is_refused_by_observe(tmp_path: Path) -> None:
    (form,) = invite(tmp_path / "forms", 1, "--bank", "quick")
    edited(form, 'name: "tester"', 'name: "Ann\\x1b[2J\\u202e"')
    run = cli("observe", str(form), env={"LEADQUIZ_INTERACTIVE": "1"}, typed="2\n")
    assert run.code == 2
    assert "name contains control or direction-changing" in run.stderr
    assert ESC not in run.output
    assert "\u202e" not in run.output


def test_hostile_bank_text_stays_inert(tmp_path: Path) -> None:
    text = MINI2_PATH.read_text(encoding="utf-8")
    hostile_title = "Goals [red]| <i>x</i> `y` *z*"
    text = text.replace("    title: Goals\n", f"    title: {quoted(hostile_title)}\n")
    text = text.replace(
        '"{name} keeps goals measurable and due this quarter."',
        quoted("{name} keeps [bold]goals[/] | <script>x</script> :smile: # due."),
    )
    bank = tmp_path / "hostile.yaml"
    bank.write_text(text, encoding="utf-8")
    ok(
        "take",
        "--bank",
        str(bank),
        "--answers",
        str(write_answers(tmp_path / "s.yaml", load_bank(bank), manager_leaning)),
    )
    forms = invite(tmp_path / "forms", 3, "--bank", str(bank))
    typed = "\n".join(["2", *(str(manager_leaning(q)) for q in MINI2.questions)]) + "\n"
    run = cli("observe", str(forms[0]), env={"LEADQUIZ_INTERACTIVE": "1"}, typed=typed)
    assert "tester keeps [bold]goals[/] | <script>x</script> :smile: # due." in run.stdout
    made = [forms[0].with_name(forms[0].stem + ".response.yaml")]
    made += [observe(f, "peer", load_bank(bank)) for f in forms[1:]]
    for response in made:
        parsed = parse_form(response.read_bytes(), "r")
        assert "<script>x</script>" in parsed.questions[0].text
    ok("import", *map(str, made))
    markdown = ok("export", "-f", "md").stdout
    section = markdown.split("## How others see you")[1]
    assert md_escape(hostile_title) in section
    assert "<i>" not in section
    assert "[red]" in ok("report").stdout


# --- properties ---------------------------------------------------------------------


@given(st.text(max_size=80))
def test_the_scalar_writer_round_trips_any_text(text: str) -> None:
    node = parse(f"value: {quoted(text)}\n", "t")
    assert isinstance(node, Mapping)
    value = node.items["value"][1]
    assert isinstance(value, Scalar)
    assert value.text == text
    assert "\n" not in quoted(text)


PROTECTED = [
    "form_id",
    "name",
    "bank_id",
    "bank_version",
    "bank_sha256",
    "question",
    "option",
    "scale",
]


def _mutate(form: Form, field: str, new: str) -> Form:
    if field == "question":
        first = dataclasses.replace(form.questions[0], text=new)
        return dataclasses.replace(form, questions=(first, *form.questions[1:]))
    if field == "option":
        index = next(i for i, q in enumerate(form.questions) if q.options)
        question = form.questions[index]
        options = ((question.options[0][0], new), *question.options[1:])
        changed = dataclasses.replace(question, options=options)
        return dataclasses.replace(
            form, questions=(*form.questions[:index], changed, *form.questions[index + 1 :])
        )
    if field == "scale":
        return dataclasses.replace(form, scale=(new, *form.scale[1:]))
    changes: dict[str, object] = {field: new}
    return dataclasses.replace(form, **changes)  # type: ignore[arg-type]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(field=st.sampled_from(PROTECTED), new=st.text(max_size=30))
def test_any_edit_to_a_protected_field_is_refused(
    tmp_path: Path, leadquiz_home: Path, field: str, new: str
) -> None:
    response = tmp_path / "forms" / "base.response.yaml"
    if not response.exists():
        take(tmp_path, "quick")
        response.parent.mkdir(exist_ok=True)
        made = responses(tmp_path, ["peer"])[0]
        made.rename(response)
    form = parse_form(response.read_bytes(), "r")
    mutated = _mutate(form, field, new)
    if mutated.protected() == form.protected():
        return
    target = tmp_path / "edited.yaml"
    target.write_text(form_text(mutated), encoding="utf-8")
    run = cli("import", str(target))
    assert run.code == 2, (field, new, run.output)
    assert stored_responses(leadquiz_home) == 0
    assert ESC not in run.output
