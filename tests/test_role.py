"""``leadquiz role`` through the real CLI: by file, then beside attempts in reports and exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from cli_runs import Run, invoke_clean
from leadquiz.app import roles as roles_module
from leadquiz.app import taking as taking_module
from leadquiz.banks.loader import resolve_bank
from leadquiz.store.database import Store

CORE = resolve_bank("core")
RATINGS = {d.id: (index % 5) + 1 for index, d in enumerate(CORE.dimensions)}
PEOPLE_HIGH = {**RATINGS, "people": 5}


def cli(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Run:
    return invoke_clean(args, stdin=stdin, env=env)


def ok(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Run:
    run = cli(*args, stdin=stdin, env=env)
    assert run.code == 0, run.output
    return run


def role_file(tmp_path: Path, ratings: dict[str, int], share: int | None = 10) -> Path:
    lines = ["role:", *(f"  {area}: {value}" for area, value in ratings.items())]
    if share is not None:
        lines.append(f"leading_share: {share}")
    path = tmp_path / f"role-{len(list(tmp_path.iterdir()))}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def answers_file(tmp_path: Path) -> Path:
    """Core answers that put 'people' well toward the manager pole, the rest mixed."""
    lines = ["answers:"]
    for index, question in enumerate(CORE.questions):
        if question.type == "likert":
            value = [2, 4, 3, 5, 1][index % 5]
            if question.dimension == "people":
                value = 5 if question.keyed == "manager" else 1
            lines.append(f"  {question.id}: {value}")
        else:
            options = sorted(question.options, key=lambda o: o.lean)
            chosen = options[0] if question.dimension == "people" else options[index % len(options)]
            lines.append(f"  {question.id}: {chosen.key}")
    path = tmp_path / "answers.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def profiles(home: Path, user: str = "tester") -> list[tuple[int, str, int | None]]:
    with Store.open(home) as store:
        return [(p.id, p.status, p.leading_share) for p in store.role_profiles(user)]


def test_role_from_a_file_is_stored_and_printed(tmp_path: Path, leadquiz_home: Path) -> None:
    run = ok("role", "--answers", str(role_file(tmp_path, RATINGS)), "--json")
    document = json.loads(run.stdout)
    assert document["schema"] == "leadquiz/role/1"
    assert document["user"] == "tester"
    assert document["bank"]["id"] == "core"
    assert document["leading_share"] == 10
    assert document["dimensions"][0] == {
        "id": CORE.dimensions[0].id,
        "rating": RATINGS[CORE.dimensions[0].id],
        "score": 25.0 * (RATINGS[CORE.dimensions[0].id] - 1),
    }
    assert [d["id"] for d in document["dimensions"]] == [d.id for d in CORE.dimensions]
    text = ok("role", "--answers", str(role_file(tmp_path, RATINGS, share=None))).stdout
    assert "Role profile saved" in text
    assert "Leading: not given." in text
    # A new profile never overwrites the old one.
    assert [(status, share) for _id, status, share in profiles(leadquiz_home)] == [
        ("finished", None),
        ("finished", 10),
    ]
    listed = json.loads(ok("history", "--json").stdout)["role_profiles"]
    assert [p["leading_share"] for p in listed] == [None, 10]
    assert "Role profiles · 2" in ok("history").stdout


def test_role_answers_from_standard_input(tmp_path: Path, leadquiz_home: Path) -> None:
    text = role_file(tmp_path, RATINGS, share=40).read_text(encoding="utf-8")
    ok("role", "--answers", "-", stdin=text)
    assert [share for _id, _status, share in profiles(leadquiz_home)] == [40]


def test_take_report_and_every_export_use_the_profile(tmp_path: Path) -> None:
    ok("role", "--answers", str(role_file(tmp_path, PEOPLE_HIGH)))
    taken = ok("take", "--answers", str(answers_file(tmp_path))).stdout
    assert "Your role asks for leading about 10 % of the time;" in taken
    assert "◆" in taken
    report = ok("report").stdout
    assert "Your role asks for leading about 10 % of the time;" in report
    practise = report[report.index("to practise next") :]
    # People: the role asks for 100, the answers sit near the manager pole: first, with why.
    assert practise.index("People and processes") < practise.index("2. ")
    assert "Your role pulls toward" in practise

    document = json.loads(ok("report", "--json").stdout)
    role = document["role"]
    assert set(role) == {"taken_at", "leading_share", "dimensions"}
    assert role["leading_share"] == 10
    by_id = {d["id"]: d for d in role["dimensions"]}
    assert all(set(d) == {"id", "score", "gap", "beyond_noise"} for d in role["dimensions"])
    people = by_id["people"]
    own = {d["id"]: d["score"] for d in document["dimensions"]}["people"]
    assert people["score"] == 100.0
    assert people["gap"] == pytest.approx(100.0 - own)
    assert people["beyond_noise"] is True

    markdown = ok("export", "--format", "md").stdout
    assert "| Score | 90% interval | Role | Gap | Band |" in markdown
    assert "Your role pulls toward" in markdown
    exported = json.loads(ok("export", "--format", "json").stdout)
    assert exported["role"] == role
    rows = list(csv.DictReader(io.StringIO(ok("export", "--format", "csv").stdout)))
    people_row = next(row for row in rows if row["dimension"] == "people")
    assert people_row["role_score"] == "100.0"
    assert people_row["role_beyond_noise"] == "true"
    # The table of every attempt has the same columns, with the role beside the attempt.
    every = list(csv.DictReader(io.StringIO(ok("export", "--format", "csv", "--all").stdout)))
    assert [row for row in every if row["dimension"] == "people"] == [people_row]


def test_without_a_profile_the_report_says_how_to_make_one(tmp_path: Path) -> None:
    report = ok("take", "--answers", str(answers_file(tmp_path))).stdout
    assert "run: leadquiz role" in report
    assert "role" not in json.loads(ok("report", "--json").stdout)
    rows = list(csv.DictReader(io.StringIO(ok("export", "--format", "csv").stdout)))
    assert {(row["role_score"], row["role_gap"], row["role_beyond_noise"]) for row in rows} == {
        ("", "", "")
    }
    assert "leadquiz role" in ok("export", "--format", "md").stdout
    other = ok("take", "--answers", str(answers_file(tmp_path)), "--user", "sam").stdout
    assert "run: leadquiz role --user sam" in other


def test_a_profile_made_after_an_attempt_is_not_used_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok("take", "--answers", str(answers_file(tmp_path)))
    monkeypatch.setattr(roles_module, "utc_now", lambda: "2999-01-01T00:00:00+00:00")
    ok("role", "--answers", str(role_file(tmp_path, PEOPLE_HIGH)))
    assert "role" not in json.loads(ok("report", "--json").stdout)
    # The report says why it sets no profile beside this attempt, not how to make one.
    report = " ".join(ok("report", env={"COLUMNS": "200"}).stdout.split())
    assert "run: leadquiz role" not in report
    assert (
        "Your role profile of 2999-01-01 was saved after this attempt: it is set beside "
        "later attempts (see it with: leadquiz role show)." in report
    )
    assert "saved after this attempt" in ok("export", "--format", "md").stdout
    # An attempt finished after the profile does use it.
    monkeypatch.setattr(taking_module, "utc_now", lambda: "3000-01-01T00:00:00+00:00")
    ok("take", "--answers", str(answers_file(tmp_path)))
    assert json.loads(ok("report", "--json").stdout)["role"]["taken_at"].startswith("2999")
    assert "role" not in json.loads(ok("report", "1", "--json").stdout)


def test_reports_use_the_latest_profile_before_each_attempt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def at(module: object, moment: str) -> None:
        monkeypatch.setattr(module, "utc_now", lambda: moment)

    at(roles_module, "2030-01-01T00:00:00+00:00")
    ok("role", "--answers", str(role_file(tmp_path, RATINGS, share=5)))
    at(taking_module, "2030-01-02T00:00:00+00:00")
    ok("take", "--answers", str(answers_file(tmp_path)))
    at(roles_module, "2030-01-03T00:00:00+00:00")
    ok("role", "--answers", str(role_file(tmp_path, PEOPLE_HIGH, share=60)))
    at(taking_module, "2030-01-04T00:00:00+00:00")
    ok("take", "--answers", str(answers_file(tmp_path)))
    assert json.loads(ok("report", "1", "--json").stdout)["role"]["leading_share"] == 5
    assert json.loads(ok("report", "2", "--json").stdout)["role"]["leading_share"] == 60
    said = ok("compare").stdout
    assert "Your role profile changed between the two attempts" in said
    assert "leading share 5 % → 60 %" in said


BAD_ROLE_FILE = """\
role:
  goals: 6
  motivation: yes
  nowhere: 3
  risk: 2.5
leading_share: 150
colour: blue
"""


def test_a_bad_role_file_lists_every_problem_and_stores_nothing(
    tmp_path: Path, leadquiz_home: Path
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_ROLE_FILE, encoding="utf-8")
    run = cli("role", "--answers", str(path))
    assert run.code == 2
    assert run.stdout == ""
    for line, words in [
        (1, "areas have no rating"),
        (2, "rating of 'goals' must be a whole number from 1 to 5, not '6'"),
        (3, "rating of 'motivation'"),
        (4, "'nowhere' is not an area of bank 'core'"),
        (5, "rating of 'risk'"),
        (6, "leading_share must be a whole number from 0 to 100, not '150'"),
        (7, "unknown key 'colour'"),
    ]:
        assert f"{path}:{line}:" in run.stderr, line
        assert words in run.stderr, words
    assert "Traceback" not in run.stderr
    assert not (leadquiz_home / "leadquiz.db").exists() or profiles(leadquiz_home) == []


def test_forget_removes_role_profiles(tmp_path: Path, leadquiz_home: Path) -> None:
    ok("role", "--answers", str(role_file(tmp_path, RATINGS)))
    ok("role", "--answers", str(role_file(tmp_path, RATINGS)), "--user", "sam")
    said = ok("forget", "--user", "tester", "--yes").stderr
    assert "1 role profile of 'tester'" in said
    assert profiles(leadquiz_home) == []
    assert len(profiles(leadquiz_home, "sam")) == 1


def test_role_in_a_pipe_asks_for_a_file() -> None:
    run = cli("role", stdin="")
    assert run.code == 2
    assert "leadquiz role --answers FILE" in run.stderr


def test_role_show_prints_the_latest_profile(tmp_path: Path) -> None:
    refused = cli("role", "show")
    assert refused.code == 2
    assert "has no role profile yet" in refused.stderr
    assert "leadquiz role" in refused.stderr
    ok("role", "--answers", str(role_file(tmp_path, RATINGS, share=5)))
    made = ok("role", "--answers", str(role_file(tmp_path, PEOPLE_HIGH)), "--json")
    latest = json.loads(made.stdout)
    shown = json.loads(ok("role", "show", "--json").stdout)
    assert shown == latest
    assert shown["schema"] == "leadquiz/role/1"
    assert shown["profile"] == 2
    text = ok("role", "show", env={"COLUMNS": "80"}).stdout
    assert text.startswith("Role profile 2 of ")
    assert f"(bank core {resolve_bank('core').version})" in text
    people = next(line for line in text.splitlines() if line.startswith("People"))
    assert people.split()[-6:] == ["100", "almost", "all", "the", "leader", "pole"]
    assert "Leading: about 10 % of the time." in text
    # Another user's profile is theirs alone.
    assert cli("role", "show", "--user", "sam").code == 2
