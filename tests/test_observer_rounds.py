"""Anonymous rounds through a collector: invite --for, collect, import SUMMARY (docs/observers.md).

Two computers in one test: the collector's home (``round_runs.coach``) and
the lead's (the test's own). Every refusal exits 2 and stores or writes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from leadquiz.quiz.observer_form import parse_form
from observer_runs import CORE, QUICK, cli, leader_leaning, ok, take
from round_runs import answer, coach, collect, issue, lead_tables

WIDE = {"COLUMNS": "80"}


def test_an_anonymous_round_from_invite_to_the_lead_s_report(
    tmp_path: Path, leadquiz_home: Path
) -> None:
    take(tmp_path, pick=leader_leaning)
    forms = issue(tmp_path, 4)
    form = parse_form(forms[0].read_bytes(), "f")
    assert (form.kind, form.collector, form.name) == ("anonymous", "Kim coach", "tester")
    words = " ".join(forms[0].read_text(encoding="utf-8").replace("#", "").split())
    assert "send the filled file back to Kim coach, not to tester" in words
    assert "tester sees only averages of at least 3 people" in words
    assert "will see each of your answers" not in words
    made = answer(forms, ["manager", "peer", "peer", "peer"])
    summary = collect(tmp_path, made, tmp_path / "summary.json")
    text = summary.read_text(encoding="utf-8")
    document = json.loads(text)
    assert document["schema"] == "leadquiz/observer-summary/1"
    assert set(document) == {"schema", "round", "lead", "bank", "responses", "dimensions", "groups"}
    assert (document["lead"], document["responses"]) == ("tester", 4)
    assert document["bank"] == {"id": "quick", "version": QUICK.version, "sha256": QUICK.digest}
    assert document["round"] == form.round_id
    for made_form in forms:  # no form id anywhere in it
        assert parse_form(made_form.read_bytes(), "f").form_id not in text
    assert [(g["relationship"], g["responses"]) for g in document["groups"]] == [
        ("manager", 1),
        ("peer", 3),
    ]
    assert all(area["answered"] == 4 for area in document["dimensions"])
    # The lead imports the summary, and sees it as they would see responses.
    run = ok("import", str(summary))
    assert "summary of round" in run.stdout
    report = ok("report", env=WIDE).stdout
    assert "others (4)" in report
    assert "anonymous round" in report
    others = json.loads(ok("report", "--json").stdout)["others"]
    assert others["responses"] == 4
    assert others["source"] == "summary"
    assert [d["score"] for d in others["dimensions"]] == [
        d["score"] for d in document["dimensions"]
    ]
    (row,) = json.loads(ok("history", "--json").stdout)["attempts"]
    assert row["responses"] == 4
    assert "observers" in ok("history").stdout
    assert "responses" in ok("users").stdout
    # The lead's machine holds the summary and the used round id: no response, no form.
    tables = lead_tables(leadquiz_home)
    assert tables["observer_responses"] == []
    assert tables["observer_forms"] == []
    assert tables["observer_used"] == [(f"round:{form.round_id}",)]


def test_collect_refuses_fewer_than_three_and_a_round_twice(tmp_path: Path) -> None:
    forms = issue(tmp_path, 4)
    made = answer(forms, ["peer"] * 4)
    out = tmp_path / "s.json"
    run = cli("collect", *map(str, made[:2]), "-o", str(out), env=coach(tmp_path))
    assert run.code == 2
    assert "at least 3 responses, and 2 were given" in run.stderr
    assert not out.exists()
    collect(tmp_path, made[:3], out)
    again = tmp_path / "again.json"
    for batch in (made[3:], made):
        run = cli("collect", *map(str, batch), "-o", str(again), env=coach(tmp_path))
        assert run.code == 2
        assert "is already collected" in run.stderr or "at least 3" in run.stderr
        assert not again.exists()
    # The fourth response cannot make a second summary of the round, even with others.
    run = cli("collect", *map(str, [*made[:3], made[3]]), "-o", str(again), env=coach(tmp_path))
    assert run.code == 2
    assert "is already collected" in run.stderr
    assert not again.exists()


def test_collect_refuses_mixed_rounds_banks_and_forms_given_twice(tmp_path: Path) -> None:
    first = answer(issue(tmp_path, 3), ["peer"] * 3)
    second = answer(issue(tmp_path, 3), ["peer"] * 3)
    out = tmp_path / "s.json"
    env = coach(tmp_path)
    run = cli("collect", *map(str, [*first[:2], second[0]]), "-o", str(out), env=env)
    assert run.code == 2
    assert "of 2 rounds" in run.stderr
    run = cli("collect", str(first[0]), str(first[0]), str(first[1]), "-o", str(out), env=env)
    assert run.code == 2
    assert "this form is given twice" in run.stderr
    core_bank = Path(__file__).parent.parent / "questions" / "core.yaml"
    run = cli("collect", *map(str, first), "--bank", str(core_bank), "-o", str(out), env=env)
    assert run.code == 2
    assert "is not the one the form was issued with" in run.stderr
    # A round of another bank is another round: refused as mixed.
    core = answer(issue(tmp_path, 3, bank="core"), ["peer"] * 3, bank="core")
    run = cli("collect", *map(str, [*first[:2], core[0]]), "-o", str(out), env=env)
    assert run.code == 2
    assert not out.exists()
    # Nothing was closed by the refusals: the rounds collect now.
    collect(tmp_path, first, out)
    collect(tmp_path, core, tmp_path / "core.json")
    assert json.loads((tmp_path / "core.json").read_text())["bank"]["sha256"] == CORE.digest


def test_collect_with_the_bank_given_checks_its_sha256(tmp_path: Path) -> None:
    made = answer(issue(tmp_path, 3), ["peer"] * 3)
    quick = Path(__file__).parent.parent / "questions" / "quick.yaml"
    out = tmp_path / "s.json"
    run = cli("collect", *map(str, made), "--bank", str(quick), "-o", str(out),
              env=coach(tmp_path))  # fmt: skip
    assert run.code == 0, run.output
    assert out.exists()


def test_collect_refuses_responses_to_forms_another_collector_issued(tmp_path: Path) -> None:
    theirs = answer(issue(tmp_path, 3, collector="other"), ["peer"] * 3)
    out = tmp_path / "s.json"
    run = cli("collect", *map(str, theirs), "-o", str(out), env=coach(tmp_path))
    assert run.code == 2
    assert "was not issued by leadquiz on this computer" in run.stderr
    assert not out.exists()


def test_collect_refuses_identified_responses(tmp_path: Path) -> None:
    take(tmp_path)
    from observer_runs import responses

    made = responses(tmp_path, ["peer"] * 3)
    run = cli("collect", *map(str, made), "-o", str(tmp_path / "s.json"))
    assert run.code == 2
    assert "identified round: its lead imports it" in run.stderr


def test_import_refuses_a_raw_response_of_an_anonymous_round(
    tmp_path: Path, leadquiz_home: Path
) -> None:
    take(tmp_path)
    made = answer(issue(tmp_path, 3), ["peer"] * 3)
    run = cli("import", *map(str, made))
    assert run.code == 2
    assert run.stderr.count("this is a response to an anonymous round") == 3
    assert all(rows == [] for rows in lead_tables(leadquiz_home).values())


def _summary(tmp: Path, **changes: object) -> Path:
    made = answer(issue(tmp, 3), ["peer"] * 3)
    out = collect(tmp, made, tmp / f"s{len(list(tmp.glob('s*.json')))}.json")
    document = json.loads(out.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if key.startswith("bank_"):
            document["bank"][key[5:]] = value
        else:
            document[key] = value
    out.write_text(json.dumps(document), encoding="utf-8")
    return out


def test_import_refuses_a_summary_twice_another_user_s_and_a_changed_bank(
    tmp_path: Path, leadquiz_home: Path
) -> None:
    take(tmp_path)
    cases = [
        (_summary(tmp_path, lead="bob"), "about another user, not 'tester'"),
        (_summary(tmp_path, bank_sha256="0" * 64), "is not one leadquiz can check"),
        (_summary(tmp_path, bank_version="9.9.9"), "is not one leadquiz can check"),
    ]
    for path, message in cases:
        run = cli("import", str(path))
        assert run.code == 2, run.output
        assert message in run.stderr
        assert all(rows == [] for rows in lead_tables(leadquiz_home).values())
    good = _summary(tmp_path)
    ok("import", str(good))
    before = lead_tables(leadquiz_home)
    run = cli("import", str(good))
    assert run.code == 2
    assert "is already imported" in run.stderr
    assert lead_tables(leadquiz_home) == before


def test_a_summary_joins_the_latest_attempt_of_its_bank_or_the_one_chosen(tmp_path: Path) -> None:
    take(tmp_path)
    take(tmp_path, "core")
    take(tmp_path)
    run = ok("import", str(_summary(tmp_path)))
    assert "attempt 3)" in run.stdout
    run = ok("import", "--attempt", "1", str(_summary(tmp_path)))
    assert "attempt 1)" in run.stdout
    # An attempt of another bank, or one that shows a summary already, is refused.
    for attempt, message in (("2", "not of this file's bank and version"), ("1", "already shows")):
        run = cli("import", "--attempt", attempt, str(_summary(tmp_path)))
        assert run.code == 2
        assert message in run.stderr


def test_a_hand_made_summary_with_a_small_group_is_refused(tmp_path: Path) -> None:
    take(tmp_path)
    path = _summary(tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["groups"] = [{"relationship": "peer", "responses": 2, "dimensions": []}]
    path.write_text(json.dumps(document), encoding="utf-8")
    run = cli("import", str(path))
    assert run.code == 2
    assert "a group's responses must be a whole number from 3" in run.stderr


def test_two_managers_in_a_round_are_not_shown_as_a_group(
    tmp_path: Path, leadquiz_home: Path
) -> None:
    take(tmp_path)
    made = answer(issue(tmp_path, 5), ["manager", "manager", "peer", "peer", "peer"])
    summary = collect(tmp_path, made, tmp_path / "summary.json")
    document = json.loads(summary.read_text(encoding="utf-8"))
    assert document["responses"] == 5
    # No manager group of two, and the peers alone would give the managers' average away.
    assert document["groups"] == []
    ok("import", str(summary))
    assert "manager (2)" not in ok("report", env=WIDE).stdout
    assert json.loads(ok("report", "--json").stdout)["others"]["groups"] == []


def test_a_hand_made_summary_with_two_managers_as_a_group_is_refused(tmp_path: Path) -> None:
    take(tmp_path)
    path = _summary(tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["groups"] = [{"relationship": "manager", "responses": 2, "dimensions": []}]
    path.write_text(json.dumps(document), encoding="utf-8")
    run = cli("import", str(path))
    assert run.code == 2
    assert "a group of 2 'manager' responses is too small to be shown" in run.stderr
    assert "others" not in json.loads(ok("report", "--json").stdout)


def test_invite_for_a_lead_of_this_database_is_refused(tmp_path: Path, leadquiz_home: Path) -> None:
    take(tmp_path)
    run = cli("invite", "--for", "Tester", "--collector", "Kim", "-o", str(tmp_path))
    assert run.code == 2
    assert "never on the lead's" in run.stderr
    assert not list(tmp_path.glob("leadquiz-form-*"))
    run = cli("invite", "--for", "dana", "-o", str(tmp_path))
    assert run.code == 2
    assert "needs both --for LEAD and --collector NAME" in run.stderr


def test_forget_removes_rounds_and_summaries_but_a_used_summary_stays_used(
    tmp_path: Path, leadquiz_home: Path
) -> None:
    take(tmp_path)
    summary = _summary(tmp_path)
    ok("import", str(summary))
    ok("forget", "--attempt", "1", "--yes")
    take(tmp_path)
    run = cli("import", str(summary))
    assert run.code == 2
    assert "is already imported" in run.stderr
    run = ok("forget", "--user", "tester", "--yes")
    tables = lead_tables(leadquiz_home)
    assert tables["observer_summaries"] == []
    assert len(tables["observer_used"]) == 1  # an id only: no user, no answer
    # The collector forgets theirs: the rounds they issued go.
    ok("forget", "--user", "coach", "--yes", env=coach(tmp_path))
    assert lead_tables(tmp_path / "coach-home")["observer_rounds"] == []


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_the_summary_reader_refuses_any_damage_plainly(data: st.DataObject) -> None:
    from leadquiz.errors import FormError
    from leadquiz.quiz.observer_summary import Summary, parse_summary, summary_text
    from leadquiz.results.pooling import AreaAverage, GroupAverage, Pooled

    area = AreaAverage("goals", 4, 52.5, 5.05)
    good = Summary(
        "0123456789abcdef", "dana", "quick", "2.0.0", QUICK.digest,
        Pooled(4, (area,), (GroupAverage("peer", 3, (AreaAverage("goals", 3, 50.0, 5.8),)),)),
    )  # fmt: skip
    text = summary_text(good)
    assert parse_summary(text.encode(), "s") == good
    at = data.draw(st.integers(0, len(text) - 1))
    inserted = data.draw(st.text(min_size=0, max_size=3))
    cut = data.draw(st.integers(0, 3))
    damaged = (text[:at] + inserted + text[at + cut :]).encode("utf-8", "surrogatepass")
    try:
        parsed = parse_summary(damaged, "s")
    except FormError:
        return
    # What still reads keeps every rule: at least 3 everywhere but a manager.
    assert parsed.pooled.responses >= 3
    assert all(a.answered >= 3 for a in parsed.pooled.areas)
    assert all(g.responses >= 3 or g.relationship == "manager" for g in parsed.pooled.groups)
