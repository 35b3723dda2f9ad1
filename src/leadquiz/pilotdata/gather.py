"""A command line's files and folders read as one sitting of a pilot, or as a group's results.

The kind of each file is told by its content, not its name: a JSON object with a
leadquiz result schema is a result export, a mapping with ``answers:`` is an
answers file, anything else is read as a CSV. A folder stands for the files in
it (not its sub-folders) whose names end in .json, .yaml, .yml or .csv.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from leadquiz.errors import Problem
from leadquiz.inputs import read_limited
from leadquiz.pilotdata import PilotDataError
from leadquiz.pilotdata.results_json import ResultFile, looks_like_result, parse_result
from leadquiz.results.pilot import Respondent
from leadquiz.text import quoted, shown_path

if TYPE_CHECKING:
    from leadquiz.models import Bank

#: The largest file read (a CSV of a few thousand people is well under it).
MAX_FILE_BYTES = 16 * 1024 * 1024
#: The names a folder's files must end in to be read.
SUFFIXES = (".json", ".yaml", ".yml", ".csv")

_ANSWERS_KEY = re.compile(r"""(?:^|[{,])\s*(?:answers|"answers"|'answers')\s*:""", re.MULTILINE)


def files_of(paths: Sequence[Path]) -> list[Path]:
    """The files named, each folder replaced by its files (sorted by name)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES
            )
            if not inside:
                raise PilotDataError(
                    [Problem(shown_path(path), 0, 0, "this folder holds no .json, .yaml or .csv")]
                )
            found.extend(inside)
        else:
            found.append(path)
    return found


def _text(path: Path) -> tuple[str, str]:
    """A file's origin (as messages name it) and its text."""
    data = read_limited(path, MAX_FILE_BYTES, PilotDataError)
    origin = str(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PilotDataError([Problem(origin, 0, 0, "the file is not UTF-8 text")]) from None
    if not text.strip():
        raise PilotDataError([Problem(origin, 0, 0, "the file is empty")])
    return origin, text


def read_sitting(paths: Sequence[Path], bank: Bank) -> list[Respondent]:
    """Everyone in ``paths`` (exports, answers files, CSVs) as respondents to ``bank``.

    A person named twice (an export's user, an answers file's name, a CSV's
    ``person``) is refused: a sitting counts each person once.
    """
    from leadquiz.pilotdata.csvfile import parse_csv
    from leadquiz.pilotdata.results_json import answers_of
    from leadquiz.quiz.answers_file import parse_answers

    people: list[Respondent] = []
    where: dict[str, str] = {}
    for path in files_of(paths):
        origin, text = _text(path)
        if looks_like_result(text):
            result = parse_result(text, origin)
            user = result.document.get("user")
            found = [Respondent(user if isinstance(user, str) else None, answers_of(result, bank))]
        elif _ANSWERS_KEY.search(text):
            answers = parse_answers(text.encode(), origin, bank)
            found = [Respondent(path.stem, answers)]
        elif text.lstrip()[:1] in ("{", "["):
            raise PilotDataError([Problem(origin, 1, 1, _NOT_KNOWN)])
        else:
            found = parse_csv(text.encode(), origin, bank)
        for person in found:
            if person.person is not None:
                if person.person in where:
                    raise PilotDataError(
                        [
                            Problem(
                                origin,
                                0,
                                0,
                                f"the person {quoted(person.person)} is also in "
                                f"{where[person.person]}: a sitting counts each person once",
                            )
                        ]
                    )
                where[person.person] = origin
        people.extend(found)
    return people


_NOT_KNOWN = (
    "this is neither a leadquiz result ('export --format json') nor an answers file ('answers:')"
)


def read_results(paths: Sequence[Path]) -> Iterator[ResultFile]:
    """Each result file in ``paths``, parsed and checked for its schema and bank."""
    for path in files_of(paths):
        origin, text = _text(path)
        if not looks_like_result(text):
            raise PilotDataError(
                [
                    Problem(
                        origin,
                        1,
                        1,
                        "this is not a leadquiz result: a group reads the files of "
                        "'leadquiz export --format json' (or 'report --json')",
                    )
                ]
            )
        yield parse_result(text, origin)
