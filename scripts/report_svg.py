"""Draw docs/report.svg: the report of a real ``leadquiz take --answers`` run, as Rich shows it.

Run from the repository with the project's venv: ``.venv/bin/python scripts/report_svg.py``.
The answers are random with a fixed seed, in a throw-away LEADQUIZ_HOME.
"""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.text import Text

from leadquiz.banks.loader import resolve_bank

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "report.svg"
WIDTH = 100


def answers_file(folder: Path) -> Path:
    """A core answers file with seeded random answers, leaning a little toward leading."""
    rng = random.Random(18)
    lines = ["answers:"]
    for question in resolve_bank("core").questions:
        if question.type == "likert":
            value: object = rng.choice([2, 3, 4, 4, 5])
        else:
            value = rng.choice(question.options).key
        lines.append(f"  {question.id}: {value}")
    path = folder / "answers.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> int:
    """Take the quiz once in a scratch home, then save its coloured report as SVG."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        env = {
            **os.environ,
            "LEADQUIZ_HOME": str(folder / "home"),
            "LEADQUIZ_USER": "dana",
            "COLUMNS": str(WIDTH),
            "FORCE_COLOR": "1",
            "TERM": "xterm-256color",
            "TZ": "Europe/Berlin",
        }
        env.pop("NO_COLOR", None)
        done = subprocess.run(
            [sys.executable, "-m", "leadquiz", "take", "--answers", str(answers_file(folder))],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
    console = Console(record=True, width=WIDTH, file=io.StringIO(), force_terminal=True)
    console.print(Text.from_ansi(done.stdout))
    console.save_svg(str(TARGET), title="leadquiz take --answers answers.yaml")
    print(f"Wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
