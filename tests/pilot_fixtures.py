"""Banks built in a test and a group's generated answers with a known structure (pilot, group)."""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Mapping, Sequence
from pathlib import Path

from leadquiz.banks.loader import load_bank
from leadquiz.models import AnswerValue, Bank

#: How strongly each question measures its area's lean (the last of each area barely does).
STRONG, WEAK = 1.0, 0.1


def bank_yaml(
    areas: Mapping[str, int],
    *,
    bank_id: str = "pilotbank",
    version: str = "1.0.0",
    title: str = "Pilot bank",
    area_title: str = "",
    choice: bool = True,
) -> str:
    """A schema-1 bank: per area ``count`` questions, keyed alternately, the last a scenario."""
    lines = [
        "schema: 1",
        f"id: {bank_id}",
        f"title: {json.dumps(title)}",
        f'version: "{version}"',
        "description: Built in a test.",
        "dimensions:",
    ]
    for area in areas:
        shown = json.dumps(area_title or area.capitalize())
        lines += [
            f"  - id: {area}",
            f"    title: {shown}",
            "    manager_pole: Plans",
            "    leader_pole: Vision",
        ]
    lines.append("questions:")
    for area, count in areas.items():
        for i in range(1, count + 1):
            qid = f"{area}-{i}"
            if choice and i == count:
                lines += [
                    f"  - id: {qid}",
                    f"    dimension: {area}",
                    "    type: choice",
                    f"    text: Scenario {i} of {area}.",
                    "    options:",
                    "      - {key: a, text: Plan it, lean: -1}",
                    "      - {key: b, text: Both, lean: 0}",
                    "      - {key: c, text: Try it, lean: 1}",
                ]
            else:
                keyed = "leader" if i % 2 else "manager"
                lines += [
                    f"  - id: {qid}",
                    f"    dimension: {area}",
                    "    type: likert",
                    f"    text: Statement {i} of {area}.",
                    f"    keyed: {keyed}",
                ]
    return "\n".join(lines) + "\n"


def write_bank(path: Path, areas: Mapping[str, int], **options: object) -> Bank:
    """Write :func:`bank_yaml` to ``path`` and return the bank as leadquiz loads it."""
    path.write_text(bank_yaml(areas, **options))  # type: ignore[arg-type]
    return load_bank(path)


def generated_answers(
    bank: Bank, people: int, seed: int = 1, *, noise: float = 0.35
) -> list[dict[str, AnswerValue]]:
    """Answers of ``people`` with a true lean per area plus noise; the last question weak."""
    rng = random.Random(seed)
    everyone = []
    for _ in range(people):
        answers: dict[str, AnswerValue] = {}
        for dimension in bank.dimensions:
            true = rng.gauss(0, 0.45)
            questions = bank.questions_in(dimension.id)
            for index, question in enumerate(questions):
                loading = WEAK if index == len(questions) - 2 else STRONG
                lean = max(-1.0, min(1.0, loading * true + rng.gauss(0, noise)))
                if question.type == "choice":
                    answers[question.id] = min(
                        question.options, key=lambda o: abs(o.lean - lean)
                    ).key
                else:
                    toward = lean if question.keyed == "leader" else -lean
                    answers[question.id] = max(1, min(5, round(3 + 2 * toward)))
        everyone.append(answers)
    return everyone


def csv_text(
    bank: Bank,
    everyone: Sequence[Mapping[str, AnswerValue]],
    *,
    delimiter: str = ",",
    persons: Sequence[str] | None = None,
) -> str:
    """The answers as a pilot CSV (a ``person`` column when ``persons`` are given)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    ids = [q.id for q in bank.questions]
    writer.writerow((["person"] if persons else []) + ids)
    for index, answers in enumerate(everyone):
        cells = [str(answers.get(i, "")) for i in ids]
        writer.writerow(([persons[index]] if persons else []) + cells)
    return out.getvalue()
