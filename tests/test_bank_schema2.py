"""Schema 2 in the loader: its fields, their checks, and schema-1 files that use them."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadquiz.banks.check_schema2 import MAX_OBSERVER_TEXT, MAX_POLE_TEXT, placeholder_problems
from leadquiz.banks.loader import load_bank, parse_bank
from leadquiz.errors import BankError

DATA = Path(__file__).parent / "data"
MINI = (DATA / "mini.yaml").read_text(encoding="utf-8")
MINI2 = (DATA / "mini2.yaml").read_text(encoding="utf-8")

GOALS_KPI_OBSERVER = '    observer_text: "{name} keeps goals measurable and due this quarter."\n'


def problems_of(text: str) -> list[str]:
    with pytest.raises(BankError) as caught:
        parse_bank(text.encode("utf-8"), "bank.yaml")
    return [str(problem) for problem in caught.value.problems]


def edit2(old: str, new: str) -> str:
    assert old in MINI2, old
    return MINI2.replace(old, new, 1)


def test_schema2_bank_loads_every_field() -> None:
    bank = load_bank(DATA / "mini2.yaml")
    assert bank.schema == 2
    goals, risk = bank.dimensions
    assert goals.manager_strengths == (
        "Dated, measurable targets show early when a month is slipping."
    )
    assert goals.leader_risks.startswith("A dream with no milestones")
    assert goals.item_noise == 0.3
    assert risk.item_noise is None
    assert risk.leader_strengths.startswith("Small bets taken early")
    kpi = bank.question("goals-kpi")
    assert kpi is not None
    assert kpi.observer_text == "{name} keeps goals measurable and due this quarter."
    assert all(q.observer_text for q in bank.questions)


def test_schema1_bank_loads_unchanged_with_no_schema2_fields() -> None:
    bank = load_bank(DATA / "mini.yaml")
    assert bank.schema == 1
    assert all(
        (d.manager_strengths, d.manager_risks, d.leader_strengths, d.leader_risks, d.item_noise)
        == ("", "", "", "", None)
        for d in bank.dimensions
    )
    assert all(q.observer_text == "" for q in bank.questions)


def test_schema2_fields_are_optional() -> None:
    text = "".join(
        line
        for line in MINI2.splitlines(keepends=True)
        if not line.lstrip().startswith(
            (
                "manager_strengths",
                "manager_risks",
                "leader_strengths",
                "leader_risks",
                "item_noise",
                "observer_text",
            )
        )
    )
    bank = parse_bank(text.encode(), "bank.yaml")
    assert bank.schema == 2
    assert bank.dimensions[0].manager_strengths == ""
    assert bank.questions[0].observer_text == ""


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    title: Goals\n",
            "    title: Goals\n    manager_strengths: Clear targets.\n",
            "bank.yaml:13:5: 'manager_strengths' is a schema-2 field; say `schema: 2` "
            "at the top of the bank to use it",
        ),
        (
            "    title: Risk\n",
            "    title: Risk\n    item_noise: 0.3\n",
            "bank.yaml:20:5: 'item_noise' is a schema-2 field; say `schema: 2`",
        ),
        (
            "    keyed: manager\n    source: essay\n",
            "    keyed: manager\n    observer_text: '{name} keeps goals measurable.'\n"
            "    source: essay\n",
            "bank.yaml:30:5: 'observer_text' is a schema-2 field; say `schema: 2`",
        ),
    ],
)
def test_schema1_bank_using_a_schema2_field_is_refused_at_its_line(
    old: str, new: str, expected: str
) -> None:
    assert old in MINI
    found = problems_of(MINI.replace(old, new, 1))
    assert any(line.startswith(expected) for line in found), found


def test_every_schema2_field_in_a_schema1_bank_is_named() -> None:
    found = problems_of(edit2("schema: 2\n", "schema: 1\n"))
    refused = [line for line in found if "is a schema-2 field" in line]
    # 4 texts + item_noise in goals, 4 texts in risk, observer_text on 5 questions.
    assert len(refused) == 14, found
    assert refused == found
    assert refused[0].startswith("bank.yaml:18:5: 'manager_strengths'")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    item_noise: 0.3\n",
            "    item_noise: 0\n",
            "bank.yaml:22:17: dimension 'goals': 'item_noise' must be more than 0 and at "
            "most 1, not 0",
        ),
        ("    item_noise: 0.3\n", "    item_noise: 1.5\n", "at most 1, not 1.5"),
        ("    item_noise: 0.3\n", "    item_noise: -0.2\n", "at most 1, not -0.2"),
        ("    item_noise: 0.3\n", "    item_noise: true\n", "'item_noise' must be a number"),
        ("    item_noise: 0.3\n", '    item_noise: "0.3"\n', "'item_noise' must be a number"),
        ("    item_noise: 0.3\n", "    item_noise: .nan\n", "'item_noise' must be a number"),
        ("    item_noise: 0.3\n", "    item_noise: [0.3]\n", "'item_noise' must be a number"),
        (
            "    manager_risks: Only what",
            "    manager_risks: 12\n    x_risks: Only what",
            "bank.yaml:19:20: dimension 'goals': 'manager_risks' must be text, but '12' reads "
            "as a number; put it in quotes",
        ),
        (
            "    leader_risks: A dream with no milestones leaves people unsure what to do on "
            "Monday.\n",
            '    leader_risks: ""\n',
            "dimension 'goals': 'leader_risks' is empty",
        ),
        (
            "    leader_strengths: A picture",
            "    leader_strengths: [A picture]\n    x: A picture",
            "'leader_strengths' must be text",
        ),
        (
            "    leader_strengths: A picture",
            '    leader_strengths: "A \\e[2J picture"\n    x: A picture',
            "'leader_strengths' contains a control or invisible character: U+001B",
        ),
        (
            "    manager_strengths: Careful",
            '    manager_strengths: "Careful \\u202e"\n    x: Careful',
            "dimension 'risk': 'manager_strengths' contains a control or invisible character: "
            "U+202E",
        ),
        (
            "    manager_strengths: Careful checks",
            f"    manager_strengths: {'word ' * (MAX_POLE_TEXT // 5 + 1)}Careful checks",
            f"'manager_strengths' is {len('word ' * (MAX_POLE_TEXT // 5 + 1)) + 70} characters "
            f"long; at most {MAX_POLE_TEXT} are allowed",
        ),
        (
            GOALS_KPI_OBSERVER,
            f"    observer_text: '{{name}} {'x' * MAX_OBSERVER_TEXT}'\n",
            f"'observer_text' is {MAX_OBSERVER_TEXT + 7} characters long",
        ),
        (
            GOALS_KPI_OBSERVER,
            "    observer_text: 42\n",
            "bank.yaml:38:20: question 'goals-kpi': 'observer_text' must be text",
        ),
        (
            GOALS_KPI_OBSERVER,
            '    observer_text: "{name} keeps \\x07 goals."\n',
            "question 'goals-kpi': 'observer_text' contains a control or invisible character",
        ),
        (
            GOALS_KPI_OBSERVER,
            "    observer_text: She keeps goals measurable.\n",
            "bank.yaml:38:20: question 'goals-kpi': 'observer_text' must name the person "
            "described with {name}",
        ),
        (
            GOALS_KPI_OBSERVER,
            '    observer_text: "{nmae} keeps goals measurable."\n',
            "bank.yaml:38:20: question 'goals-kpi': 'observer_text' has the unknown "
            "placeholder '{nmae}' at character 1; the only placeholder is {name}",
        ),
        (
            GOALS_KPI_OBSERVER,
            '    observer_text: "{name} keeps {goals measurable."\n',
            "'observer_text' has a '{' that is never closed at character 14",
        ),
        (
            GOALS_KPI_OBSERVER,
            '    observer_text: "{name} keeps goals} measurable."\n',
            "'observer_text' has a '}' with no '{' before it at character 19",
        ),
        (
            GOALS_KPI_OBSERVER,
            '    observer_text: "{{name}} keeps goals measurable."\n',
            "'observer_text' has a '{' that is never closed at character 1",
        ),
        (
            GOALS_KPI_OBSERVER,
            '    observer_text: "{Name} keeps goals measurable."\n',
            "unknown placeholder '{Name}'",
        ),
        (
            GOALS_KPI_OBSERVER,
            '    observer_text: "{0} keeps goals measurable."\n',
            "unknown placeholder '{0}'",
        ),
        (
            GOALS_KPI_OBSERVER,
            '    observer_text: "{name!r} keeps goals measurable."\n',
            "unknown placeholder '{name!r}'",
        ),
    ],
)
def test_each_schema2_rule_is_reported_with_its_place(old: str, new: str, expected: str) -> None:
    found = problems_of(edit2(old, new))
    assert any(expected in line for line in found), found
    assert all(line.startswith("bank.yaml:") for line in found)


def test_schema2_problems_are_all_listed_in_line_order() -> None:
    text = edit2("    item_noise: 0.3\n", "    item_noise: 2\n")
    text = text.replace(GOALS_KPI_OBSERVER, '    observer_text: "{who} keeps {goals."\n')
    text = text.replace(
        "    leader_risks: Bets placed without a way back can cost more than the team can carry.",
        "    leader_risks: yes",
    )
    text = text.replace("lean: -0.5}", "lean: 9}")
    found = problems_of(text)
    lines = [int(line.split(":")[1]) for line in found]
    assert lines == sorted(lines)
    assert [line for line in found if "observer_text" in line] == [
        "bank.yaml:38:20: question 'goals-kpi': 'observer_text' has the unknown placeholder "
        "'{who}' at character 1; the only placeholder is {name} and braces are not allowed "
        "otherwise",
        "bank.yaml:38:20: question 'goals-kpi': 'observer_text' has a '{' that is never closed "
        "at character 13",
        "bank.yaml:38:20: question 'goals-kpi': 'observer_text' must name the person described "
        "with {name}",
    ]
    assert any("'item_noise' must be more than 0 and at most 1, not 2" in p for p in found)
    assert any("'leader_risks' must be text, but 'yes' reads as true/false" in p for p in found)
    assert any("not 9" in p for p in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{name} decides.", []),
        ("When {name} decides, {name} explains why.", []),
        ("Nobody.", ["must name the person described with {name}"]),
        ("{name}}", ["has a '}' with no '{' before it at character 7"]),
        (
            "{ name }",
            [
                "has the unknown placeholder '{ name }' at character 1; the only "
                "placeholder is {name} and braces are not allowed otherwise",
                "must name the person described with {name}",
            ],
        ),
        ("{name} {", ["has a '{' that is never closed at character 8"]),
        (
            "{} {name}",
            [
                "has the unknown placeholder '{}' at character 1; the only "
                "placeholder is {name} and braces are not allowed otherwise"
            ],
        ),
    ],
)
def test_placeholder_rule_names_each_position(text: str, expected: list[str]) -> None:
    assert placeholder_problems(text) == expected


def test_braces_stay_allowed_outside_observer_text() -> None:
    bank = parse_bank(
        edit2("    text: I keep goals", "    text: I keep {all} goals").encode(), "bank.yaml"
    )
    question = bank.question("goals-kpi")
    assert question is not None
    assert question.text.startswith("I keep {all} goals")


@pytest.mark.parametrize(
    ("schema", "expected"),
    [("0", "'schema' must be 1, 2 or 3, not 0"), ("'2'", "'schema' must be a number: 1, 2 or 3")],
)
def test_a_schema_that_is_no_version_is_refused(schema: str, expected: str) -> None:
    found = problems_of(edit2("schema: 2\n", f"schema: {schema}\n"))
    assert any(line.startswith(f"bank.yaml:1:9: {expected}") for line in found), found


def test_a_newer_schema_still_needs_a_newer_leadquiz() -> None:
    found = problems_of(edit2("schema: 2\n", "schema: 4\n"))
    assert found == [
        "bank.yaml:1:9: this bank uses schema 4; this leadquiz reads schemas 1, 2 and 3 only, "
        "so the bank needs a newer leadquiz"
    ]
