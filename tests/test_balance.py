"""Both poles shown: each area's manager and leader strength, and which kind of balance a
report is ("much of both" or "little of either"), from the answers to the report's words."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from cli_runs import Run, invoke_clean
from leadquiz.models import DimensionScore, Result
from leadquiz.results.balance import balance_kind, balance_sentence, strength_text

#: Two areas, each with two statements keyed to each pole and one scenario.
BANK = """\
schema: 1
id: poles
title: Both poles
version: "1.0.0"
description: Two areas for the strengths tests.
dimensions:
  - id: goals
    title: Goals
    manager_pole: Targets
    leader_pole: Vision
  - id: risk
    title: Risk
    manager_pole: Remove risk
    leader_pole: Take risks
questions:
  - {id: gm1, dimension: goals, type: likert, keyed: manager, weight: 2, text: I set targets.}
  - {id: gm2, dimension: goals, type: likert, keyed: manager, text: I track KPIs.}
  - {id: gl1, dimension: goals, type: likert, keyed: leader, weight: 2, text: I talk of a vision.}
  - {id: gl2, dimension: goals, type: likert, keyed: leader, text: I set a bold goal.}
  - id: gc
    dimension: goals
    type: choice
    text: Planning starts. You...
    options:
      - {key: a, text: set targets, lean: -1}
      - {key: b, text: mix both, lean: 0}
      - {key: c, text: lean to a picture of the future, lean: 0.5}
  - {id: rm1, dimension: risk, type: likert, keyed: manager, text: I remove risks.}
  - {id: rm2, dimension: risk, type: likert, keyed: manager, text: I plan for what fails.}
  - {id: rl1, dimension: risk, type: likert, keyed: leader, text: I try new things.}
  - {id: rl2, dimension: risk, type: likert, keyed: leader, text: I learn from failing.}
  - id: rc
    dimension: risk
    type: choice
    text: A bold idea. You...
    options:
      - {key: a, text: wait, lean: -1}
      - {key: b, text: pilot it, lean: 0}
      - {key: c, text: go, lean: 1}
"""
LIKERT = ("gm1", "gm2", "gl1", "gl2", "rm1", "rm2", "rl1", "rl2")


def ok(*args: str, columns: int = 80) -> Run:
    run = invoke_clean(args, env={"COLUMNS": str(columns)})
    assert run.code == 0, run.output
    return run


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    path = tmp_path / "poles.yaml"
    path.write_text(BANK, encoding="utf-8")
    return path


def take(tmp_path: Path, bank: Path, answers: dict[str, int | str]) -> dict[str, Any]:
    path = tmp_path / f"answers-{len(list(tmp_path.glob('answers-*')))}.json"
    path.write_text(json.dumps({"answers": answers}), encoding="utf-8")
    document: dict[str, Any] = json.loads(
        ok("take", "--bank", str(bank), "--answers", str(path), "--json").stdout
    )
    return document


def area(document: dict[str, Any], area_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(d for d in document["dimensions"] if d["id"] == area_id)
    return found


def under_line(report: str, title: str) -> str:
    """The line under an area's bar in the 80-column report (its two strengths)."""
    lines = report.splitlines()
    # The area's title stands alone on its line (the table), or begins it (the blocks).
    start = next(
        i for i, line in enumerate(lines) if line.strip() == title or line.startswith(title + "  ")
    )
    return next(line for line in lines[start + 1 : start + 4] if "strength" in line)


# --- the strengths, by hand -------------------------------------------------------


def test_strengths_per_pole_follow_from_the_answers_by_hand(tmp_path: Path, bank: Path) -> None:
    answers: dict[str, int | str] = {"gm1": 4, "gm2": 2, "gl1": 4, "gl2": 3, "gc": "c"}
    answers |= {"rm1": 1, "rm2": 2, "rl1": 2, "rl2": 1, "rc": "a"}
    document = take(tmp_path, bank, answers)
    goals, risk = area(document, "goals"), area(document, "risk")
    # Goals, manager: gm1 agreed (4) → 75 at weight 2, gm2 (2) → 25, the scenario's option
    # leans +0.5, so 0 toward the manager pole: (2×75 + 25 + 0) / 4 = 43.75 → 43.8.
    # Leader: gl1 (4) → 75 at weight 2, gl2 (3) → 50, the scenario 0.5 × 100 = 50:
    # (2×75 + 50 + 50) / 4 = 62.5.
    assert (goals["manager_strength"], goals["leader_strength"]) == (43.8, 62.5)
    # Its spectrum: (2×(−0.5) + 0.5 + 2×0.5 + 0 + 0.5) / 7 = 1/7 → 57.1, balanced.
    assert (goals["score"], goals["band"]) == (57.1, "balanced")
    # Risk, manager: rm1 (1) → 0, rm2 (2) → 25, the scenario leans −1 → 100: 125 / 3 → 41.7.
    # Leader: rl1 (2) → 25, rl2 (1) → 0, the scenario 0: 25 / 3 → 8.3.
    assert (risk["manager_strength"], risk["leader_strength"]) == (41.7, 8.3)
    # Its spectrum: (1 + 0.5 − 0.5 − 1 − 1) / 5 = −0.2 → 40.0, balanced (the lower edge).
    assert (risk["score"], risk["band"]) == (40.0, "balanced")
    report = ok("report").stdout
    # Shown as whole numbers, half up, under each end of the area's line.
    assert re.search(r"\b44 +strength +63\b", under_line(report, "Goals"))
    assert re.search(r"\b42 +strength +8\b", under_line(report, "Risk"))
    # Both balanced, neither much of both nor little of either.
    assert "yours is some of each in each of your 2 balanced areas (in between: " in flat(report)


# --- the two balances read differently ----------------------------------------------


def test_much_of_both_and_little_of_either_read_differently(tmp_path: Path, bank: Path) -> None:
    both = take(tmp_path, bank, {**dict.fromkeys(LIKERT, 5), "gc": "b", "rc": "b"})
    neither = take(tmp_path, bank, {**dict.fromkeys(LIKERT, 1), "gc": "b", "rc": "b"})
    # The same scores: 50 in each area, and overall.
    assert [d["score"] for d in both["dimensions"]] == [50.0, 50.0]
    assert [d["score"] for d in neither["dimensions"]] == [50.0, 50.0]
    assert both["overall"]["score"] == neither["overall"]["score"] == 50.0
    reports = {
        "both": ok("report", str(both["attempt"])).stdout,
        "neither": ok("report", str(neither["attempt"])).stdout,
    }
    # Goals, with gm1 and gl1 at weight 2: (2×100 + 100 + 0) / 4 = 75 on each pole;
    # answered 1 everywhere, 0 on both.
    assert re.search(r"\b75 +strength +75\b", under_line(reports["both"], "Goals"))
    assert re.search(r"\b0 +strength +0\b", under_line(reports["neither"], "Goals"))
    assert (
        "Balanced can mean much of both or little of either: yours is much of both in each of "
        "your 2 balanced areas (you claimed the statements of both poles)."
    ) in flat(reports["both"])
    assert (
        "Balanced can mean much of both or little of either: yours is little of either in "
        "each of your 2 balanced areas (you claimed the statements of neither pole)."
    ) in flat(reports["neither"])
    for report in reports.values():
        assert max(len(line) for line in report.splitlines()) <= 80
    # The markdown export carries the same column and sentence.
    for attempt, kind, cells in ((both, "much of both", "75 / 75"), (neither, "little", "0 / 0")):
        text = ok("export", str(attempt["attempt"])).stdout
        tokens = MarkdownIt("commonmark").enable("table").parse(text)
        inline = [t.content for t in tokens if t.type == "inline"]
        head = inline.index("Strength (manager / leader)")
        assert inline[head + 1 : head + 2] == ["Goals"]
        goals_row = inline[head + 1 : head + 9]
        assert goals_row[-1] == cells
        assert f"yours is {kind}" in text


@pytest.mark.parametrize("columns", [40, 60, 80, 100, 120, 160])
def test_strengths_are_shown_at_every_width_without_a_cut(
    tmp_path: Path, bank: Path, columns: int
) -> None:
    take(tmp_path, bank, {**dict.fromkeys(LIKERT, 5), "gc": "b", "rc": "b"})
    report = ok("report", columns=columns).stdout
    assert max(len(line) for line in report.splitlines()) <= columns
    text = flat(report)
    if columns >= 120:
        assert "75 / 75" in text  # the wide table's strength column
    elif columns >= 80:
        assert re.search(r"\b75 +strength +75\b", report)
    elif columns >= 60:
        assert re.search(r"\b75 +75\b", report)  # a shorter line: the numbers alone
    else:
        assert "strength: manager 75, leader 75" in text
    assert "much of both in each of your 2 balanced areas" in text


# --- the words --------------------------------------------------------------------


def scored(
    title: str,
    score: float,
    manager: float | None,
    leader: float | None,
    answered: int = 4,
) -> DimensionScore:
    band = "balanced" if 40 <= score < 60 else "leans leader"
    return DimensionScore(
        id=title.lower(),
        title=title,
        score=score,
        band=band,
        answered=answered,
        total=4,
        manager_strength=manager,
        leader_strength=leader,
        few_answers=answered < 3,
    )


def result_of(*areas: DimensionScore) -> Result:
    return Result(50.0, "balanced", tuple(areas), 12, 0, 12)


@pytest.mark.parametrize(
    ("manager", "leader", "kind"),
    [
        (60.0, 60.0, "much of both"),
        (100.0, 75.0, "much of both"),
        (59.9, 90.0, "some of each"),
        (40.0, 39.9, "some of each"),
        (39.9, 39.9, "little of either"),
        (0.0, 12.5, "little of either"),
    ],
)
def test_the_kind_of_balance_at_its_edges(manager: float, leader: float, kind: str) -> None:
    assert balance_kind(scored("Goals", 50.0, manager, leader)) == kind


def test_only_balanced_areas_with_enough_answers_and_both_strengths_have_a_kind() -> None:
    assert balance_kind(scored("Goals", 65.0, 90.0, 90.0)) is None  # leans leader
    assert balance_kind(scored("Goals", 50.0, 90.0, 90.0, answered=2)) is None  # few answers
    assert balance_kind(scored("Goals", 50.0, None, 90.0)) is None
    assert balance_sentence(result_of(scored("Goals", 65.0, 90.0, 90.0))) is None


def test_the_sentence_names_each_kind_with_what_it_means() -> None:
    sentence = balance_sentence(
        result_of(
            scored("Goals", 50.0, 80.0, 80.0),
            scored("Risk", 45.0, 20.0, 10.0),
            scored("Change", 55.0, 70.0, 70.0),
            scored("Trust", 52.0, 50.0, 45.0),
        )
    )
    assert sentence == (
        "Balanced can mean much of both or little of either: yours is much of both in Goals "
        "and Change (you claimed the statements of both poles), little of either in Risk "
        "(you claimed the statements of neither pole), and some of each in Trust (in "
        "between: see the two strengths of each)."
    )
    one = balance_sentence(result_of(scored("Goals", 50.0, 10.0, 10.0)))
    assert one == (
        "Balanced can mean much of both or little of either: yours is little of either in "
        "Goals (you claimed the statements of neither pole)."
    )


@pytest.mark.parametrize(
    ("value", "shown"), [(62.5, "63"), (63.5, "64"), (8.3, "8"), (0.0, "0"), (None, "—")]
)
def test_strengths_show_as_whole_numbers_half_up(value: float | None, shown: str) -> None:
    assert strength_text(value) == shown


def test_all_balanced_areas_are_counted_only_when_every_one_has_a_kind() -> None:
    every = result_of(scored("Goals", 50.0, 80.0, 80.0), scored("Risk", 45.0, 70.0, 90.0))
    assert "much of both in each of your 2 balanced areas" in str(balance_sentence(every))
    # A third balanced area with few answers has no kind: the two are named, not "each".
    some = result_of(
        scored("Goals", 50.0, 80.0, 80.0),
        scored("Risk", 45.0, 70.0, 90.0),
        scored("Change", 50.0, 10.0, 10.0, answered=2),
    )
    assert "much of both in Risk and Goals (" in str(balance_sentence(some))  # by score
