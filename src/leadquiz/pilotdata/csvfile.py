"""The one reader of a pilot CSV: a header row of question ids, then one row per person.

An optional ``person`` column names each row (it matches a retest to its first
sitting and is never shown). A cell is an answer as in an answers file (1–5 for
a statement, an option key for a scenario); an empty cell is not answered.
Spreadsheets write a UTF-8 byte-order mark, ``;`` or a tab as the delimiter in
many locales, and CRLF line ends: each is read as it comes.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from leadquiz.errors import Problem
from leadquiz.pilotdata import PilotDataError
from leadquiz.results.pilot import Respondent
from leadquiz.text import forbidden_characters, quoted

if TYPE_CHECKING:
    import _csv

    from leadquiz.models import AnswerValue, Bank, Question

#: The optional column that names each row (any case).
PERSON_COLUMN = "person"
#: The delimiters a spreadsheet may use.
DELIMITERS = ",;\t"
#: At most this many problems are listed for one file.
MAX_PROBLEMS = 20


def _dialect(text: str) -> str:
    """The delimiter of ``text``, guessed from its first lines."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        header = text.splitlines()[0] if text else ""
        counts = {d: header.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _column(raw_line: str, delimiter: str, index: int) -> int:
    """The 1-based character column where field ``index`` starts (1 if quoting hides it)."""
    if '"' in raw_line:
        return 1
    return sum(len(part) + 1 for part in raw_line.split(delimiter)[:index]) + 1


class _Located:
    """Problems of one file, capped, each at a line and column."""

    def __init__(self, origin: str, lines: list[str], delimiter: str) -> None:
        self.origin, self.lines, self.delimiter = origin, lines, delimiter
        self.problems: list[Problem] = []

    def add(self, line: int, index: int, message: str) -> None:
        raw = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        self.problems.append(
            Problem(self.origin, line, _column(raw, self.delimiter, index), message)
        )

    def raise_any(self) -> None:
        if not self.problems:
            return
        shown = self.problems[:MAX_PROBLEMS]
        if len(self.problems) > MAX_PROBLEMS:
            more = len(self.problems) - MAX_PROBLEMS
            shown.append(Problem(self.origin, 0, 0, f"and {more} more problems"))
        raise PilotDataError(shown)


def parse_csv(data: bytes, origin: str, bank: Bank) -> list[Respondent]:
    """The people of a pilot CSV for ``bank``; raise :class:`PilotDataError` with every problem."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PilotDataError(
            [Problem(origin, line, 1, "the file is not UTF-8 text (save it as CSV UTF-8)")]
        ) from None
    if not text.strip():
        raise PilotDataError([Problem(origin, 0, 0, "the file is empty")])
    delimiter = _dialect(text)
    located = _Located(origin, text.splitlines(), delimiter)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
        columns = _header(header, bank, located)
        people = _rows(reader, columns, bank, located)
    except csv.Error as error:
        raise PilotDataError(
            [Problem(origin, reader.line_num, 1, f"not readable as CSV: {error}")]
        ) from None
    located.raise_any()
    if not people:
        raise PilotDataError([Problem(origin, 1, 1, "the file has a header but no person")])
    return people


def _header(cells: list[str], bank: Bank, located: _Located) -> list[Question | None]:
    """Each column's question (``None``: the person column); problems recorded."""
    columns: list[Question | None] = []
    seen: set[str] = set()
    for index, cell in enumerate(cells):
        name = cell.strip()
        if name.casefold() == PERSON_COLUMN and PERSON_COLUMN not in seen:
            seen.add(PERSON_COLUMN)
            columns.append(None)
            continue
        question = bank.question(name)
        if not name:
            located.add(1, index, "a column has no name: the first row names each column")
        elif question is None:
            located.add(1, index, f"{quoted(name)} is not a question of bank {quoted(bank.id)}")
        elif name in seen:
            located.add(1, index, f"the column {quoted(name)} appears twice")
        seen.add(name)
        columns.append(question)
    if not any(c is not None for c in columns) and not located.problems:
        located.add(1, 0, f"the first row names no question of bank {quoted(bank.id)}")
    located.raise_any()
    return columns


def _rows(
    reader: _csv.Reader,
    columns: list[Question | None],
    bank: Bank,
    located: _Located,
) -> list[Respondent]:
    """Every row after the header as a respondent; problems recorded."""
    people: list[Respondent] = []
    named: dict[str, int] = {}
    # Each column's valid cells and what they mean, looked up instead of parsed per cell.
    meanings = [_meanings(question) if question else {} for question in columns]
    for cells in reader:
        line = reader.line_num
        if len(cells) != len(columns):
            if any(c.strip() for c in cells):
                located.add(line, 0, f"this row has {len(cells)} cells, the header {len(columns)}")
            continue  # a blank row is skipped
        person: str | None = None
        answers: dict[str, AnswerValue] = {}
        for index, cell in enumerate(cells):
            question = columns[index]
            if question is None:
                person = _person(cell.strip(), line, index, named, located)
                continue
            answer = meanings[index].get(cell)
            if answer is None:
                value = cell.strip()
                if not value:
                    continue  # not answered
                answer = meanings[index].get(value)
                if answer is None:
                    located.add(
                        line,
                        index,
                        f"the answer to {quoted(question.id)} must be "
                        f"{question.expected_answer()}, not {quoted(value)}",
                    )
                    continue
            answers[question.id] = answer
        if not answers and person is None:
            continue  # a row of empty cells
        people.append(Respondent(person, answers))
    return people


def _meanings(question: Question) -> dict[str, AnswerValue]:
    """The cells that answer ``question`` and their values, as in an answers file."""
    if question.type == "likert":
        return {str(v): v for v in range(1, 6) if question.accepts(v)}
    return {option.key: option.key for option in question.options}


def _person(
    value: str, line: int, index: int, named: dict[str, int], located: _Located
) -> str | None:
    """The person a row names (``None`` for an empty cell); a repeated name is a problem."""
    if not value:
        return None
    if forbidden_characters(value):
        located.add(line, index, "the person's name holds a control or invisible character")
        return None
    if value in named:
        located.add(line, index, f"this person is named on line {named[value]} too")
        return None
    named[value] = line
    return value
