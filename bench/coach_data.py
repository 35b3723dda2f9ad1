"""The coach's data for the benchmark: a pilot CSV of many people, and a group's result files."""

from __future__ import annotations

import copy
import csv
import json
import random
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from leadquiz.models import AnswerValue, Bank
from leadquiz.results.scoring import band_for

Answering = Callable[[Bank, random.Random], Mapping[str, AnswerValue]]


def write_pilot_csv(bank: Bank, path: Path, people: int, answering: Answering) -> Path:
    """A spreadsheet's CSV: a ``person`` column and every question, one row per person."""
    rng = random.Random(24)
    ids = [question.id for question in bank.questions]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["person", *ids])
        for number in range(people):
            answers = answering(bank, rng)
            writer.writerow([f"p{number}", *(answers[i] for i in ids)])
    return path


def write_group_exports(folder: Path, count: int, template: Mapping[str, Any]) -> Path:
    """``count`` result files made from one real result document, each with its own scores."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(25)
    for number in range(count):
        document = copy.deepcopy(dict(template))
        document["user"] = f"person-{number}"
        scores = []
        for area in document["dimensions"]:
            score = round(rng.uniform(0, 100), 1)
            area["score"], area["band"] = score, band_for(score)
            scores.append(score)
        overall = round(sum(scores) / len(scores), 1)
        document["overall"]["score"], document["overall"]["band"] = overall, band_for(overall)
        (folder / f"person-{number}.json").write_text(
            json.dumps(document, indent=2), encoding="utf-8"
        )
    return folder
