"""The strict YAML reader's shortcuts for large banks give the answers of the plain way."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadquiz.banks import yamlstrict

#: The bracket count as first written: every token of the whole text, newlines included.
_TOKENS = re.compile(
    r"""(?:(?<=\s)|^)#[^\n]*|'[^'\n]*'|"(?:\\.|[^"\\\n])*"|[\[\]{}]|\n""", re.MULTILINE
)


def whole_text_scan(text: str, limit: int) -> tuple[int, int] | None:
    depth = 0
    line, line_start = 1, 0
    for token in _TOKENS.finditer(text):
        kind = token.group()
        if kind == "\n":
            line, line_start = line + 1, token.end()
        elif kind in "[{":
            depth += 1
            if depth > limit:
                return line, token.start() - line_start + 1
        elif kind in "]}":
            depth = max(0, depth - 1)
    return None


#: Texts made of what the count looks at: brackets, comments, quotes, escapes, line breaks.
_TEXTS = st.text(alphabet=list("[]{}#'\"\\\n a"), max_size=120)


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.integers(min_value=0, max_value=4))
def test_flow_depth_scan_of_bracket_lines_equals_the_whole_text_scan(text: str, limit: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yamlstrict, "FLOW_SCAN_LIMIT", limit)
        assert yamlstrict.flow_depth_problem(text) == whole_text_scan(text, limit)


def test_flow_depth_scan_names_the_line_and_column_in_a_long_file() -> None:
    text = "a: 1\n# [[[[ not counted\nb: '[[[['\n" * 100 + "c: " + "[" * 600 + "]" * 600 + "\n"
    assert yamlstrict.flow_depth_problem(text) == (301, 4 + 512)
    assert yamlstrict.flow_depth_problem(text) == whole_text_scan(text, 512)


def scalars(node: yamlstrict.Node) -> list[tuple[str, str, object]]:
    assert isinstance(node, yamlstrict.Mapping)
    found = []
    for _key, value in node.items.values():
        assert isinstance(value, yamlstrict.Scalar)
        found.append((value.text, value.kind, value.value))
    return found


def test_a_plain_scalar_met_again_resolves_the_same_and_quoted_stays_text() -> None:
    root = yamlstrict.parse("a: 1\nb: yes\nc: 1\nd: '1'\ne: yes\nf: 1.10\ng: 1.10\n", "f.yaml")
    assert root is not None
    assert scalars(root) == [
        ("1", "int", 1),
        ("yes", "bool", True),
        ("1", "int", 1),
        ("1", "str", "1"),
        ("yes", "bool", True),
        ("1.10", "float", 1.1),
        ("1.10", "float", 1.1),
    ]


def test_a_number_too_long_is_a_problem_every_time_it_appears() -> None:
    long_number = "1" * 5000
    with pytest.raises(yamlstrict.YamlProblems) as caught:
        yamlstrict.parse(f"a: {long_number}\nb: {long_number}\n", "f.yaml")
    lines = [problem.line for problem in caught.value.problems]
    assert lines == [1, 2]
    assert all("too long to read" in problem.message for problem in caught.value.problems)
