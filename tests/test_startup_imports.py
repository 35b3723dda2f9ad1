"""Start-up: each command, run as a user runs it, loads only the modules it needs.

Every case starts a fresh Python that runs ``leadquiz.cli.main`` (the console
script's entry point) with real arguments in a private ``LEADQUIZ_HOME``, then
lists what ``sys.modules`` holds. A module named here came back into a command
that does not use it: defer its import into the function that needs it (see
docs/architecture.md). ``bench/run.py`` measures what these imports cost.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from leadquiz.banks.loader import resolve_bank

#: Runs the CLI as the ``leadquiz`` script does, then writes the loaded modules to a file.
#: (It imports nothing a command might not: no json, only os and sys.)
PROBE = """
import os, sys
from leadquiz.cli import main
sys.argv = ["leadquiz", *[a for a in os.environ["PROBE_ARGS"].split(SEPARATOR) if a]]
try:
    main()
except SystemExit as done:
    code = done.code
else:
    code = 0
with open(os.environ["PROBE_OUT"], "w", encoding="utf-8") as out:
    out.write("\\n".join([str(code), *sorted(sys.modules)]))
""".replace("SEPARATOR", repr("\x1f"))

#: What reading attempts never needs: the writer lease's old imports, the observers'
#: forms and arithmetic, the role questions and their file, the HTML templates.
NOT_FOR_READING = {
    "socket",
    "secrets",
    "leadquiz.quiz.observer_form",
    "leadquiz.results.observers",
    "leadquiz.quiz.role_file",
    "leadquiz.store.safekeeping",
    "jinja2",
}

#: The modules of the commands other than ``history``, ``compare``, ``export`` and
#: ``users`` (leadquiz.cli.attempts): a run registers only the command it names.
OTHER_COMMANDS = {
    "leadquiz.cli.take",
    "leadquiz.cli.role",
    "leadquiz.cli.observers",
    "leadquiz.cli.forget",
    "leadquiz.cli.places",
    "leadquiz.cli.banks",
}


class Loaded:
    """What one run printed and which modules it had loaded."""

    def __init__(self, code: object, stdout: str, modules: Sequence[str]) -> None:
        self.code = code
        self.stdout = stdout
        self.modules = set(modules)

    def present(self, names: set[str]) -> set[str]:
        """Those of ``names`` that were loaded (a package counts with any of its modules)."""
        return {
            name
            for name in names
            if any(m == name or m.startswith(name + ".") for m in self.modules)
        }


def run_cli(
    args: Sequence[str], home: Path, tmp_path: Path, env: Mapping[str, str] | None = None
) -> Loaded:
    out = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        check=False,
        env={
            **os.environ,
            "LEADQUIZ_HOME": str(home),
            "LEADQUIZ_USER": "ada",
            "COLUMNS": "100",
            "NO_COLOR": "1",
            "PROBE_ARGS": "\x1f".join(args),
            "PROBE_OUT": str(out),
            **(env or {}),
        },
    )
    assert done.returncode == 0, done.stderr
    code, *modules = out.read_text(encoding="utf-8").split("\n")
    return Loaded(int(code) if code.isdigit() else code, done.stdout, modules)


@pytest.fixture
def home_with_an_attempt(tmp_path: Path) -> Path:
    """A history holding one finished core attempt, answered from a file."""
    home = tmp_path / "home"
    lines = ["answers:"]
    for question in resolve_bank("core").questions:
        value = 4 if question.type == "likert" else json.dumps(question.options[0].key)
        lines.append(f"  {question.id}: {value}")
    answers = tmp_path / "answers.yaml"
    answers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    taken = run_cli(["take", "--bank", "core", "--answers", str(answers), "--json"], home, tmp_path)
    assert taken.code == 0
    return home


def test_tab_completion_loads_no_data_model_store_or_output_library(tmp_path: Path) -> None:
    run = run_cli(
        [],
        tmp_path / "home",
        tmp_path,
        env={
            "_LEADQUIZ_COMPLETE": "complete_bash",
            "COMP_WORDS": "leadquiz export --f",
            "COMP_CWORD": "2",
        },
    )
    assert run.code == 0
    assert "--format" in run.stdout
    assert "leadquiz.cli.attempts" in run.modules  # the probe sees the CLI's modules
    heavy = {"dataclasses", "json", "rich", "yaml", "sqlite3", "leadquiz.models"}
    heavy |= {"leadquiz.app", "leadquiz.store", "leadquiz.results", "leadquiz.banks"}
    assert run.present(heavy | OTHER_COMMANDS) == set()


def test_help_loads_no_rich_yaml_sqlite_or_data_model(tmp_path: Path) -> None:
    run = run_cli(["--help"], tmp_path / "home", tmp_path)
    assert run.code == 0
    assert "Usage:" in run.stdout
    heavy = {"dataclasses", "json", "rich", "yaml", "sqlite3", "leadquiz.models", "leadquiz.app"}
    # The command list needs names and descriptions only: no command's module.
    assert run.present(heavy | OTHER_COMMANDS | {"leadquiz.cli.attempts"}) == set()


def test_banks_list_reads_no_yaml_and_no_history(tmp_path: Path) -> None:
    first = run_cli(["banks", "list"], tmp_path / "home", tmp_path)
    assert first.code == 0
    # Once the bundled banks are in the cache (any earlier run), no YAML is read.
    run = run_cli(["banks", "list"], tmp_path / "home", tmp_path)
    assert run.code == 0
    assert "core" in run.stdout
    assert run.present({"yaml", "sqlite3", "leadquiz.banks.yamlstrict", "leadquiz.store"}) == set()


def test_take_from_a_file_loads_nothing_of_observers_roles_trends_or_why(
    home_with_an_attempt: Path, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    run = run_cli(
        ["take", "--bank", "core", "--answers", str(answers), "--json"],
        home_with_an_attempt,
        tmp_path,
    )
    assert run.code == 0
    assert json.loads(run.stdout)["previous"] is not None
    assert {"leadquiz.models", "leadquiz.store.writers", "yaml"} <= run.modules
    not_needed = NOT_FOR_READING | {
        "statistics",  # the too-fast note: answers from a file never get it
        "leadquiz.results.carefulness",
        "leadquiz.results.role",
        "leadquiz.results.insights",
        "leadquiz.results.why",
        "leadquiz.results.comparison",
        "leadquiz.results.trends",
        "leadquiz.ui.report",
        "rich",  # JSON on stdout and no note: nothing to draw
        "leadquiz.app.roles",  # a report reads the role profile through app.reports
        "leadquiz.viewpoints",  # no role profile and no observer in this history
        "leadquiz.app.observers",
    }
    assert run.present(not_needed) == set()


def test_history_loads_no_yaml_no_role_screens_and_no_asking_loop(
    home_with_an_attempt: Path, tmp_path: Path
) -> None:
    run = run_cli(["history"], home_with_an_attempt, tmp_path)
    assert run.code == 0
    assert "core" in run.stdout
    assert "leadquiz.ui.attempts" in run.modules
    not_needed = NOT_FOR_READING | {
        "yaml",
        "statistics",
        "leadquiz.banks.yamlstrict",
        "leadquiz.quiz.loop",
        "leadquiz.results.role",
        "leadquiz.ui.role",
        "leadquiz.ui.asking",
        "leadquiz.ui.gauge",  # the report's bars: history draws none
        "leadquiz.results.comparison",  # compare's: history's trend judges its own change
        "leadquiz.viewpoints",
        "leadquiz.results.noise",
        "leadquiz.ui.comparing",
        "leadquiz.results.insights",
        "leadquiz.app.roles",
        "leadquiz.app.observers",
    }
    assert run.present(not_needed | OTHER_COMMANDS) == set()


def test_report_without_observers_loads_none_of_their_code(
    home_with_an_attempt: Path, tmp_path: Path
) -> None:
    run = run_cli(["report"], home_with_an_attempt, tmp_path)
    assert run.code == 0
    assert "Goals" in run.stdout
    assert "leadquiz.ui.report" in run.modules
    not_needed = NOT_FOR_READING | {
        "yaml",
        "statistics",
        "leadquiz.banks.yamlstrict",
        "leadquiz.quiz.loop",
        "leadquiz.ui.others",
        "leadquiz.viewpoints",  # no role profile and no observer here
        "leadquiz.results.why",
        "leadquiz.app.roles",
        "leadquiz.app.observers",
    }
    assert run.present(not_needed) == set()
