"""The use case of ``group``: a group's result files read, checked as one bank, pooled."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from leadquiz.pilotdata.results_json import ResultFile, refuse_other_bank
from leadquiz.results.group import GroupResults, Member, group_results

_ONE_BANK = "a group pools the results of one bank and version"


def _score(value: Any) -> float | None:
    """A score as a result file holds it, or ``None``; raise ``ValueError`` if it is none."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError
    if not (math.isfinite(value) and 0 <= value <= 100):
        raise ValueError
    return float(value)


def _areas_of(result: ResultFile) -> list[tuple[str, str, float | None]]:
    """Each area of a result file: id, title and score, every one checked."""
    dimensions = result.document.get("dimensions")
    if not isinstance(dimensions, list):
        raise result.problem("the result has no 'dimensions' list", r'"dimensions"')
    areas = []
    for entry in dimensions:
        area_id = entry.get("id") if isinstance(entry, dict) else None
        title = entry.get("title") if isinstance(entry, dict) else None
        if not isinstance(area_id, str) or not isinstance(title, str):
            raise result.problem("each area needs an 'id' and a 'title'", r'"dimensions"')
        try:
            score = _score(entry.get("score"))
        except ValueError:
            raise result.problem(
                f"the score of area {area_id!r} is not a number from 0 to 100",
                r'"id":\s*' + re.escape(f'"{area_id}"'),
            ) from None
        areas.append((area_id, title, score))
    return areas


def _member(result: ResultFile) -> tuple[Member, list[tuple[str, str]]]:
    """One person's scores (no name kept) and the areas of their bank, in order."""
    areas = _areas_of(result)
    overall = result.document.get("overall")
    try:
        score = _score(overall.get("score") if isinstance(overall, dict) else None)
    except ValueError:
        raise result.problem(
            "the overall score is not a number from 0 to 100", r'"overall"'
        ) from None
    return Member(score, {a: s for a, _t, s in areas}), [(a, t) for a, t, _s in areas]


def run_group(paths: Sequence[Path]) -> GroupResults:
    """The group of the result files in ``paths`` (files and folders).

    The first file sets the bank and version; a file of another, or one whose
    areas differ, is refused naming it. The same attempt twice is refused too.
    """
    from leadquiz.pilotdata.gather import read_results

    members: list[Member] = []
    first: ResultFile | None = None
    layout: list[tuple[str, str]] = []
    seen: dict[tuple[object, ...], str] = {}
    for result in read_results(paths):
        member, areas = _member(result)
        if first is None:
            first, layout = result, areas
        else:
            refuse_other_bank(
                result, first.bank_id, first.bank_version, f"{_ONE_BANK} (as {first.origin})"
            )
            if [a for a, _t in areas] != [a for a, _t in layout]:
                raise result.problem(
                    f"its areas differ from those of {first.origin}, of the same bank and "
                    "version: the files cannot be pooled",
                    r'"dimensions"',
                )
        document = result.document
        key = (document.get("user"), document.get("attempt"), document.get("finished_at"))
        if key in seen:
            raise result.problem(f"this is the same attempt as {seen[key]}: counted once only")
        seen[key] = result.origin
        members.append(member)
    assert first is not None  # read_results yields at least one file or raises
    title = first.document["bank"].get("title")
    return group_results(
        first.bank_id,
        first.bank_version,
        title if isinstance(title, str) else first.bank_id,
        layout,
        members,
    )
