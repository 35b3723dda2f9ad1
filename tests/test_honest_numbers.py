"""Intervals, change judged against noise, "why this score" and "too fast", through the real CLI.

Attempts of the bundled core bank are answered from files (or typed, for the
timing of answers) into the test's own ``LEADQUIZ_HOME``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import sqlite3
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import NamedTuple

import pytest

from cli_runs import Run, invoke_clean
from leadquiz.banks.loader import load_bank, questions_dir
from leadquiz.models import AnswerValue, Bank
from leadquiz.quiz.loop import question_order
from leadquiz.results.scoring import score
from leadquiz.store.database import DB_NAME

CORE: Bank = load_bank(questions_dir() / "core.yaml")
MINI = Path(__file__).parent / "data" / "mini.yaml"
WIDE = {"COLUMNS": "80"}


def cli(*args: str, typed: str | None = None, env: Mapping[str, str] | None = None) -> Run:
    run = invoke_clean(args, stdin=typed, env={**WIDE, **(env or {})})
    assert run.code == 0, run.output
    return run


def answers(
    lean: Mapping[str, int] | None = None, default: int = 3
) -> dict[str, AnswerValue | None]:
    """Core answers: each area's likert statements at ``lean`` toward the leader pole.

    ``lean[area]`` is 1..5 (5 = strongly toward the leader pole); choices take the
    option nearest that pole.
    """
    chosen: dict[str, AnswerValue | None] = {}
    for question in CORE.questions:
        value = (lean or {}).get(question.dimension, default)
        if question.type == "likert":
            chosen[question.id] = value if question.keyed == "leader" else 6 - value
        else:
            target = (value - 3) / 2
            chosen[question.id] = min(question.options, key=lambda o: abs(o.lean - target)).key
    return chosen


class Scored(NamedTuple):
    """An area's (or the overall) score and standard error, worked out by the test itself."""

    score: float
    se: float


class Expected(NamedTuple):
    """What the CLI must show for some answers: each area's and the overall score and SE."""

    areas: dict[str, Scored]
    overall: Scored

    @property
    def overall_score(self) -> float:
        return self.overall.score


def _half_up(value: Fraction) -> float:
    """One decimal, halves up, from the exact value (as docs/scoring.md says)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def scored(chosen: Mapping[str, AnswerValue | None]) -> Expected:
    """The scores and SEs for these answers, from the rules of docs/scoring.md, by hand.

    Independent of leadquiz.results: an area's score is 50 + 50 × the weighted
    mean lean of its answers (likert (v - 3) / 2, reversed for manager-keyed;
    a choice its option's lean), its SE 50 × σ × √(Σw²) / Σw (σ the area's
    item_noise, else 0.35); the overall score is the plain mean of the unrounded
    area scores, its SE √(Σ SE²) / D.
    """
    exact: dict[str, Fraction] = {}
    areas: dict[str, Scored] = {}
    for dimension in CORE.dimensions:
        weighted = Fraction(0)
        weights: list[Fraction] = []
        for question in CORE.questions:
            value = chosen.get(question.id)
            if question.dimension != dimension.id or value is None:
                continue
            if question.type == "likert":
                assert isinstance(value, int)
                lean = Fraction(value - 3, 2) * (1 if question.keyed == "leader" else -1)
            else:
                lean = Fraction(str(next(o.lean for o in question.options if o.key == value)))
            weight = Fraction(str(question.weight))
            weighted += weight * lean
            weights.append(weight)
        total = sum(weights, Fraction(0))
        exact[dimension.id] = 50 + 50 * weighted / total
        sigma = dimension.item_noise if dimension.item_noise is not None else 0.35
        se = 50 * sigma * math.sqrt(float(sum(w * w for w in weights))) / float(total)
        areas[dimension.id] = Scored(_half_up(exact[dimension.id]), se)
    mean = sum(exact.values(), Fraction(0)) / len(exact)
    overall_se = math.sqrt(sum(a.se**2 for a in areas.values())) / len(areas)
    return Expected(areas, Scored(_half_up(mean), overall_se))


def area(result: Expected, area_id: str) -> Scored:
    return result.areas[area_id]


def limit(a: Scored | Expected, b: Scored | Expected) -> float:
    """The reliable-change threshold between two areas (or overall scores) as shown.

    1.96 × √(SE_a² + SE_b²), shown with one decimal, rounded down (docs/scoring.md):
    a change of one decimal is beyond noise exactly when it is larger than the
    threshold shown.
    """
    se_a = a.overall.se if isinstance(a, Expected) else a.se
    se_b = b.overall.se if isinstance(b, Expected) else b.se
    return math.floor(1.96 * math.sqrt(se_a**2 + se_b**2) * 10 + 1e-9) / 10


def test_the_hand_worked_scores_agree_with_the_scoring_rule() -> None:
    """The test's own arithmetic and leadquiz's agree (each checks the other)."""
    for chosen in (answers(), answers({"goals": 5, "trust": 4}), answers({"risk": 1})):
        mine, theirs = scored(chosen), score(CORE, chosen)
        for dimension in theirs.dimensions:
            assert (dimension.score, dimension.se) == pytest.approx(mine.areas[dimension.id])
        assert theirs.overall_score == mine.overall.score
        assert theirs.overall_se == pytest.approx(mine.overall.se)


def take_file(tmp_path: Path, chosen: Mapping[str, AnswerValue | None], name: str) -> None:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps({"answers": dict(chosen)}), encoding="utf-8")
    cli("take", "--answers", str(path))


def test_report_shows_intervals_whiskers_and_what_they_mean(tmp_path: Path) -> None:
    take_file(tmp_path, answers({"goals": 5, "trust": 1}), "a")
    output = cli("report").stdout
    assert max(len(line) for line in output.splitlines()) <= 80
    assert "(90% interval " in output
    headline = next(line for line in output.splitlines() if line.startswith("Overall"))
    assert " ± " in headline
    assert "━" in next(line for line in output.splitlines() if line.startswith("Manager ├"))
    assert "The ± after a score, and the thick part of its line, is its 90% interval" in " ".join(
        output.split()
    )
    # Goals: five answers, all at the leader pole: 100.0 ± 12.9 (50 × 0.35 / √5 × 1.645).
    assert "100.0 ± 12.9" in output


def test_few_answer_areas_are_marked_and_never_picked(tmp_path: Path) -> None:
    # mini.yaml: goals has three questions, risk two; risk leans furthest (87.5) but has
    # few answers, so the leaning and the practice area are goals (56.3).
    path = tmp_path / "mini.json"
    chosen = {"goals-kpi": 2, "goals-dream": 4, "goals-plan": "a", "risk-safe": 1, "risk-bet": "b"}
    path.write_text(json.dumps({"answers": chosen}), encoding="utf-8")
    run = invoke_clean(["take", "--bank", str(MINI), "--answers", str(path)], env=WIDE)
    assert run.code == 0, run.output
    flat = " ".join(run.stdout.split())
    assert "Risk (few answers)" in flat
    assert "Goals (few answers)" not in flat
    assert "Few answers: fewer than 3 answered questions in the area." in flat
    assert "Toward the leader pole: Goals" in flat
    assert "Toward the leader pole: Risk" not in flat
    assert "One area to practise next" in flat
    assert "1. Goals" in flat
    document = json.loads(cli("report", "--json").stdout)
    assert [d["few_answers"] for d in document["dimensions"]] == [False, True]


def test_compare_marks_each_change_and_names_moves_only_beyond_noise(tmp_path: Path) -> None:
    first, second = answers(), answers({"goals": 5, "trust": 4})
    take_file(tmp_path, first, "a")
    take_file(tmp_path, second, "b")
    flat = " ".join(cli("compare").stdout.split())
    a, b = scored(first), scored(second)
    goals_a, goals_b = area(a, "goals"), area(b, "goals")
    assert goals_b.score == 100.0
    assert goals_a.score is not None
    change = goals_b.score - goals_a.score
    assert change > limit(goals_a, goals_b)
    assert (
        f"Goals {goals_a.score:.1f} 100.0 ▲ +{change:.1f} "
        f"beyond noise ({limit(goals_a, goals_b):.1f})"
    ) in flat
    culture = area(a, "culture")
    assert culture.score is not None
    assert (
        f"Culture {culture.score:.1f} {culture.score:.1f} = 0.0 "
        f"within noise ({limit(culture, culture):.1f})"
    ) in flat
    assert "The largest moves beyond noise: Goals moved" in flat

    take_file(tmp_path, second, "c")
    same = " ".join(cli("compare").stdout.split())
    assert "No area moved beyond noise" in same
    assert "beyond noise" not in same.replace("No area moved beyond noise", "").replace(
        "Beyond noise:", ""
    )


def test_compare_json_is_leadquiz_compare_1(tmp_path: Path) -> None:
    take_file(tmp_path, answers(), "a")
    take_file(tmp_path, answers({"goals": 5}), "b")
    document = json.loads(cli("compare", "--json").stdout)
    assert document["schema"] == "leadquiz/compare/1"
    assert document["a"]["attempt"] == 1
    assert document["b"] == {
        "attempt": 2,
        "bank": {"id": "core", "version": CORE.version},
        "finished_at": document["b"]["finished_at"],
    }
    goals = next(d for d in document["dimensions"] if d["id"] == "goals")
    goals_a, goals_b = (
        area(scored(answers()), "goals"),
        area(scored(answers({"goals": 5})), "goals"),
    )
    assert goals_a.score is not None
    assert goals == {
        "id": "goals",
        "a": goals_a.score,
        "b": 100.0,
        "change": round(100.0 - goals_a.score, 1),
        "threshold": limit(goals_a, goals_b),
        "beyond_noise": True,
    }
    assert set(document["overall"]) == {"id", "a", "b", "change", "threshold", "beyond_noise"}
    trust = next(d for d in document["dimensions"] if d["id"] == "trust")
    assert trust["beyond_noise"] is False


def test_history_take_and_exports_say_the_verdict(tmp_path: Path) -> None:
    first, second = answers(), answers({"goals": 5, "risk": 5, "trust": 5})
    a, b = scored(first), scored(second)
    assert a.overall_score is not None
    assert b.overall_score is not None
    change = round(b.overall_score - a.overall_score, 1)
    overall_limit = limit(a, b)
    assert change > overall_limit
    verdict = f"+{change:.1f}: beyond noise, threshold {overall_limit:.1f}"
    take_file(tmp_path, first, "a")
    path = tmp_path / "b.json"
    path.write_text(json.dumps({"answers": second}), encoding="utf-8")
    taken = " ".join(cli("take", "--answers", str(path)).stdout.split())
    assert f"Previous attempt 1 ({taken.split('Previous attempt 1 (')[1][:10]}):" in taken
    assert f"now {b.overall_score:.1f} ({verdict})" in taken

    history = " ".join(cli("history").stdout.split())
    assert f"+{change:.1f} beyond noise" in history
    assert f"Trend (core, 2 attempts): {a.overall_score:.1f}" in history
    assert f"({verdict})" in history
    rows = json.loads(cli("history", "--json").stdout)["attempts"]
    assert (rows[0]["change"], rows[0]["threshold"], rows[0]["beyond_noise"]) == (
        change,
        overall_limit,
        True,
    )
    assert rows[1]["beyond_noise"] is None

    markdown = cli("export", "--format", "md").stdout
    assert f"| +{change:.1f} | beyond noise (threshold {overall_limit:.1f}) |" in markdown
    document = json.loads(cli("export", "--format", "json").stdout)
    assert document["schema"] == "leadquiz/result/2"
    assert document["previous"]["beyond_noise"] is True
    table = list(csv.DictReader(io.StringIO(cli("export", "--format", "csv").stdout)))
    goals = next(row for row in table if row["dimension"] == "goals")
    goals_a, goals_b = area(a, "goals"), area(b, "goals")
    assert goals_a.score is not None
    assert (goals["change"], goals["threshold"], goals["verdict"]) == (
        f"{100.0 - goals_a.score:.1f}",
        f"{limit(goals_a, goals_b):.1f}",
        "beyond noise",
    )
    people = next(row for row in table if row["dimension"] == "people")
    assert (people["change"], people["verdict"]) == ("0.0", "within noise")
    every = list(csv.DictReader(io.StringIO(cli("export", "--format", "csv", "--all").stdout)))
    assert [row["verdict"] for row in every if row["dimension"] == "goals"] == [
        "",
        "beyond noise",
    ]


def test_report_json_is_leadquiz_result_2(tmp_path: Path) -> None:
    take_file(tmp_path, answers({"goals": 5}), "a")
    document = json.loads(cli("report", "--json").stdout)
    assert document["schema"] == "leadquiz/result/2"
    assert document["attempt"] == 1
    assert set(document["overall"]) >= {"score", "band", "se", "interval"}
    goals = document["dimensions"][0]
    assert goals["id"] == "goals"
    # Five equal answers at the leader pole: SE 50 × 0.35 / √5 = 7.83; 100 − 12.9 = 87.1.
    assert (goals["answered"], goals["se"], goals["interval"], goals["few_answers"]) == (
        5,
        7.8,
        [87.1, 100.0],
        False,
    )


def _typed(order: Sequence[str], chosen: Mapping[str, AnswerValue | None]) -> str:
    """The lines to type for these answers in this order (``s`` skips)."""
    return "".join(("s" if chosen[q] is None else str(chosen[q])) + "\n" for q in order)


def test_report_why_lists_answers_by_pull_and_names_skips() -> None:
    chosen = answers({"goals": 4})
    goal_questions = [q for q in CORE.questions if q.dimension == "goals"]
    first_likert = next(q for q in goal_questions if q.type == "likert")
    chosen[first_likert.id] = 5 if first_likert.keyed == "leader" else 1  # the strongest pull
    skipped = goal_questions[-1]
    chosen[skipped.id] = None
    typed = _typed(question_order(CORE, 3), chosen)
    cli("take", "--seed", "3", typed=typed, env={"LEADQUIZ_INTERACTIVE": "1"})
    output = cli("report", "--why", "goals").stdout
    flat = " ".join(output.split())
    assert "Goals" in output
    assert "Time horizon" not in output  # one area only
    positions = {q.id: flat.index(" ".join(q.text.split())) for q in goal_questions}
    assert positions[first_likert.id] == min(positions.values())  # the strongest pull first
    assert positions[skipped.id] == max(positions.values())  # the skipped one last
    assert "Skipped: counts toward no score." in flat
    assert "toward the leader pole" in flat

    every = cli("report", "1", "--why").stdout
    assert "Time horizon" in every
    document = json.loads(cli("report", "--why", "goals", "--json").stdout)
    assert [item["id"] for item in document["why"]] == ["goals"]
    pulls = document["why"][0]["answers"]
    assert pulls[-1]["skipped"] is True
    assert pulls[-1]["answer"] == "skipped"
    assert pulls[0]["question"] == first_likert.id
    goals_score = document["dimensions"][0]["score"]
    assert sum(p["pull"] for p in pulls if p["pull"] is not None) == pytest.approx(
        goals_score - 50, abs=0.3
    )


def test_report_why_refuses_an_unknown_area_and_an_area_without_why(tmp_path: Path) -> None:
    take_file(tmp_path, answers(), "a")
    unknown = invoke_clean(["report", "--why", "nosuch"], env=WIDE)
    assert unknown.code == 2
    assert "has no area 'nosuch'" in unknown.stderr
    stray = invoke_clean(["report", "1", "goals"], env=WIDE)
    assert stray.code == 2
    assert "only with --why" in stray.stderr


def test_typed_answers_in_a_hurry_get_the_too_fast_note_and_a_file_never_does(
    tmp_path: Path,
) -> None:
    typed = _typed(question_order(CORE, 7), answers({"goals": 4}))
    run = invoke_clean(
        ["take", "--seed", "7"], stdin=typed, env={**WIDE, "LEADQUIZ_INTERACTIVE": "1"}
    )
    assert run.code == 0, run.output
    assert "You answered many questions in under two seconds each." in " ".join(run.stdout.split())
    notes = json.loads(cli("report", "--json").stdout)["notes"]
    assert "too-fast" in [note["kind"] for note in notes]

    take_file(tmp_path, answers(), "file")
    notes = json.loads(cli("report", "--json").stdout)["notes"]
    assert "too-fast" not in [note["kind"] for note in notes]


def test_attempts_scored_before_get_intervals_when_read(
    tmp_path: Path, leadquiz_home: Path
) -> None:
    take_file(tmp_path, answers(), "a")
    take_file(tmp_path, answers({"goals": 5}), "b")
    # Make both look as scored by version 1: no SE anywhere in the cache.
    with sqlite3.connect(leadquiz_home / DB_NAME) as conn:
        for attempt_id, cached in conn.execute("SELECT id, result_json FROM attempts").fetchall():
            old = json.loads(cached)
            old["overall"] = {"score": old["overall"]["score"], "band": old["overall"]["band"]}
            for dimension in old["dimensions"]:
                for key in ("se", "interval", "few_answers"):
                    del dimension[key]
            old["scoring_version"] = 1
            conn.execute(
                "UPDATE attempts SET result_json = ?, scoring_version = 1 WHERE id = ?",
                (json.dumps(old), attempt_id),
            )
    history = " ".join(cli("history").stdout.split())
    assert "within noise" in history or "beyond noise" in history
    with sqlite3.connect(leadquiz_home / DB_NAME) as conn:
        versions = {row[0] for row in conn.execute("SELECT scoring_version FROM attempts")}
    assert versions == {2}
    assert "beyond noise" in " ".join(cli("compare").stdout.split())
