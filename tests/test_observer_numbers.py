"""What others see, by value: a hand-computed example (docs/observers.md, "The numbers").

The bank ``tests/data/hand.yaml`` has statements only: goals (σ 0.3) and risk
(σ 0.4) with three each, change (σ 0.35, the default) with two. Every figure
below is worked out by hand from the scoring rule and PRODUCT.md's precision
rules, not by the code under test:

- self: goals leans .5 .5 0 → 50 + 50·(1/3) = 66.7, SE 50·0.3·√3/3 = 8.66;
  risk .5 0 0 → 58.3, SE 50·0.4·√3/3 = 11.55; change −1 −1 → 0.0 on two
  answers: *few answers*, SE 50·0.35·√2/2 = 12.37.
- three peers, alike: goals +1 +1 +1 → 100; risk −1 −1 −1 → 0; change 100.
- others' SE = one observer's SE / √3: goals 5.0, risk 6.7, change 7.1.
- gaps: goals 100 − 66.7 = +33.3, beyond noise (1.96·√(8.66² + 5²) = 19.6),
  toward the leader pole the user already leans to: a *blind spot*; risk
  0 − 58.3 = −58.3, beyond (1.96·√(11.55² + 6.67²) = 26.1), toward the manager
  pole the user leans away from: a *hidden strength*; change +100, but the
  user's own score rests on two answers: never a gap beyond noise.
- overall: others (100 + 0 + 100)/3 = 66.7, self (66.7 + 58.3 + 0)/3 = 41.7,
  gap 25.0, beyond (1.96·√(6.34² + 3.66²) = 14.3).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from observer_runs import cli, ok
from round_runs import coach

HAND = Path(__file__).parent / "data" / "hand.yaml"
SELF = {"g1": 4, "g2": 4, "g3": 3, "r1": 4, "r2": 3, "r3": 3, "c1": 1, "c2": 1}
PEER = {"g1": 5, "g2": 5, "g3": 1, "r1": 1, "r2": 5, "r3": 1, "c1": 5, "c2": 5}
#: (area, self score, others score, others SE, gap, beyond noise)
EXPECTED = [
    ("goals", 66.7, 100.0, 5.0, 33.3, True),
    ("risk", 58.3, 0.0, 6.7, -58.3, True),
    ("change", 0.0, 100.0, 7.1, 100.0, False),
]


def _answers(path: Path, values: dict[str, int]) -> Path:
    path.write_text(
        "answers:\n" + "".join(f"  {k}: {v}\n" for k, v in values.items()), encoding="utf-8"
    )
    return path


def _identified(tmp: Path) -> None:
    folder = tmp / "forms"
    ok("invite", "--bank", str(HAND), "--count", "3", "-o", str(folder))
    for form in sorted(folder.glob("leadquiz-form-*[0-9a-f].yaml")):
        answers = _answers(form.with_suffix(".answers"), PEER)
        ok("observe", str(form), "--answers", str(answers), "--relationship", "peer")
    ok("import", *map(str, sorted(folder.glob("*.response.yaml"))))


def _anonymous(tmp: Path) -> None:
    folder = tmp / "round"
    env = coach(tmp)
    run = cli("invite", "--for", "tester", "--collector", "Kim", "--bank", str(HAND),
              "--count", "3", "-o", str(folder), env=env)  # fmt: skip
    assert run.code == 0, run.output
    for form in sorted(folder.glob("leadquiz-form-*[0-9a-f].yaml")):
        answers = _answers(form.with_suffix(".answers"), PEER)
        ok("observe", str(form), "--answers", str(answers), "--relationship", "PEER")
    made = sorted(folder.glob("*.response.yaml"))
    run = cli("collect", *map(str, made), "--bank", str(HAND), "-o", str(tmp / "s.json"), env=env)
    assert run.code == 0, run.output
    ok("import", str(tmp / "s.json"))


@pytest.mark.parametrize("round_kind", [_identified, _anonymous], ids=["identified", "anonymous"])
def test_the_hand_computed_example(tmp_path: Path, round_kind: object) -> None:
    ok("take", "--bank", str(HAND), "--answers", str(_answers(tmp_path / "self.yaml", SELF)))
    assert callable(round_kind)
    round_kind(tmp_path)
    document = json.loads(ok("report", "--json").stdout)
    own = {d["id"]: d for d in document["dimensions"]}
    others = {d["id"]: d for d in document["others"]["dimensions"]}
    for area, mine, theirs, se, gap, beyond in EXPECTED:
        assert own[area]["score"] == mine
        assert (others[area]["score"], others[area]["se"]) == (theirs, se), area
        assert (others[area]["gap"], others[area]["beyond_noise"]) == (gap, beyond), area
        assert others[area]["answered"] == 3
    assert document["others"]["overall"] == {"score": 66.7, "gap": 25.0, "beyond_noise": True}
    report = " ".join(ok("report", env={"COLUMNS": "100"}).stdout.split())
    assert "Blind spot: Goals" in report
    assert "Hidden strength: Risk" in report
    assert "Blind spot: Risk" not in report
    assert "Hidden strength: Goals" not in report
    assert (
        "Change"
        not in report[report.index("Blind spots and hidden strengths") :].split(
            "The questions draw on"
        )[0]
    )
