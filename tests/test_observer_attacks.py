"""The lead as an attacker: nothing on the lead's side determines one observer's answers.

The lead owns their machine and may run any sequence of commands: import
more, forget, import again, attach to other attempts or bank versions, read
every view and export and the database itself. Of an anonymous round they
hold only its summary (averages of at least 3, released once). Each test
plays one attack and asserts what the lead learns.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from leadquiz.models import AnswerValue, Question
from observer_runs import QUICK, cli, leader_leaning, manager_leaning, ok, responses, take
from round_runs import answer, coach, collect, issue, lead_tables


def _views(env: dict[str, str | None]) -> dict[str, object]:
    """Everything the lead can see of others, with the attempt's own times left out."""
    document = json.loads(ok("report", "--json", env=env).stdout)
    markdown = ok("export", "-f", "md", env=env).stdout
    section = markdown[markdown.index("## How others see you") :]
    rows = list(csv.reader(io.StringIO(ok("export", "-f", "csv", env=env).stdout)))
    start = rows[0].index("others_score")
    csv_rows = [row[start:] for row in rows]
    report = ok("report", env={**env, "COLUMNS": "80"}).stdout
    return {
        "json": document["others"],
        "md": section,
        "csv": csv_rows,
        "report": report[report.index("How others see you") :],
        "history": json.loads(ok("history", "--json", env=env).stdout)["attempts"][0]["responses"],
    }


def test_one_observer_s_answers_cannot_be_told_from_anything_the_lead_holds(
    tmp_path: Path,
) -> None:
    # Two rounds for two leads who answered alike: in round A the first form's observer
    # leans leader, in round B the same form's observer leans manager (two others swap).
    # If any view or file on the lead's side determined one observer's answers, the two
    # leads' views would differ; they do not (only the round's id does).
    picks_a = [leader_leaning, manager_leaning, manager_leaning, leader_leaning]
    picks_b = [manager_leaning, leader_leaning, leader_leaning, manager_leaning]
    views = []
    for name, picks in (("a", picks_a), ("b", picks_b)):
        lead: dict[str, str | None] = {
            "LEADQUIZ_HOME": str(tmp_path / f"lead-{name}"),
            "LEADQUIZ_USER": "tester",
        }
        take_env(tmp_path / name, lead)
        forms = issue(tmp_path, 4, collector=f"coach{name}")
        made = answer(forms, ["peer"] * 4, picks=picks)
        summary = collect(tmp_path, made, tmp_path / f"{name}.json", collector=f"coach{name}")
        ok("import", str(summary), env=lead)
        views.append(_views(lead))
    assert views[0] == views[1]
    assert "peers (4)" in str(views[0]["report"])


def take_env(folder: Path, env: dict[str, str | None]) -> None:
    """The lead takes quick on their own machine."""
    from observer_runs import write_answers

    folder.mkdir()
    answers = write_answers(folder / "self.yaml", QUICK, leader_leaning)
    ok("take", "--bank", "quick", "--answers", str(answers), env=env)


def test_no_second_average_of_a_round_to_difference_against(tmp_path: Path) -> None:
    # 4 * avg4 - 3 * avg3 would give the fourth observer: there is never a second summary.
    take(tmp_path)
    made = answer(issue(tmp_path, 4), ["peer"] * 4)
    first = collect(tmp_path, made[:3], tmp_path / "three.json")
    run = cli("collect", *map(str, made), "-o", str(tmp_path / "four.json"), env=coach(tmp_path))
    assert run.code == 2
    assert not (tmp_path / "four.json").exists()
    run = cli("collect", str(made[3]), "-o", str(tmp_path / "one.json"), env=coach(tmp_path))
    assert run.code == 2
    ok("import", str(first))
    # The fourth raw response is no use to the lead either.
    run = cli("import", str(made[3]))
    assert run.code == 2
    assert "anonymous round" in run.stderr


def test_forget_and_import_again_never_counts_a_summary_twice(
    tmp_path: Path, leadquiz_home: Path
) -> None:
    take(tmp_path)
    summary = collect(tmp_path, answer(issue(tmp_path, 3), ["peer"] * 3), tmp_path / "s.json")
    ok("import", str(summary))
    for forget in (("--attempt", "1"), ("--user", "tester")):
        ok("forget", *forget, "--yes")
        take(tmp_path)
        run = cli("import", str(summary))
        assert run.code == 2
        assert "already imported" in run.stderr
        assert lead_tables(leadquiz_home)["observer_summaries"] == []


def test_forget_and_import_again_never_counts_a_response_twice(tmp_path: Path) -> None:
    take(tmp_path)
    made = responses(tmp_path, ["peer"] * 4)
    ok("import", *map(str, made[:3]))
    ok("forget", "--attempt", "1", "--yes")
    take(tmp_path)
    run = cli("import", "--attempt", "2", *map(str, made))
    assert run.code == 2
    assert run.stderr.count("is already imported") == 3
    assert "Attempt 2 has 1 response" in run.stdout


def test_a_summary_never_mixes_with_the_lead_s_own_responses_or_other_versions(
    tmp_path: Path,
) -> None:
    take(tmp_path)
    summary = collect(tmp_path, answer(issue(tmp_path, 3), ["peer"] * 3), tmp_path / "s.json")
    # The lead's own identified forms, filled by the lead as pretend observers.
    own = responses(tmp_path, ["peer"] * 3)
    ok("import", *map(str, own))
    run = cli("import", str(summary))
    assert run.code == 2
    assert "already has observer responses" in run.stderr
    take(tmp_path)
    ok("import", str(summary))
    more = responses(tmp_path, ["peer"])
    run = cli("import", "--attempt", "2", *map(str, more))
    assert run.code == 2
    assert "already shows a round's summary" in run.stderr
    take(tmp_path, "core")
    other = collect(tmp_path, answer(issue(tmp_path, 3), ["peer"] * 3), tmp_path / "s2.json")
    run = cli("import", "--attempt", "3", str(other))
    assert run.code == 2
    assert "one view never mixes banks or bank versions" in run.stderr


def _cant_say_to_goals(question: Question) -> AnswerValue:
    return "cant-say" if question.dimension == "goals" else manager_leaning(question)


def test_an_area_or_group_under_three_answers_is_never_released(tmp_path: Path) -> None:
    # A manager and three peers; one peer can't say anything about goals. Goals then has
    # 3 answers (shown), but showing the manager in goals would leave 2 peers to subtract.
    take(tmp_path)
    picks = [leader_leaning, manager_leaning, manager_leaning, _cant_say_to_goals]
    made = answer(issue(tmp_path, 4), ["manager", "peer", "peer", "peer"], picks=picks)
    document = json.loads(collect(tmp_path, made, tmp_path / "s.json").read_text())
    goals = next(d for d in document["dimensions"] if d["id"] == "goals")
    assert goals["answered"] == 3
    # Neither the manager (2 peers would be left) nor the peers (2 of them) show goals.
    assert [(g["relationship"], g["responses"]) for g in document["groups"]] == [
        ("manager", 1),
        ("peer", 3),
    ]
    for group in document["groups"]:
        assert "goals" not in [d["id"] for d in group["dimensions"]]
        assert len(group["dimensions"]) == len(QUICK.dimensions) - 1
    for group in document["groups"]:
        for area in group["dimensions"]:
            least = 1 if group["relationship"] == "manager" else 3
            assert area["answered"] >= least
    # Two can't-say observers: goals has 2 answers and is left out of the summary.
    two = [leader_leaning, manager_leaning, _cant_say_to_goals, _cant_say_to_goals]
    made = answer(issue(tmp_path, 4), ["peer"] * 4, picks=two)
    document = json.loads(collect(tmp_path, made, tmp_path / "s2.json").read_text())
    assert "goals" not in [d["id"] for d in document["dimensions"]]
    ok("import", "--attempt", "1", str(tmp_path / "s2.json"))
    others = json.loads(ok("report", "--json").stdout)["others"]
    assert next(d for d in others["dimensions"] if d["id"] == "goals")["score"] is None
    report = ok("report").stdout
    section = report[report.index("How others see you") :]
    assert re.search(r"Goals\s+\S+\s+—", section), section
    assert "Not shown for others (Goals): fewer than 3 observers answered it" in " ".join(
        section.split()
    )
