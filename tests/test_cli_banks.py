"""The foundation through the real CLI: version, help, and the banks commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from leadquiz import __version__
from leadquiz.banks.loader import bundled_banks, load_bank
from leadquiz.cli import app

DATA = Path(__file__).parent / "data"
runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"leadquiz {__version__}\n"


def test_help_lists_the_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "banks" in result.stdout
    assert "--version" in result.stdout


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "leadquiz", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert "Usage:" in done.stdout


def test_version_imports_neither_rich_nor_yaml_nor_sqlite() -> None:
    probe = (
        "import sys\n"
        "from leadquiz.cli import main\n"
        "sys.argv = ['leadquiz', '--version']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'rich', 'yaml', 'sqlite3', "
        "'_sqlite3', 'platformdirs', 'pydantic', 'jinja2', 'markupsafe'})\n"
        "print('HEAVY', heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "HEAVY []" in done.stdout


def test_banks_list_shows_every_bundled_bank() -> None:
    result = runner.invoke(app, ["banks", "list"])
    assert result.exit_code == 0
    for path in bundled_banks():
        bank = load_bank(path)
        assert bank.id in result.stdout
        assert bank.version in result.stdout


def test_banks_show_a_file_lists_dimensions_poles_and_counts() -> None:
    result = runner.invoke(app, ["banks", "show", str(DATA / "mini.yaml")])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    goals = next(line for line in lines if "Goals (goals)" in line)
    assert "Targets and KPIs" in goals
    assert "Vision" in goals
    assert goals.rstrip().endswith("3")
    assert "An essay on leading — A. Writer" in result.stdout


def test_banks_show_unknown_name_is_bad_input() -> None:
    result = runner.invoke(app, ["banks", "show", "nonesuch"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: no bundled bank is called 'nonesuch'")
    assert "Traceback" not in result.output


def test_validate_valid_file_exits_0() -> None:
    result = runner.invoke(app, ["banks", "validate", str(DATA / "mini.yaml")])
    assert result.exit_code == 0
    assert "valid — mini 0.1.0, 2 areas, 5 questions" in result.stdout


def test_validate_reports_every_problem_of_every_file_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        (DATA / "mini.yaml")
        .read_text()
        .replace("lean: -0.5}", "lean: 7}")
        .replace("    weight: 2\n", "    weight: 0\n"),
        encoding="utf-8",
    )
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema: 1\nid: [\n", encoding="utf-8")
    result = runner.invoke(
        app, ["banks", "validate", str(bad), str(DATA / "mini.yaml"), str(broken)]
    )
    assert result.exit_code == 2
    problems = [line for line in result.stderr.splitlines() if line.startswith(str(tmp_path))]
    assert any(line.startswith(f"{bad}:36:13: ") and "'weight'" in line for line in problems)
    assert any(line.startswith(f"{bad}:55:50:") and "'lean'" in line for line in problems)
    assert any(line.startswith(f"{broken}:3:1: not valid YAML") for line in problems)
    assert "valid — mini" in result.stdout
    assert "2 files of 3 have problems." in result.stderr


def test_validate_missing_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    result = runner.invoke(app, ["banks", "validate", str(tmp_path / "none.yaml")])
    assert result.exit_code == 2
    assert f"{tmp_path / 'none.yaml'}: no such file" in result.stderr


def test_validate_never_echoes_control_characters(tmp_path: Path) -> None:
    bank = tmp_path / "evil\x1b[2J.yaml"
    bank.write_text('schema: 1\nid: x\ntitle: "\\e]0;pwned\\a"\n', encoding="utf-8")
    result = runner.invoke(app, ["banks", "validate", str(bank)])
    assert result.exit_code == 2
    assert "\x1b" not in result.output
    assert "\x07" not in result.output
    assert "\\u001b" in result.stderr


def test_no_traceback_for_a_directory_given_as_bank(tmp_path: Path) -> None:
    env = {**os.environ, "LEADQUIZ_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-m", "leadquiz", "banks", "show", str(tmp_path) + "/"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "directory" in done.stderr


def test_validate_says_whether_observer_forms_are_ready(tmp_path: Path) -> None:
    partial = tmp_path / "partial.yaml"
    partial.write_text(
        (DATA / "mini2.yaml")
        .read_text(encoding="utf-8")
        .replace('    observer_text: "Planning season starts. {name}..."\n', ""),
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        ["banks", "validate", str(DATA / "mini2.yaml"), str(partial), str(DATA / "mini.yaml")],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines == [
        f"✓ {DATA / 'mini2.yaml'}: valid — mini2 0.2.0, 2 areas, 5 questions",
        "  observer forms: ready",
        f"✓ {partial}: valid — mini2 0.2.0, 2 areas, 5 questions",
        "  observer forms: not available (1 of 5 questions has no observer_text)",
        f"✓ {DATA / 'mini.yaml'}: valid — mini 0.1.0, 2 areas, 5 questions",
        "  observer forms: not available (5 of 5 questions have no observer_text)",
    ]


def test_banks_show_says_whether_observer_forms_are_ready() -> None:
    ready = runner.invoke(app, ["banks", "show", str(DATA / "mini2.yaml")])
    assert ready.exit_code == 0, ready.output
    assert "Observer forms: ready." in ready.stdout.splitlines()
    schema1 = runner.invoke(app, ["banks", "show", str(DATA / "mini.yaml")], env={"COLUMNS": "120"})
    assert (
        "Observer forms: not available (5 of 5 questions have no observer_text)."
        in schema1.stdout.splitlines()
    )


def test_validate_lists_schema2_problems_with_their_place(tmp_path: Path) -> None:
    text = (DATA / "mini2.yaml").read_text(encoding="utf-8")
    schema1 = tmp_path / "says-schema-1.yaml"
    schema1.write_text(text.replace("schema: 2\n", "schema: 1\n"), encoding="utf-8")
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(
        text.replace("    item_noise: 0.3\n", "    item_noise: 1.2\n").replace(
            "{name} talks about", "{Name} talks about"
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["banks", "validate", str(schema1), str(wrong)])
    assert result.exit_code == 2
    errors = result.stderr.splitlines()
    assert (
        f"{schema1}:18:5: 'manager_strengths' is a schema-2 field; say `schema: 2` at the top "
        "of the bank to use it"
    ) in errors
    assert sum(line.startswith(f"{schema1}:") for line in errors) == 14
    assert (
        f"{wrong}:22:17: dimension 'goals': 'item_noise' must be more than 0 and at most 1, not 1.2"
    ) in errors
    assert (
        f"{wrong}:45:20: question 'goals-dream': 'observer_text' has the unknown placeholder "
        "'{Name}' at character 1; the only placeholder is {name} and braces are not allowed "
        "otherwise"
    ) in errors
    assert "2 files of 2 have problems." in result.stderr
