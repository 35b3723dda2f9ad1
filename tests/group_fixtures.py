"""A group's result files made the way a coach gets them: each person's real take and export."""

from __future__ import annotations

import json
from pathlib import Path

from cli_runs import invoke_clean
from pilot_fixtures import generated_answers, write_bank

AREAS = {"goals": 5, "risk": 6, "change": 4}


def group_exports(
    folder: Path,
    people: int,
    *,
    seed: int = 11,
    version: str = "1.0.0",
    title: str = "Team leads",
    area_title: str = "",
    prefix: str = "person",
) -> list[Path]:
    """``people`` exports of one bank (written beside them), one per user ``{prefix}{n}``."""
    folder.mkdir(parents=True, exist_ok=True)
    bank_path = folder.parent / f"bank-{version}-{seed}.yaml"
    bank = write_bank(bank_path, AREAS, version=version, title=title, area_title=area_title)
    exports = []
    for index, answers in enumerate(generated_answers(bank, people, seed=seed)):
        user = f"{prefix}{index}"
        answers_file = folder.parent / f"{user}-{seed}.json"
        answers_file.write_text(json.dumps({"answers": answers}))
        taken = invoke_clean(
            ["take", "--bank", str(bank_path), "--answers", str(answers_file), "--user", user]
        )
        assert taken.code == 0, taken.stderr
        export = folder / f"{user}-{seed}.json"
        done = invoke_clean(["export", "-f", "json", "-o", str(export), "--user", user])
        assert done.code == 0, done.stderr
        exports.append(export)
    return exports
