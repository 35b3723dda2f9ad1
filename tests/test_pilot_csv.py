"""The pilot CSV reader as a property: whatever a spreadsheet writes, the same answers come back."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadquiz.models import AnswerValue, Bank
from leadquiz.pilotdata import PilotDataError
from leadquiz.pilotdata.csvfile import parse_csv
from pilot_fixtures import write_bank


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Bank:
    return write_bank(tmp_path_factory.mktemp("bank") / "b.yaml", {"goals": 3, "risk": 3})


def _answers(bank: Bank) -> st.SearchStrategy[dict[str, AnswerValue | None]]:
    values: dict[str, st.SearchStrategy[AnswerValue | None]] = {}
    for question in bank.questions:
        valid: list[AnswerValue] = (
            [1, 2, 3, 4, 5] if question.type == "likert" else [o.key for o in question.options]
        )
        values[question.id] = st.one_of(st.none(), st.sampled_from(valid))
    return st.fixed_dictionaries(values)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_what_a_spreadsheet_writes_reads_back(bank: Bank, data: st.DataObject) -> None:
    people = data.draw(st.lists(_answers(bank), min_size=1, max_size=12))
    delimiter = data.draw(st.sampled_from([",", ";", "\t"]))
    line_end = data.draw(st.sampled_from(["\n", "\r\n"]))
    bom = data.draw(st.booleans())
    padded = data.draw(st.booleans())  # cells with spaces around, as hand-edited sheets have
    ids = [q.id for q in bank.questions]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=line_end)
    writer.writerow(["person", *ids])
    for number, answers in enumerate(people):
        cells = ["" if answers[i] is None else str(answers[i]) for i in ids]
        writer.writerow([f"p{number}", *((f" {c} " if padded and c else c) for c in cells)])
    raw = ("\ufeff" if bom else "") + out.getvalue()
    read = parse_csv(raw.encode(), "sheet.csv", bank)
    assert [r.person for r in read] == [f"p{n}" for n in range(len(people))]
    assert [dict(r.answers) for r in read] == [
        {k: v for k, v in answers.items() if v is not None} for answers in people
    ]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet="0123456789abcz -.+", min_size=1, max_size=4))
def test_a_cell_is_an_answer_or_refused_with_its_line(bank: Bank, text: str) -> None:
    cell = text.strip()
    try:
        read = parse_csv(f"goals-1,goals-2\n4,{text}\n".encode(), "s.csv", bank)
    except PilotDataError as error:
        assert cell not in {"1", "2", "3", "4", "5"}
        assert str(error.problems[0]).startswith("s.csv:2:3: the answer to 'goals-2'")
        return
    assert read[0].answers.get("goals-2") == (int(cell) if cell else None)
