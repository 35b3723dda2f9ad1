"""The report and exports of a schema-2 bank: each area's own strengths and risks, and the
pointer to ``core`` from a bank that scores only some areas. Through the real CLI."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from cli_runs import Run, invoke_clean
from leadquiz.banks.loader import load_bank, resolve_bank
from leadquiz.models import AnswerValue, Bank
from leadquiz.results import insights
from leadquiz.results.scoring import score
from report_fixtures import build, tiny_answers, tiny_bank

DATA = Path(__file__).parent / "data"
MINI2_PATH = DATA / "mini2.yaml"
MINI2 = load_bank(MINI2_PATH)
WIDE = {"COLUMNS": "100"}

#: goals leans manager (12.5), risk leader (87.5). Risk has two questions: *few answers*,
#: so the precision rule never picks it as a leaning (docs/scoring.md).
ANSWERS: dict[str, AnswerValue] = {
    "goals-kpi": 5,
    "goals-dream": 2,
    "goals-plan": "a",
    "risk-safe": 1,
    "risk-bet": "b",
}
#: The general sentences used when a bank has no strengths and risks of its own.
GENERAL_MANAGER = "brings focus, predictability and reliable delivery"
GENERAL_LEADER_RISK = "one change after another"
GENERAL_MANAGER_RISK = "it can harden into rigidity"


def cli(*args: str) -> Run:
    return invoke_clean(args, env=WIDE)


def flat(text: str) -> str:
    """Text with every run of whitespace made one space (wrapping does not matter)."""
    return " ".join(text.split())


def take(tmp_path: Path, bank: str, answers: dict[str, AnswerValue]) -> Run:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"answers": answers}), encoding="utf-8")
    run = cli("take", "--bank", bank, "--answers", str(path), "--user", "dana")
    assert run.code == 0, run.output
    return run


def dimension(bank: Bank, dimension_id: str) -> tuple[str, str, str, str]:
    found = bank.dimension(dimension_id)
    assert found is not None
    return (
        found.manager_strengths,
        found.manager_risks,
        found.leader_strengths,
        found.leader_risks,
    )


def test_report_says_what_each_area_itself_brings_and_costs(
    tmp_path: Path, leadquiz_home: Path
) -> None:
    take(tmp_path, str(MINI2_PATH), ANSWERS)
    shown = flat(cli("report", "--user", "dana").stdout)
    goals_strengths, goals_risks, _, _ = dimension(MINI2, "goals")
    _, _, risk_strengths, risk_risks = dimension(MINI2, "risk")
    assert re.search(
        rf"Toward the manager pole: Goals 12\.5 ± \d+\.\d, strongly manager "
        rf"Brings {re.escape(goals_strengths)}",
        shown,
    )
    assert f"Watch for {goals_risks}" in shown
    assert "Toward the leader pole" not in shown  # risk has few answers
    assert GENERAL_MANAGER not in shown
    assert GENERAL_LEADER_RISK not in shown
    # Were risk answered enough, its own words would be the leader pole's.
    result = score(MINI2, ANSWERS)
    enough = tuple(dataclasses.replace(d, few_answers=False) for d in result.dimensions)
    _manager, leader = insights.leanings(MINI2, dataclasses.replace(result, dimensions=enough))
    assert leader is not None
    assert (leader.what_it_brings, leader.what_it_risks) == (risk_strengths, risk_risks)


def test_every_export_with_text_uses_the_areas_own_words(
    tmp_path: Path, leadquiz_home: Path
) -> None:
    take(tmp_path, str(MINI2_PATH), ANSWERS)
    goals_strengths, goals_risks, _, _ = dimension(MINI2, "goals")
    _, _, risk_strengths, _ = dimension(MINI2, "risk")
    markdown = cli("export", "--format", "md", "--user", "dana").stdout
    assert f"- Brings: {goals_strengths}\n- Watch for: {goals_risks}\n" in markdown
    assert f"- Brings: {risk_strengths}" not in markdown  # risk has few answers
    assert GENERAL_MANAGER not in markdown
    document = json.loads(cli("export", "--format", "json", "--user", "dana").stdout)
    assert document["leanings"] == [
        {
            "pole": "manager",
            "dimension": "goals",
            "score": 12.5,
            "band": "strongly manager",
            "brings": goals_strengths,
            "watch_for": goals_risks,
        },
    ]


def test_a_bank_without_its_own_texts_falls_back_to_the_general_sentence(
    tmp_path: Path, leadquiz_home: Path
) -> None:
    take(tmp_path, str(DATA / "mini.yaml"), ANSWERS)
    shown = flat(cli("report", "--user", "dana").stdout)
    assert f"Brings Leaning toward “Targets and KPIs” {GENERAL_MANAGER}" in shown
    assert GENERAL_MANAGER_RISK in shown
    markdown = cli("export", "--format", "md", "--user", "dana").stdout
    assert GENERAL_MANAGER in markdown


def test_a_slight_lean_says_so_before_the_areas_own_words() -> None:
    bank = tiny_bank()
    own = dataclasses.replace(
        bank.dimensions[1], leader_strengths="A cause people share.", leader_risks="Fervour."
    )
    bank = dataclasses.replace(bank, dimensions=(bank.dimensions[0], own, *bank.dimensions[2:]))
    data = build(bank, tiny_answers())

    def leader_leaning(motivation: float, band: str) -> insights.Leaning:
        scores = tuple(
            dataclasses.replace(d, score=motivation, band=band)
            if d.id == "motivation"
            else dataclasses.replace(d, score=None, band=None)
            if d.id == "culture"
            else d
            for d in data.result.dimensions
        )
        _manager, leader = insights.leanings(
            bank, dataclasses.replace(data.result, dimensions=scores)
        )
        assert leader is not None
        assert leader.dimension.id == "motivation"
        return leader

    clear = leader_leaning(75.0, "leans leader")
    assert (clear.what_it_brings, clear.what_it_risks) == ("A cause people share.", "Fervour.")
    slight = leader_leaning(55.0, "balanced")
    assert slight.what_it_brings == (
        "You sit close to the middle here, leaning slightly toward “Motivation leader pole”. "
        "A cause people share."
    )
    assert slight.what_it_risks == "Fervour."


# --- a bank that scores only some areas points to core --------------------------------


def core_areas_left_out(bank: Bank) -> list[str]:
    core = resolve_bank("core")
    scored = {d.id for d in bank.dimensions}
    return [d.title for d in core.dimensions if d.id not in scored]


def test_a_bank_scoring_some_areas_shows_only_those_and_points_to_core(
    tmp_path: Path, leadquiz_home: Path
) -> None:
    take(tmp_path, str(MINI2_PATH), ANSWERS)
    report = cli("report", "--user", "dana").stdout
    shown = flat(report)
    left_out = core_areas_left_out(MINI2)
    assert len(left_out) >= 2
    listed = ", ".join(left_out[:-1]) + " and " + left_out[-1]
    assert (
        "This bank scores only the 2 areas above, so its overall score (their mean) is not "
        f"comparable with the full assessment's. {listed} are in the full assessment: "
        "leadquiz take --bank core"
    ) in shown
    # Only its own areas have rows: a left-out area's title appears in the pointer alone.
    for title in left_out:
        assert shown.count(title) == 1, title
    markdown = cli("export", "--format", "md", "--user", "dana").stdout
    assert "are in the full assessment: leadquiz take --bank core" in flat(markdown)
    areas_table = markdown.split("## Your areas", 1)[1].split("\n\n")[1]
    assert len(areas_table.splitlines()) == 2 + 2  # head, rule and the two areas
    document = json.loads(cli("export", "--format", "json", "--user", "dana").stdout)
    core = resolve_bank("core")
    assert document["areas_elsewhere"] == [
        d.id for d in core.dimensions if d.id not in {"goals", "risk"}
    ]


def test_the_bundled_quick_bank_points_to_core_for_the_rest(
    tmp_path: Path, leadquiz_home: Path
) -> None:
    quick = resolve_bank("quick")
    answers = {q.id: 4 if q.type == "likert" else q.options[0].key for q in quick.questions}
    take(tmp_path, "quick", answers)
    shown = flat(cli("report", "--user", "dana").stdout)
    left_out = core_areas_left_out(quick)
    assert left_out
    assert f"This bank scores only the {len(quick.dimensions)} areas above, so its overall" in shown
    assert "not comparable with the full assessment's" in shown
    assert "in the full assessment: leadquiz take --bank core" in shown
    for title in left_out:
        assert title in shown.split("This bank scores only")[1]


@pytest.mark.parametrize("which", ["core", "own-areas"])
def test_no_pointer_for_core_itself_or_a_bank_with_areas_of_its_own(
    which: str, tmp_path: Path, leadquiz_home: Path
) -> None:
    if which == "core":
        core = resolve_bank("core")
        answers = {q.id: 4 if q.type == "likert" else q.options[0].key for q in core.questions}
        take(tmp_path, "core", answers)
    else:
        own = tmp_path / "own.yaml"
        own.write_text(
            MINI2_PATH.read_text(encoding="utf-8")
            .replace("dimension: risk", "dimension: nerve")
            .replace("  - id: risk\n", "  - id: nerve\n"),
            encoding="utf-8",
        )
        take(tmp_path, str(own), ANSWERS)
    shown = flat(cli("report", "--user", "dana").stdout)
    assert "--bank core" not in shown
    assert "This bank scores only" not in shown
    document = json.loads(cli("export", "--format", "json", "--user", "dana").stdout)
    assert document["areas_elsewhere"] == []
