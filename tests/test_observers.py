"""Observers through the real CLI: invite, observe, import, the report and the exports.

Each test has its own ``LEADQUIZ_HOME``; forms and responses are plain files
in the test's folder, passed around as people would mail them.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from leadquiz.models import AnswerValue, Question
from leadquiz.quiz.observer_form import parse_form
from leadquiz.results.pooling import shown_groups
from leadquiz.store.database import Store
from observer_runs import (
    CORE,
    QUICK,
    cli,
    invite,
    leader_leaning,
    manager_leaning,
    observe,
    ok,
    responses,
    stored_responses,
    take,
    write_answers,
)

WIDE = {"COLUMNS": "80"}


def test_full_flow_core_with_a_manager_and_three_peers(tmp_path: Path) -> None:
    take(tmp_path, "core")
    forms = invite(tmp_path / "forms", 4, "--name", "Dana")
    assert len(forms) == 4
    # Every form stands alone: its own id, the name, the bank, the wording filled in.
    parsed = [parse_form(f.read_bytes(), str(f)) for f in forms]
    assert len({form.form_id for form in parsed}) == 4
    first = parsed[0]
    assert (first.name, first.bank_id, first.bank_sha256) == ("Dana", "core", CORE.digest)
    assert all("{name}" not in q.text and "Dana" in q.text for q in first.questions)
    assert first.relationship is None
    assert first.answers == {}
    text = forms[0].read_text(encoding="utf-8")
    # An identified form says plainly that the lead reads each answer, and nothing else.
    assert "Dana will see each of your answers" in " ".join(text.replace("#", "").split())
    assert "anonym" not in text.lower()
    assert "leadquiz observe" in text
    # Every question id stands under answers:, ready to fill.
    filled_in = text[text.index("\nanswers:\n") + len("\nanswers:\n") :].splitlines()
    assert filled_in == [f"  {q.id}:" for q in CORE.questions]
    # The manager leans leader, the peers manager: the manager's column is theirs alone.
    made = [
        observe(form, relationship, CORE, leader_leaning if relationship == "manager" else pick)
        for form, relationship, pick in zip(
            forms, ["manager", "peer", "peer", "peer"], [manager_leaning] * 4, strict=True
        )
    ]
    run = ok("import", *map(str, made))
    assert run.stdout.count("Imported") == 4
    assert "Attempt 1 has 4 responses" in run.stdout

    report = ok("report", env=WIDE).stdout
    assert "How others see you" in report
    # The table's head names the columns in order: you, others, the manager, the peers.
    header = next(line for line in report.splitlines() if "others (4)" in line)
    assert re.search(r"you\s+others \(4\)\s+manager\s+peers \(3\)\s+gap", header), header
    assert "○" in report
    assert "● you" in report
    assert "Hidden strength" in report or "Blind spot" in report

    document = json.loads(ok("report", "--json").stdout)
    others = document["others"]
    assert others["responses"] == 4
    assert set(others["overall"]) == {"score", "gap", "beyond_noise"}
    assert {"id", "score", "se", "gap", "beyond_noise"} <= set(others["dimensions"][0])
    for area in others["dimensions"]:
        own = next(d for d in document["dimensions"] if d["id"] == area["id"])
        assert area["gap"] == pytest.approx(area["score"] - own["score"], abs=0.11)
    assert [g["relationship"] for g in others["groups"]] == ["manager", "peer"]
    # By hand: every leader-leaning answer is a lean of +0.5 (a statement 4 or 2) or the
    # last option's lean, so the manager's area score is 50 + 50 x their weighted mean.
    manager = {d["id"]: d["score"] for d in others["groups"][0]["dimensions"]}
    for dimension in CORE.dimensions:
        asked = [q for q in CORE.questions if q.dimension == dimension.id]
        leans = [(q.weight, 0.5 if q.type == "likert" else q.options[-1].lean) for q in asked]
        expected = 50 + 50 * sum(w * x for w, x in leans) / sum(w for w, _x in leans)
        assert manager[dimension.id] == pytest.approx(expected, abs=0.051)
    assert manager != {d["id"]: d["score"] for d in others["groups"][1]["dimensions"]}

    markdown = ok("export", "-f", "md").stdout
    assert "## How others see you" in markdown
    assert "| Others (4) |" in markdown
    rows = list(csv.reader(io.StringIO(ok("export", "-f", "csv").stdout)))
    assert rows[0][-3:] == ["others_score", "others_gap", "others_beyond_noise"]
    assert len(rows) == 2 + len(CORE.dimensions)  # the header, each area, the overall row
    assert {row[-3] for row in rows[1:]} != {""}
    # Every attempt's table holds the same cells for it.
    assert list(csv.reader(io.StringIO(ok("export", "-f", "csv", "--all").stdout))) == rows
    exported = json.loads(ok("export", "-f", "json").stdout)
    assert exported["others"] == others
    assert "observers" in ok("history").stdout
    (row,) = json.loads(ok("history", "--json").stdout)["attempts"]
    assert row["responses"] == 4
    # The export's raw answers are the user's own, one per question of the attempt.
    assert len(exported["answers"]) == len(CORE.questions)
    assert "responses" in ok("users").stdout


def test_others_hidden_at_two_responses_and_shown_at_three(tmp_path: Path) -> None:
    take(tmp_path)
    made = responses(tmp_path, ["peer", "peer", "peer"])
    ok("import", str(made[0]), str(made[1]))
    report = ok("report").stdout
    assert "2 observer responses have come in" in report
    assert "1 more needed" in report
    assert "others (" not in report
    assert "○" not in report
    assert "others" not in json.loads(ok("report", "--json").stdout)
    assert "Others (" not in ok("export", "-f", "md").stdout
    # The columns are there, empty: the average of two is not shown.
    hidden = list(csv.DictReader(io.StringIO(ok("export", "-f", "csv").stdout)))
    assert {row["others_score"] for row in hidden} == {""}
    ok("import", str(made[2]))
    report = ok("report").stdout
    assert "others (3)" in report
    assert "peers (3)" in report
    assert json.loads(ok("report", "--json").stdout)["others"]["responses"] == 3


def test_others_table_lists_the_areas_in_the_order_of_the_area_table(tmp_path: Path) -> None:
    areas = [d.id for d in QUICK.dimensions]

    def graded(question: Question) -> AnswerValue:
        # Each area further toward the manager pole than the one before it in the bank,
        # scenarios included (picked by lean, not by position): ordered by score, the
        # areas run the other way round from the bank's order.
        step = 1 + areas.index(question.dimension) * 3 // max(len(areas) - 1, 1)
        if question.type == "likert":
            return step + 1 if question.keyed == "manager" else 5 - step
        by_lean = sorted(question.options, key=lambda option: option.lean)
        return by_lean[0 if step >= 3 else -1].key

    take(tmp_path, pick=graded)
    ok("import", *map(str, responses(tmp_path, ["peer", "peer", "peer"])))
    document = json.loads(ok("report", "--json").stdout)
    scores = {d["id"]: d["score"] for d in document["dimensions"]}
    titles = {d.id: d.title for d in QUICK.dimensions}
    expected = [titles[a] for a in sorted(areas, key=lambda a: scores[a])]
    assert expected != [d.title for d in QUICK.dimensions]  # the orders differ
    report = ok("report").stdout
    others = report[report.index("How others see you") :].splitlines()
    assert [t for line in others for t in expected if line.startswith(t)] == expected
    markdown = ok("export", "-f", "md").stdout
    rows = markdown[markdown.index("## How others see you") :].splitlines()
    assert [t for line in rows for t in expected if line.startswith(f"| {t} |")] == expected


def test_a_manager_is_shown_alone_only_when_no_one_else_can_be_singled_out(
    tmp_path: Path,
) -> None:
    take(tmp_path)
    made = responses(tmp_path, ["manager", "peer", "peer", "peer"])
    ok("import", *map(str, made[:3]))
    report = ok("report").stdout
    # Three in: others shown, but a manager column would give away the two peers' average.
    assert "others (3)" in report
    assert "  manager  " not in report
    assert json.loads(ok("report", "--json").stdout)["others"]["groups"] == []
    ok("import", str(made[3]))
    assert "  manager  " in ok("report").stdout
    groups = json.loads(ok("report", "--json").stdout)["others"]["groups"]
    assert [(g["relationship"], g["responses"]) for g in groups] == [("manager", 1), ("peer", 3)]


def test_two_managers_are_never_shown_as_a_group(tmp_path: Path) -> None:
    take(tmp_path)
    ok("import", *map(str, responses(tmp_path, ["manager", "manager", "peer", "peer", "peer"])))
    report = ok("report", env={"COLUMNS": "100"}).stdout
    assert "others (5)" in report
    assert "manager (2)" not in report
    others = json.loads(ok("report", "--json").stdout)["others"]
    assert others["responses"] == 5
    # Showing the peers would leave the two managers' average as the difference.
    assert others["groups"] == []
    assert "manager (2)" not in ok("export", "-f", "md").stdout


@pytest.mark.parametrize(
    ("counts", "shown"),
    [
        ({"peer": 2}, ()),
        ({"peer": 3}, ("peer",)),
        ({"manager": 1, "peer": 2}, ()),
        ({"manager": 1, "peer": 3}, ("manager", "peer")),
        ({"manager": 1, "peer": 3, "other": 1}, ("manager",)),
        ({"peer": 3, "direct report": 3}, ("peer", "direct report")),
        ({"peer": 3, "direct report": 2}, ()),
        ({"manager": 2, "peer": 4}, ()),
        ({"manager": 2, "peer": 3}, ()),
        ({"manager": 2, "peer": 3, "other": 1}, ("peer",)),
        ({"manager": 3, "peer": 3}, ("manager", "peer")),
        ({"direct report": 3, "other": 3, "peer": 1}, ("direct report",)),
        ({"direct report": 4, "other": 3, "peer": 3}, ("peer", "direct report", "other")),
    ],
)
def test_which_groups_may_be_shown(counts: dict[str, int], shown: tuple[str, ...]) -> None:
    assert shown_groups(counts) == shown  # type: ignore[arg-type]


def test_no_gaps_beyond_noise_is_said_plainly(tmp_path: Path) -> None:
    take(tmp_path, pick=leader_leaning)
    ok("import", *map(str, responses(tmp_path, ["peer"] * 3, pick=leader_leaning)))
    report = ok("report").stdout
    assert "No gaps beyond noise" in report
    assert "No gaps beyond noise" in ok("export", "-f", "md").stdout


def test_responses_attach_to_the_attempt_latest_at_issue(tmp_path: Path) -> None:
    take(tmp_path)
    made = responses(tmp_path, ["peer"] * 3)
    take(tmp_path, pick=manager_leaning)  # a retake after the forms went out
    run = ok("import", *map(str, made))
    assert "attempt 1)" in run.stdout
    assert "How others see you" not in ok("report").stdout
    assert "others (3)" in ok("report", "1").stdout


def test_import_attempt_chooses_another(tmp_path: Path) -> None:
    take(tmp_path)
    made = responses(tmp_path, ["peer"] * 3)
    take(tmp_path, pick=manager_leaning)
    ok("import", "--attempt", "2", *map(str, made))
    assert "others (3)" in ok("report").stdout


def test_forget_removes_forms_and_responses(tmp_path: Path, leadquiz_home: Path) -> None:
    take(tmp_path)
    made = responses(tmp_path, ["peer"] * 3)
    ok("import", *map(str, made))
    run = ok("forget", "--user", "tester", "--yes")
    assert "3 observer forms and 3 responses" in run.stderr
    assert stored_responses(leadquiz_home) == 0
    with Store.open(leadquiz_home) as store:
        assert not store.has_forms("tester")
    refused = cli("import", str(made[0]))
    assert refused.code == 2
    assert "not issued" in refused.stderr


def test_a_bank_without_observer_wording_is_refused(tmp_path: Path) -> None:
    run = cli("invite", "--bank", str(Path(__file__).parent / "data" / "mini.yaml"))
    assert run.code == 2
    assert "cannot be sent to observers" in run.stderr
    assert "observer_text" in run.stderr


def test_observe_in_the_terminal_with_the_same_keys_as_take(tmp_path: Path) -> None:
    (form,) = invite(tmp_path / "forms", 1, "--bank", "quick")
    # peer, then "s" (can't say) to the first question, one answer, and a pause.
    typed = ["2", "s", str(leader_leaning(QUICK.questions[1])), "q"]
    env = {"LEADQUIZ_INTERACTIVE": "1"}
    run = cli("observe", str(form), env=env, typed="\n".join(typed) + "\n")
    assert run.code == 0, run.output
    assert f"Question 1 of {len(QUICK.questions)}" in run.stdout
    assert "s can't say" in run.stdout
    assert "– can't say" in run.stdout
    assert "skip" not in run.stdout
    response = form.with_name(form.stem + ".response.yaml")
    partial = parse_form(response.read_bytes(), "r")
    assert partial.relationship == "peer"
    assert partial.answers[QUICK.questions[0].id] == "cant-say"
    assert partial.open_questions() == [q.id for q in QUICK.questions[2:]]
    # The same command continues: only the open questions are asked.
    rest = [str(leader_leaning(q)) for q in QUICK.questions[2:]]
    run = cli("observe", str(response), env=env, typed="\n".join(rest) + "\n")
    assert run.code == 0
    assert f"Question 1 of {len(QUICK.questions) - 2}" in run.stdout
    assert "Thank you" in run.stdout
    assert parse_form(response.read_bytes(), "r").open_questions() == []
    assert sorted(p.name for p in response.parent.iterdir()) == sorted([form.name, response.name])


def test_observe_with_o_goes_on_in_the_same_file(tmp_path: Path) -> None:
    (form,) = invite(tmp_path / "forms", 1, "--bank", "quick")
    mine = tmp_path / "mine.yaml"
    env = {"LEADQUIZ_INTERACTIVE": "1"}
    run = cli("observe", str(form), "-o", str(mine), env=env, typed="2\n4\nq\n")
    assert run.code == 0, run.output
    assert f"Continue with: leadquiz observe {mine}" in " ".join(run.stdout.split())
    rest = [str(leader_leaning(q)) for q in QUICK.questions[1:]]
    run = cli("observe", str(mine), env=env, typed="\n".join(rest) + "\n")
    assert run.code == 0, run.output
    assert parse_form(mine.read_bytes(), "r").open_questions() == []
    assert not (tmp_path / "mine.response.yaml").exists()


def test_observe_needs_no_history(tmp_path: Path, leadquiz_home: Path) -> None:
    (form,) = invite(tmp_path / "forms", 1, "--bank", "quick")
    elsewhere = tmp_path / "observer-home"
    answers = write_answers(tmp_path / "a.yaml", QUICK, manager_leaning)
    run = cli(
        "observe", str(form), "--answers", str(answers), "--relationship", "other",
        env={"LEADQUIZ_HOME": str(elsewhere)},
    )  # fmt: skip
    assert run.code == 0, run.output
    assert not elsewhere.exists()


def test_invite_to_an_existing_file_records_no_form(tmp_path: Path, leadquiz_home: Path) -> None:
    target = tmp_path / "form.yaml"
    target.write_text("mine\n", encoding="utf-8")
    run = cli("invite", "-o", str(target))
    assert run.code == 2
    assert "already exists" in run.stderr
    assert target.read_text(encoding="utf-8") == "mine\n"
    with Store.open(leadquiz_home) as store:
        assert not store.has_forms("tester")
    ok("invite", "-o", str(target), "--force")
    assert parse_form(target.read_bytes(), "f").name == "tester"


def test_invite_makes_a_missing_folder_and_leaves_none_when_refused(
    tmp_path: Path, leadquiz_home: Path
) -> None:
    refused = tmp_path / "refused-forms"
    run = cli("invite", "--count", "3", "-o", str(refused), "--name", "")
    assert run.code == 2
    assert "name to show is empty" in run.stderr
    assert not refused.exists()
    folder = tmp_path / "forms"
    run = ok("invite", "--count", "3", "-o", str(folder))
    written = sorted(folder.iterdir())
    assert len(written) == 3
    assert all(str(path) in run.stderr for path in written)
    with Store.open(leadquiz_home) as store:
        assert store.has_forms("tester")
    a_file = tmp_path / "a-file"
    a_file.write_text("mine\n", encoding="utf-8")
    run = cli("invite", "--count", "3", "-o", str(a_file))
    assert run.code == 2
    assert "is not a folder" in run.stderr
    run = cli("invite", "--count", "3", "-o", str(tmp_path / "no" / "such"))
    assert run.code == 2
    assert "cannot create the folder" in run.stderr


def test_plain_output_draws_the_observers_in_ascii(tmp_path: Path) -> None:
    take(tmp_path)
    ok("import", *map(str, responses(tmp_path, ["peer"] * 3)))
    report = ok("--plain", "report").stdout
    assert "x others (their average)" in report
    assert report.isascii()


def test_the_html_page_draws_the_observers_average_only_once_it_may_be_shown(
    tmp_path: Path,
) -> None:
    take(tmp_path)
    first_two = responses(tmp_path, ["peer", "peer"])
    ok("import", *map(str, first_two))
    assert 'class="mark-others"' not in ok("export", "--format", "html").stdout
    (tmp_path / "more").mkdir()
    third = responses(tmp_path / "more", ["peer"])
    ok("import", *map(str, third))
    page = ok("export", "--format", "html").stdout
    assert page.count('class="mark-others"') >= len(QUICK.dimensions)  # one per area of quick
    assert "others' average (3 observers)" in page


def _cant_say_to_goals(question: Question) -> AnswerValue:
    return "cant-say" if question.dimension == "goals" else manager_leaning(question)


def test_an_area_is_shown_only_where_three_answered_it(tmp_path: Path) -> None:
    take(tmp_path)
    made = responses(tmp_path, ["peer"] * 3, pick=_cant_say_to_goals)
    (tmp_path / "more").mkdir()
    made += responses(tmp_path / "more", ["peer"])
    ok("import", *map(str, made[:3]))
    others = json.loads(ok("report", "--json").stdout)["others"]
    areas = {d["id"]: d for d in others["dimensions"]}
    assert areas["goals"]["score"] is None
    assert areas["goals"]["answered"] == 0
    assert all(d["answered"] == 3 for key, d in areas.items() if key != "goals")
    assert "Not shown for others (Goals)" in " ".join(ok("report").stdout.split())
    # A fourth response that answers goals still leaves it at one answer: not shown.
    ok("import", str(made[3]))
    others = json.loads(ok("report", "--json").stdout)["others"]
    assert next(d for d in others["dimensions"] if d["id"] == "goals")["score"] is None


def test_one_view_never_mixes_banks(tmp_path: Path) -> None:
    take(tmp_path)
    take(tmp_path, "core")
    quick = responses(tmp_path, ["peer"] * 3)
    (tmp_path / "core").mkdir()
    core = responses(tmp_path / "core", ["peer"], bank="core")
    run = cli("import", "--attempt", "1", *map(str, [*quick, *core]))
    assert run.code == 2
    assert "one view never mixes banks or bank versions" in run.stderr
    assert json.loads(ok("report", "1", "--json").stdout)["others"]["responses"] == 3
