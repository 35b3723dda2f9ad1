"""Tests for leadquiz.banks.snapshot: a bank survives JSON exactly."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadquiz.banks.snapshot import SNAPSHOT_FORMAT, bank_from_json, bank_to_json
from leadquiz.models import Bank, Dimension, Option, Question, Source


def full_bank() -> Bank:
    """A bank with every field set to something other than its default."""
    return Bank(
        schema=1,
        id="core",
        title="Manager or leader?",
        version="1.0.0",
        description="Where you stand, area by area.\nSecond line: ünïcödé ✓",
        sources=(
            Source(id="drucker", title="An essay", author="P. Drucker", url="https://x.test/a"),
            Source(id="forum", title="A thread"),
        ),
        dimensions=(
            Dimension(
                id="goals",
                title="Goals",
                manager_pole="Targets and KPIs",
                leader_pole="Vision",
                about="One axis.",
                toward_leader=("Write a vision.", "Share it."),
                toward_manager=("Set one KPI.",),
            ),
        ),
        questions=(
            Question(
                id="goals-kpi",
                dimension="goals",
                type="likert",
                text="I keep goals measurable.",
                keyed="manager",
                weight=2,
                source="drucker",
            ),
            Question(
                id="goals-bold",
                dimension="goals",
                type="choice",
                text="A bold idea... You",
                weight=0.5,
                options=(
                    Option(key="a", text="wait", lean=-1),
                    Option(key="b", text="pilot", lean=0.5),
                    Option(key="5", text="numeric key", lean=0.0),
                ),
            ),
        ),
        digest="ab" * 32,
        origin="/home/x/banks/core.yaml",
    )


def test_round_trip_is_exact() -> None:
    bank = full_bank()
    again = bank_from_json(bank_to_json(bank))
    assert again == bank
    # Types survive too: an int weight stays int, a float stays float, tuples stay tuples.
    assert type(again.questions[0].weight) is int
    assert type(again.questions[1].weight) is float
    assert type(again.questions[1].options[0].lean) is int
    assert isinstance(again.dimensions[0].toward_leader, tuple)
    assert again.questions[1].options[2].key == "5"
    assert bank_to_json(again) == bank_to_json(bank)


def test_json_is_compact_and_sorted() -> None:
    text = bank_to_json(full_bank())
    data = json.loads(text)
    assert text == json.dumps(data, sort_keys=True, separators=(",", ":"))
    assert text.isascii()
    assert data["snapshot"] == SNAPSHOT_FORMAT


def _field_names(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


def test_every_model_field_is_written() -> None:
    """Fails when a field is added to the models but not to the snapshot."""
    data = json.loads(bank_to_json(full_bank()))
    assert _field_names(Bank) <= set(data)
    assert _field_names(Source) <= set(data["sources"][0])
    assert _field_names(Dimension) <= set(data["dimensions"][0])
    assert _field_names(Question) <= set(data["questions"][0])
    assert _field_names(Option) <= set(data["questions"][1]["options"][0])


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("not json", "not valid JSON"),
        ("[]", "not a JSON object"),
        ('{"snapshot": 99}', "format 99"),
        ('{"snapshot": 1}', "has no 'schema'"),
    ],
)
def test_bad_snapshots_are_refused(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        bank_from_json(text)


@pytest.mark.parametrize(
    ("path", "value", "problem"),
    [
        (("title",), 5, "'title' is not a string"),
        (("schema",), True, "'schema' is not an integer"),
        (("questions", 0, "type"), "essay", "unknown type"),
        (("questions", 0, "keyed"), "boss", "unknown keyed pole"),
        (("questions", 1, "options", 0, "lean"), "high", "'lean' is not a number"),
        (("dimensions", 0, "toward_leader"), ["ok", 3], "not a list of strings"),
        (("sources",), {}, "'sources' is not a list"),
    ],
)
def test_wrong_types_are_refused(path: tuple[str | int, ...], value: object, problem: str) -> None:
    data = json.loads(bank_to_json(full_bank()))
    node = data
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    with pytest.raises(ValueError, match=problem):
        bank_from_json(json.dumps(data))


# -- property: any bank round-trips ---------------------------------------------

texts = st.text(max_size=20)
numbers = st.one_of(
    st.integers(min_value=-(2**53), max_value=2**53),
    st.floats(allow_nan=False),
)
options = st.builds(Option, key=texts, text=texts, lean=numbers)
questions = st.builds(
    Question,
    id=texts,
    dimension=texts,
    type=st.sampled_from(["likert", "choice"]),
    text=texts,
    keyed=st.sampled_from([None, "manager", "leader"]),
    weight=numbers,
    source=texts,
    options=st.lists(options, max_size=3).map(tuple),
)
dimensions = st.builds(
    Dimension,
    id=texts,
    title=texts,
    manager_pole=texts,
    leader_pole=texts,
    about=texts,
    toward_leader=st.lists(texts, max_size=3).map(tuple),
    toward_manager=st.lists(texts, max_size=3).map(tuple),
)
sources = st.builds(Source, id=texts, title=texts, author=texts, url=texts)
banks = st.builds(
    Bank,
    schema=st.integers(min_value=-(2**63), max_value=2**63),
    id=texts,
    title=texts,
    version=texts,
    description=texts,
    sources=st.lists(sources, max_size=3).map(tuple),
    dimensions=st.lists(dimensions, max_size=3).map(tuple),
    questions=st.lists(questions, max_size=4).map(tuple),
    digest=texts,
    origin=texts,
)


@given(banks)
def test_any_bank_round_trips(bank: Bank) -> None:
    text = bank_to_json(bank)
    assert bank_from_json(text) == bank
    assert bank_to_json(bank_from_json(text)) == text
