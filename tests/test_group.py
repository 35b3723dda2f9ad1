"""``leadquiz group`` through the real CLI: the figures, the ≥ 3 rule, refusals, no names."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pexpect  # type: ignore[import-untyped, unused-ignore]
import pytest
from markdown_it import MarkdownIt

from cli_runs import invoke_clean
from group_fixtures import AREAS, group_exports
from leadquiz.exporters.group import GROUP_FORMATS
from leadquiz.results.insights import position
from terminal_runs import spawn_in_terminal

BANDS = ("strongly manager", "leans manager", "balanced", "leans leader", "strongly leader")


def _scores(exports: list[Path]) -> dict[str, list[float]]:
    """Each area's scores (and ``overall``) straight from the files, for the expected figures."""
    found: dict[str, list[float]] = {"overall": []}
    for path in exports:
        document = json.loads(path.read_text())
        found["overall"].append(document["overall"]["score"])
        for area in document["dimensions"]:
            if area["score"] is not None:
                found.setdefault(area["id"], []).append(area["score"])
    return found


def _band(score: float) -> str:
    return BANDS[min(int(score // 20), 4)]


def _group_json(*args: str) -> dict[str, Any]:
    run = invoke_clean(["group", *args, "--json"])
    assert run.code == 0, run.stderr
    document: dict[str, Any] = json.loads(run.stdout)
    return document


def _expect(area: dict[str, Any], scores: list[float]) -> None:
    """An area's figures against numpy's linear quantiles (statistics' "inclusive")."""
    assert area["people"] == len(scores)
    q1, median, q3 = np.percentile(scores, [25, 50, 75])
    assert area["median"] == pytest.approx(median, abs=0.05)
    assert area["quartiles"] == pytest.approx([q1, q3], abs=0.05)
    assert area["min"] == min(scores)
    assert area["max"] == max(scores)
    assert area["bands"] == {b: sum(_band(s) == b for s in scores) / len(scores) for b in BANDS}


def test_eight_exports(tmp_path: Path) -> None:
    exports = group_exports(tmp_path / "exports", 8)
    document = _group_json(str(tmp_path / "exports"))
    assert document["schema"] == "leadquiz/group/1"
    assert document["bank"] == {"id": "pilotbank", "version": "1.0.0", "title": "Team leads"}
    assert document["people"] == 8
    scores = _scores(exports)
    _expect(document["overall"], scores["overall"])
    assert [d["id"] for d in document["dimensions"]] == list(AREAS)
    for area in document["dimensions"]:
        _expect(area, scores[area["id"]])
    # Files and folders may be mixed; the same files give the same group.
    assert _group_json(str(exports[0]), *(str(p) for p in exports[1:])) == document


def test_the_terminal_view_at_80_columns(tmp_path: Path) -> None:
    group_exports(tmp_path / "exports", 8)
    document = _group_json(str(tmp_path / "exports"))
    run = invoke_clean(["group", str(tmp_path / "exports")], env={"COLUMNS": "80"})
    assert run.code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "8 people" in lines[0]
    for area in [document["overall"], *document["dimensions"]]:
        title = area.get("title", "Overall")
        heading = lines.index(next(line for line in lines if line.startswith(title + " ")))
        assert f"8 people · median {area['median']:.1f}" in lines[heading]
        strip = lines[heading + 1][2:]
        cells = len(strip)
        assert strip.index("●") == position(area["median"], cells)
        assert strip[position(area["quartiles"][0], cells)] in "━●•"
        assert strip[position(area["min"], cells)] == "•" or area["min"] == area["median"]
        q1, q3 = area["quartiles"]
        assert f"middle half {q1:.1f} to {q3:.1f}" in lines[heading + 2]


def test_fewer_than_three_people_show_nothing(tmp_path: Path) -> None:
    group_exports(tmp_path / "exports", 2)
    document = _group_json(str(tmp_path / "exports"))
    assert document["people"] == 2
    assert document["overall"]["median"] is None
    assert all(area["median"] is None for area in document["dimensions"])
    assert all(area["bands"] is None for area in document["dimensions"])
    run = invoke_clean(["group", str(tmp_path / "exports")])
    assert "Fewer than 3 people: nothing is shown" in run.stdout
    assert "median" not in run.stdout.replace("The median is", "")
    for fmt in ("md", "csv", "html"):
        text = invoke_clean(["group", str(tmp_path / "exports"), "-f", fmt, "-o", "-"]).stdout
        assert not any(
            f"{s:.1f}" in text for s in _scores(list((tmp_path / "exports").iterdir()))["overall"]
        )


def test_an_area_fewer_than_three_answered_shows_its_count_only(tmp_path: Path) -> None:
    exports = group_exports(tmp_path / "exports", 4)
    for path in exports[:2]:  # two people skipped every question of "risk"
        document = json.loads(path.read_text())
        for area in document["dimensions"]:
            if area["id"] == "risk":
                area["score"] = None
        path.write_text(json.dumps(document))
    document = _group_json(str(tmp_path / "exports"))
    risk = next(a for a in document["dimensions"] if a["id"] == "risk")
    assert risk["people"] == 2
    assert risk["median"] is None
    assert all(a["median"] is not None for a in document["dimensions"] if a["id"] != "risk")
    run = invoke_clean(["group", str(tmp_path / "exports")])
    assert "answered by 2 of the group: fewer than 3, not shown" in run.stdout


def test_another_version_is_refused_naming_the_file(tmp_path: Path) -> None:
    group_exports(tmp_path / "exports", 3)
    [other] = group_exports(tmp_path / "exports", 1, version="1.1.0", seed=12, prefix="zz")
    run = invoke_clean(["group", str(tmp_path / "exports")])
    assert run.code == 2
    assert run.stderr.startswith(f"{other}:5:1: this result is of bank 'pilotbank' '1.1.0'")
    assert "a group pools the results of one bank and version" in run.stderr
    assert run.stdout == ""


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "the file is empty"),
        ('{"schema": "leadquiz/pilot/1"}', "this is not a leadquiz result"),
        ('{"schema": "leadquiz/result/2"}', ":1:1: the result names no bank"),
        ('{"schema": "leadquiz/result/2", "bank": {', ":1:42: not valid JSON"),
    ],
)
def test_a_bad_file_is_refused(tmp_path: Path, content: str, expected: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    run = invoke_clean(["group", str(bad)])
    assert run.code == 2
    assert run.stderr.startswith(str(bad)), run.stderr
    assert expected in run.stderr


def test_the_same_attempt_twice_is_refused(tmp_path: Path) -> None:
    exports = group_exports(tmp_path / "exports", 3)
    copy = tmp_path / "copy.json"
    copy.write_bytes(exports[0].read_bytes())
    run = invoke_clean(["group", str(tmp_path / "exports"), str(copy)])
    assert run.code == 2
    assert f"{copy}:1:1: this is the same attempt as {exports[0]}" in run.stderr


def test_no_name_in_any_output(tmp_path: Path) -> None:
    group_exports(tmp_path / "exports", 4, prefix="zelda-secret-")
    folder = str(tmp_path / "exports")
    outputs = [
        invoke_clean(["group", folder]).stdout,
        invoke_clean(["group", folder, "--json"]).stdout,
    ]
    for fmt in GROUP_FORMATS:
        run = invoke_clean(["group", folder, "-f", fmt, "-o", "-"])
        assert run.code == 0, run.stderr
        outputs.append(run.stdout)
        target = tmp_path / f"group.{fmt}"
        assert invoke_clean(["group", folder, "-f", fmt, "-o", str(target)]).code == 0
        assert target.read_text() == run.stdout
    for text in outputs:
        assert "zelda" not in text.lower()
        assert '"attempt"' not in text


def test_every_format_is_wired_up(tmp_path: Path) -> None:
    group_exports(tmp_path / "exports", 3)
    folder = str(tmp_path / "exports")
    seen = {}
    for fmt in GROUP_FORMATS:
        run = invoke_clean(["group", folder, "-f", fmt, "-o", "-"])
        assert run.code == 0, run.stderr
        seen[fmt] = run.stdout
    assert json.loads(seen["json"]) == _group_json(folder)
    assert seen["html"].startswith("<!DOCTYPE html>")
    rows = list(csv.reader(io.StringIO(seen["csv"])))
    assert rows[0][:4] == ["bank", "bank_version", "area", "title"]
    assert [r[2] for r in rows[1:]] == ["overall", *AREAS]
    tokens = MarkdownIt("commonmark").enable("table").parse(seen["md"])
    assert sum(t.type == "tr_open" for t in tokens) == 1 + 1 + len(AREAS)  # head, overall, areas
    assert invoke_clean(["group", folder, "-f", "pdf"]).code == 2


def test_hostile_bank_text_stays_text(tmp_path: Path) -> None:
    hostile = "| <b>x</b> @here =cmd() www.example.com \x1b]0;pwn\x07"
    group_exports(tmp_path / "exports", 3, title="<script>alert(1)</script> |x|")
    for path in (tmp_path / "exports").iterdir():
        document = json.loads(path.read_text())
        document["bank"]["title"] = hostile
        document["dimensions"][0]["title"] = '=HYPERLINK("x") | *goals*'
        path.write_text(json.dumps(document))
    folder = str(tmp_path / "exports")
    terminal = invoke_clean(["group", folder]).stdout
    assert "\x1b]0" not in terminal
    assert "\x07" not in terminal
    md = invoke_clean(["group", folder, "-f", "md", "-o", "-"]).stdout
    html = MarkdownIt("commonmark").enable("table").render(md)
    assert "<b>" not in html
    table_rows = [
        t for t in MarkdownIt("commonmark").enable("table").parse(md) if t.type == "tr_open"
    ]
    assert len(table_rows) == 1 + 1 + len(AREAS)  # an escaped "|" opens no cell
    rows = list(
        csv.reader(io.StringIO(invoke_clean(["group", folder, "-f", "csv", "-o", "-"]).stdout))
    )
    assert rows[2][3].startswith("'=")  # inert in a spreadsheet


def test_html_is_refused_on_a_terminal_without_o(
    tmp_path: Path, leadquiz_home: Path, children: list[pexpect.spawn]
) -> None:
    group_exports(tmp_path / "exports", 3)
    child = spawn_in_terminal(
        leadquiz_home, children, "group", str(tmp_path / "exports"), "-f", "html"
    )
    child.expect("an HTML page is not for reading in a terminal")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2


def test_the_group_document_matches_its_description(tmp_path: Path) -> None:
    from test_json_docs import check_against_description

    group_exports(tmp_path / "exports", 3)
    group_exports(tmp_path / "pair", 2, seed=3)
    shown = _group_json(str(tmp_path / "exports"))
    hidden = _group_json(str(tmp_path / "pair"))
    check_against_description([shown, hidden])


def test_report_json_files_pool_too(tmp_path: Path) -> None:
    """What ``report --json`` prints (no answers) is a result file a group reads."""
    exports = group_exports(tmp_path / "exports", 3)
    reports = tmp_path / "reports"
    reports.mkdir()
    for index in range(3):
        run = invoke_clean(["report", "--json", "--user", f"person{index}"])
        assert run.code == 0, run.stderr
        (reports / f"r{index}.json").write_text(run.stdout)
    assert _group_json(str(reports)) == _group_json(str(tmp_path / "exports"))
    assert len(exports) == 3
