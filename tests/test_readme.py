"""The README's examples work: its tour names real commands, its answers file real questions."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from leadquiz.banks.loader import resolve_bank
from leadquiz.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"
runner = CliRunner()


def fenced_blocks(language: str) -> list[str]:
    """The bodies of the README's fenced code blocks opened with ```` ```language ````."""
    text = README.read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


def tour_commands() -> list[list[str]]:
    """Each ``leadquiz …`` line of the tour, as words, without the comment."""
    lines = [line for block in fenced_blocks("") for line in block.splitlines()]
    return [
        shlex.split(line.partition("#")[0])[1:] for line in lines if line.startswith("leadquiz ")
    ]


def test_the_tour_has_the_commands() -> None:
    named = {words[0] for words in tour_commands()}
    assert {"take", "report", "history", "compare", "export", "users", "forget", "banks"} <= named


@pytest.mark.parametrize("words", tour_commands(), ids=" ".join)
def test_every_tour_command_exists(words: list[str]) -> None:
    # The command path is the words before the first option or placeholder.
    path = [w for w in words[:2] if re.fullmatch(r"[a-z]+", w) and w not in {"core"}]
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    for option in (w.split("=")[0] for w in words if w.startswith("-")):
        assert option in result.output, f"{option} is not an option of {' '.join(path)}"


def yaml_example(key: str) -> dict[str, object]:
    """The one YAML example of the README whose top level has ``key``."""
    [found] = [doc for doc in map(yaml.safe_load, fenced_blocks("yaml")) if key in doc]
    assert isinstance(found, dict)
    return found


def test_the_answers_example_names_real_questions_of_core() -> None:
    answers = yaml_example("answers")["answers"]
    assert isinstance(answers, dict)
    questions = {q.id: q for q in resolve_bank("core").questions}
    assert answers
    for question_id, value in answers.items():
        question = questions[question_id]
        if question.type == "likert":
            assert value in range(1, 6)
        else:
            assert value in {option.key for option in question.options}


def test_the_role_example_names_real_areas_of_core() -> None:
    example = yaml_example("role")
    ratings = example["role"]
    assert isinstance(ratings, dict)
    assert ratings
    areas = {d.id for d in resolve_bank("core").dimensions}
    assert set(ratings) <= areas
    assert all(value in range(1, 6) for value in ratings.values())
    assert example["leading_share"] in range(101)


def test_set_up_names_pipx_uv_and_the_two_set_up_commands_stay() -> None:
    text = README.read_text(encoding="utf-8")
    set_up = text.split("## Set up", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^```\n(.*?)^```$", set_up, flags=re.MULTILINE | re.DOTALL)
    assert [block.count("\n") for block in blocks] == [1, 1]  # two one-line commands
    for words in ("pipx install .", "uv tool install .", "source .venv/bin/activate"):
        assert words in set_up


def test_the_data_path_is_given_for_each_system() -> None:
    text = " ".join(README.read_text(encoding="utf-8").split())
    for where in (
        "~/.local/share/leadquiz",
        "~/Library/Application Support/leadquiz",
        "%LOCALAPPDATA%\\leadquiz",
        "leadquiz paths",
    ):
        assert where in text


def test_the_report_picture_is_linked_and_is_an_svg_of_a_report() -> None:
    text = README.read_text(encoding="utf-8")
    [target] = re.findall(r"!\[[^]]+\]\(([^)]+\.svg)\)", text)
    svg = (README.parent / target).read_text(encoding="utf-8")
    assert svg.startswith("<svg")
    for words in ("Manager", "Leader", "Where", "practise"):
        assert words in svg


def test_the_question_id_helper_is_named() -> None:
    text = README.read_text(encoding="utf-8")
    assert "--template" in text
    assert "--questions" in text
