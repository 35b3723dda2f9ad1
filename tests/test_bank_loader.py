"""The bank loader: every rule of schema 1, hostile files, and a property test."""

from __future__ import annotations

import textwrap
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadquiz.banks import yamlstrict
from leadquiz.banks.loader import MAX_BANK_BYTES, load_bank, parse_bank
from leadquiz.errors import BankError
from leadquiz.text import forbidden_characters

DATA = Path(__file__).parent / "data"
MINI = (DATA / "mini.yaml").read_text(encoding="utf-8")
#: The same small bank in schema 2, with every schema-2 field filled in.
MINI2 = (DATA / "mini2.yaml").read_text(encoding="utf-8")


def problems_of(text: str | bytes) -> list[str]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(BankError) as caught:
        parse_bank(data, "bank.yaml")
    return [str(problem) for problem in caught.value.problems]


def edit(old: str, new: str) -> str:
    assert old in MINI, old
    return MINI.replace(old, new, 1)


def test_mini_bank_loads_into_the_model() -> None:
    bank = load_bank(DATA / "mini.yaml")
    assert bank.id == "mini"
    assert bank.version == "0.1.0"
    assert [d.id for d in bank.dimensions] == ["goals", "risk"]
    dream = bank.question("goals-dream")
    assert dream is not None
    assert dream.keyed == "leader"
    assert dream.weight == 2.0
    plan = bank.question("goals-plan")
    assert plan is not None
    assert [(o.key, o.lean) for o in plan.options] == [("a", -1.0), ("b", 0.0), ("c", 1.0)]
    assert bank.source("essay") is not None
    assert len(bank.digest) == 64


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "title: A small test bank\n",
            "title: A small test bank\ncolour: red\n",
            "bank.yaml:4:1: the bank has an unknown key 'colour'",
        ),
        ("title: A small test bank\n", "", "the bank is missing the key 'title'"),
        (
            "  - id: risk-safe\n",
            "  - id: goals-kpi\n",
            "the question id 'goals-kpi' is used twice (first on line 25)",
        ),
        ("  - id: risk\n", "  - id: goals\n", "the dimension id 'goals' is used twice"),
        (
            "    dimension: risk\n    type: likert\n",
            "    dimension: money\n    type: likert\n",
            "question 'risk-safe' names an unknown dimension 'money'",
        ),
        ("    source: essay\n", "    source: book\n", "names an unknown source 'book'"),
        (
            "lean: -0.5}",
            "lean: -1.5}",
            "'lean' must be between -1 (manager) and 1 (leader), not -1.5",
        ),
        (
            "      - {key: b, text: run a small pilot, lean: 0.5}\n",
            "",
            "question 'risk-bet' is a choice question and needs at least 2 options",
        ),
        (
            "{key: b, text: mix both",
            "{key: a, text: mix both",
            "question 'goals-plan': the option key 'a' is used twice",
        ),
        ("    weight: 2\n", "    weight: 0\n", "'weight' must be more than 0, not 0"),
        ("    weight: 2\n", "    weight: -1\n", "'weight' must be more than 0, not -1"),
        ("schema: 1\n", "schema: 4\n", "the bank needs a newer leadquiz"),
        ('version: "0.1.0"', "version: 1.10", "'1.10' reads as a number; put it in quotes"),
        (
            "    keyed: manager\n    source: essay\n",
            "    source: essay\n",
            "question 'goals-kpi' is likert, so 'keyed' must be 'manager' or 'leader'",
        ),
        (
            "    type: choice\n    text: Planning",
            "    type: choice\n    keyed: leader\n    text: Planning",
            "takes no 'keyed'",
        ),
        (
            "    type: choice\n    text: Planning",
            "    type: poll\n    text: Planning",
            "'type' must be 'likert' or 'choice', not 'poll'",
        ),
        ("{key: c,", "{key: q,", "option key 'q' is kept for the quiz's own commands"),
        ("id: mini", "id: Mini Bank", "must be a lowercase slug"),
    ],
)
def test_each_rule_is_reported_with_its_place(old: str, new: str, expected: str) -> None:
    found = problems_of(edit(old, new))
    assert any(expected in line for line in found), found
    assert all(line.startswith("bank.yaml:") for line in found)


def test_dimension_without_question_is_reported_at_the_dimension() -> None:
    text = edit(
        "    dimension: risk\n    type: choice\n", "    dimension: goals\n    type: choice\n"
    )
    text = text.replace(
        "    dimension: risk\n    type: likert\n", "    dimension: goals\n    type: likert\n"
    )
    assert "bank.yaml:18:5: dimension 'risk' has no question" in problems_of(text)


def test_every_problem_is_listed_not_only_the_first() -> None:
    text = edit("title: A small test bank\n", "colour: red\n")
    text = text.replace("lean: -0.5}", "lean: 9}").replace("    weight: 2\n", "    weight: 0\n")
    found = problems_of(text)
    assert len(found) >= 4
    assert [line.split(":")[1] for line in found] == sorted(
        (line.split(":")[1] for line in found), key=int
    )


def test_duplicate_mapping_key_is_refused_not_overwritten() -> None:
    found = problems_of(edit("    keyed: leader\n", "    keyed: leader\n    keyed: manager\n"))
    assert any("the key 'keyed' is given twice (first on line 35)" in line for line in found)


def test_a_key_given_twice_does_not_hide_the_other_problems() -> None:
    text = edit("    keyed: leader\n", "    keyed: leader\n    keyed: manager\n")
    text = text.replace("lean: -0.5}", "lean: 9}")
    found = problems_of(text)
    assert any("the key 'keyed' is given twice" in line for line in found), found
    assert any("and 1 (leader), not 9" in line for line in found), found
    assert [int(line.split(":")[1]) for line in found] == sorted(
        int(line.split(":")[1]) for line in found
    )
    # The first value is the one checked: 'leader' is valid, so no problem names 'keyed' else.
    assert sum("keyed" in line for line in found) == 1


def test_reading_that_stops_reports_only_what_it_found() -> None:
    # After an alias the rest of the file is not read, so nothing is said about it.
    found = problems_of(edit("title: A small test bank\n", "title: &t A small test bank\n"))
    assert len(found) == 1
    assert "anchors" in found[0]


def test_merge_keys_aliases_and_anchors_are_refused() -> None:
    assert any("merge keys" in p for p in problems_of("schema: 1\n<<: {id: x}\n"))
    assert any("anchors" in p for p in problems_of("schema: 1\nid: &a x\ntitle: *a\n"))


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['true']",
        "!!python/name:os.system",
        "!!binary aGk=",
        "!custom x",
    ],
)
def test_tags_that_build_objects_are_refused(tag: str) -> None:
    found = problems_of(f"schema: 1\nid: {tag}\n")
    assert any("YAML tags" in line and line.startswith("bank.yaml:2:5:") for line in found), found


def test_not_utf8_is_reported_with_its_line() -> None:
    found = problems_of(MINI.encode("utf-8").replace(b"A small", b"A sm\xe9ll"))
    assert found == ["bank.yaml:3:12: the file is not UTF-8 text; save it as UTF-8"]


@pytest.mark.parametrize("text", ["- a\n- b\n", "just words\n", "42\n"])
def test_top_level_must_be_a_mapping(text: str) -> None:
    assert "a bank must be a mapping" in problems_of(text)[0]


def test_empty_file_and_bad_syntax_are_reported() -> None:
    assert "the file is empty" in problems_of("")[0]
    assert problems_of("schema: 1\nid: [unclosed\n")[0].startswith("bank.yaml:3:1: not valid YAML")


def test_two_documents_are_refused() -> None:
    assert "one YAML document" in problems_of(MINI + "---\nschema: 1\n")[0]


def test_billion_laughs_is_refused_fast_with_bounded_memory() -> None:
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        prev = chr(ord("a") + n - 1)
        name = chr(ord("a") + n)
        levels.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    bomb = "\n".join(levels) + "\n"
    tracemalloc.start()
    started = time.perf_counter()
    found = problems_of(bomb)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "anchors" in found[0]
    assert elapsed < 1.0
    assert peak < 20 * 1024 * 1024


def test_deep_nesting_is_refused_without_recursion_error() -> None:
    found = problems_of("x: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nested more than" in found[0]


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# filler\n" * (MAX_BANK_BYTES // 9 + 10))
    with pytest.raises(BankError) as caught:
        load_bank(big)
    assert "larger than 2 MiB" in str(caught.value.problems[0])


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(BankError, match="no such file"):
        load_bank(tmp_path / "nope.yaml")
    with pytest.raises(BankError, match="directory"):
        load_bank(tmp_path)


@pytest.mark.parametrize(
    "escape",
    ["\\e[2J", "\\x1b]0;pwned\\x07", "\\u202e", "\\x07", "\\x1b]52;c;aGk=\\x07", "\\x9b31m"],
)
def test_control_and_bidi_characters_are_refused(escape: str) -> None:
    found = problems_of(edit("title: A small test bank", f'title: "A bank{escape}"'))
    assert any("control or invisible character" in line for line in found), found
    assert all("\x1b" not in line and "\u202e" not in line for line in found)


def test_markup_is_kept_literally() -> None:
    text = edit("title: A small test bank", 'title: "[bold red]Loud[/] :smile: [link=http://x]y"')
    bank = parse_bank(text.encode(), "bank.yaml")
    assert bank.title == "[bold red]Loud[/] :smile: [link=http://x]y"


def test_multiline_text_is_folded_in_single_line_fields() -> None:
    text = edit(
        "    text: I keep goals measurable and due this quarter.\n",
        "    text: >\n      I keep goals measurable\n      and due this quarter.\n",
    )
    question = parse_bank(text.encode(), "bank.yaml").question("goals-kpi")
    assert question is not None
    assert question.text == "I keep goals measurable and due this quarter."


def test_yaml_guesses_are_not_accepted_as_text() -> None:
    found = problems_of(edit("    title: Risk\n", "    title: yes\n"))
    assert any("'yes' reads as true/false" in line for line in found)
    found = problems_of(edit("    title: Risk\n", "    title: 2024-01-01\n"))
    assert any("reads as a date" in line for line in found)


# -- property-based: the loader either returns a bank or raises BankError ------------

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20)
)
_trees = st.recursive(
    _scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
_bank_keys = st.sampled_from(
    [
        "schema",
        "id",
        "title",
        "version",
        "dimensions",
        "questions",
        "sources",
        "options",
        "lean",
        "manager_strengths",
        "item_noise",
        "observer_text",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_any_bytes_give_a_bank_or_a_bank_error(data: bytes) -> None:
    try:
        parse_bank(data, "fuzz.yaml")
    except BankError as error:
        assert error.problems


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_bank_keys, _trees, max_size=8))
def test_any_yaml_structure_gives_a_bank_or_a_bank_error(tree: dict[str, object]) -> None:
    try:
        text = yaml.safe_dump(tree, allow_unicode=True)
    except yaml.YAMLError:
        return
    try:
        parse_bank(text.encode("utf-8"), "fuzz.yaml")
    except BankError as error:
        assert error.problems


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_mutated_valid_bank_gives_a_bank_or_a_bank_error(data: st.DataObject) -> None:
    lines = data.draw(st.sampled_from([MINI, MINI2])).splitlines(keepends=True)
    index = data.draw(st.integers(0, len(lines) - 1))
    replacement = data.draw(st.text(max_size=30))
    mutated = "".join([*lines[:index], replacement, *lines[index + 1 :]])
    try:
        bank = parse_bank(mutated.encode("utf-8", "surrogatepass"), "fuzz.yaml")
    except BankError as error:
        assert error.problems
    else:
        assert bank.questions


#: The schema-2 lines of mini2.yaml, and values that a hurried edit might leave there.
_SCHEMA2_LINES = [
    index
    for index, line in enumerate(MINI2.splitlines(keepends=True))
    if line.lstrip().startswith(
        ("manager_", "leader_strengths", "leader_risks", "item_noise", "observer_text", "schema")
    )
]
_SCHEMA2_VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["{name}", "{", "}", "{nmae}", "{{name}}", "0", "1", "-1", ".nan", "1e400", "true", "~"]
    ),
    st.floats(allow_nan=True).map(repr),
    st.integers().map(str),
)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_mutated_schema2_fields_give_a_bank_or_a_bank_error(data: st.DataObject) -> None:
    lines = MINI2.splitlines(keepends=True)
    for index in data.draw(st.lists(st.sampled_from(_SCHEMA2_LINES), min_size=1, max_size=4)):
        key = lines[index].split(":", 1)[0]
        value = data.draw(_SCHEMA2_VALUES)
        quoted = data.draw(st.booleans())
        lines[index] = f"{key}: {value!r}\n" if quoted else f"{key}: {value}\n"
    mutated = "".join(lines)
    try:
        bank = parse_bank(mutated.encode("utf-8", "surrogatepass"), "fuzz.yaml")
    except BankError as error:
        assert error.problems
        # A message never carries a raw control character back to the terminal.
        assert not any(
            forbidden_characters(str(problem), allow_newline=True) for problem in error.problems
        )
    else:
        assert bank.schema in (1, 2)
        for dimension in bank.dimensions:
            assert dimension.item_noise is None or 0 < dimension.item_noise <= 1
        for question in bank.questions:
            assert not question.observer_text or "{name}" in question.observer_text


def test_example_in_the_guide_is_valid() -> None:
    guide = (Path(__file__).parents[1] / "docs" / "bank-format.md").read_text(encoding="utf-8")
    example = guide.split("```yaml\n", 1)[1].split("```", 1)[0]
    bank = parse_bank(textwrap.dedent(example).encode(), "guide-example.yaml")
    assert bank.questions
    # The guide's example shows schema 2 whole: every field of it appears.
    assert bank.schema == 2
    assert all(q.observer_text for q in bank.questions)
    assert all(d.manager_strengths and d.leader_risks for d in bank.dimensions)
    assert any(d.item_noise is not None for d in bank.dimensions)
    # The refusal the guide quotes is the checker's own wording.
    refusal = guide.split("is refused at that field's line:\n\n```\n", 1)[1].split("\n", 1)[0]
    schema1 = textwrap.dedent(example).replace("schema: 2\n", "schema: 1\n")
    with pytest.raises(BankError) as caught:
        parse_bank(schema1.encode(), "my-bank.yaml")
    assert refusal.split(": ", 1)[1] in [p.message for p in caught.value.problems]


@pytest.mark.parametrize(
    "text",
    [
        MINI,
        MINI.replace("    keyed: leader\n", "    keyed: leader\n    keyed: manager\n", 1),
        "schema: 1\nid: &a x\ntitle: *a\n",
        "schema: 1\nid: !!python/name:os.system\n",
        "schema: 1\n<<: {id: x}\n",
        "schema: [1\n",
    ],
)
def test_the_pure_python_parser_is_as_strict_as_libyaml(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def outcome() -> object:
        try:
            return parse_bank(text.encode("utf-8"), "bank.yaml")
        except BankError as error:
            # The wording of a syntax error is the parser's own; where it is, is ours.
            return [str(problem).split(" not valid YAML:")[0] for problem in error.problems]

    with_c = outcome()
    monkeypatch.setattr(yamlstrict, "_Parser", yaml.SafeLoader)
    assert outcome() == with_c
