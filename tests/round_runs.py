"""Helpers for anonymous rounds: a collector's machine and a lead's, as two homes.

The lead is the test's own home (user ``tester``); the collector runs with a
home and a user of their own, as on another computer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from leadquiz.banks.loader import resolve_bank
from observer_runs import Pick, cli, manager_leaning, ok, write_answers


def coach(tmp: Path, name: str = "coach") -> dict[str, str | None]:
    """The environment of a collector's computer."""
    return {"LEADQUIZ_HOME": str(tmp / f"{name}-home"), "LEADQUIZ_USER": name}


def issue(
    tmp: Path, count: int, *, bank: str = "quick", collector: str = "coach", lead: str = "tester"
) -> list[Path]:
    """An anonymous round issued by ``collector`` for ``lead``: the form files."""
    folder = tmp / f"round-{collector}-{len(list(tmp.glob('round-*')))}"
    run = cli(
        "invite", "--for", lead, "--collector", f"Kim {collector}", "--bank", bank,
        "--count", str(count), "-o", str(folder), env=coach(tmp, collector),
    )  # fmt: skip
    assert run.code == 0, run.output
    return sorted(folder.glob("leadquiz-form-*[0-9a-f].yaml"))


def answer(
    forms: Sequence[Path],
    relationships: Sequence[str],
    *,
    bank: str = "quick",
    picks: Sequence[Pick] | None = None,
) -> list[Path]:
    """Each observer answers their form from a file (on their own machine)."""
    chosen = resolve_bank(bank)
    made = []
    for index, (form, relationship) in enumerate(zip(forms, relationships, strict=True)):
        pick = picks[index] if picks is not None else manager_leaning
        answers = write_answers(form.with_suffix(".answers"), chosen, pick)
        ok("observe", str(form), "--answers", str(answers), "--relationship", relationship,
           env={"LEADQUIZ_HOME": str(form.parent / "observer-home")})  # fmt: skip
        made.append(form.with_name(form.stem + ".response.yaml"))
    return made


def collect(tmp: Path, responses: Sequence[Path], out: Path, collector: str = "coach") -> Path:
    """The collector pools a round into ``out``."""
    run = cli("collect", *map(str, responses), "-o", str(out), env=coach(tmp, collector))
    assert run.code == 0, run.output
    return out


def lead_tables(home: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every observer table in the lead's database."""
    conn = sqlite3.connect(home / "leadquiz.db")
    try:
        names = [
            row[0]
            for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if row[0].startswith("observer_")
        ]
        return {name: conn.execute(f"SELECT * FROM {name}").fetchall() for name in names}
    finally:
        conn.close()
