"""The HTML export without a browser: chart geometry (parsed SVG), escaping, trend, CLI, size."""

from __future__ import annotations

import dataclasses
import os
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bench_scripts import load
from cli_runs import invoke_clean
from html_pages import HOSTILE_HTML, chart_svgs, expected_interval, long_history, percent
from leadquiz.exporters import EXPORTERS, export
from leadquiz.exporters.chartdata import Markers
from leadquiz.exporters.html import TREND_POINTS, render_html, to_html
from leadquiz.exporters.markdown import to_markdown
from leadquiz.models import Pole
from leadquiz.results.insights import pole_texts
from leadquiz.viewpoints import RoleProfile
from report_fixtures import (
    TINY_DIMENSIONS,
    build,
    core_data,
    hostile_data,
    scored,
    tiny_answers,
    tiny_bank,
    tiny_data,
)

#: tiny_data()'s area scores (trust is not answered).
TINY_SCORES = {"goals": 12.5, "motivation": 75.0, "risk": 50.0, "change": 37.5, "culture": 87.5}


def one(element: ET.Element, path: str) -> ET.Element:
    """The element at ``path`` under ``element``, which must be there."""
    found = element.find(path)
    assert found is not None, path
    return found


def profile_rows(page: str) -> dict[str, ET.Element]:
    """The profile chart's area groups by area id."""
    profile = next(svg for svg in chart_svgs(page) if "profile" in svg.get("class", ""))
    return {g.get("data-area", ""): g for g in profile.iter("g") if g.get("data-area")}


def test_html_is_in_the_registry_and_is_one_page() -> None:
    page = export("html", tiny_data())
    assert EXPORTERS["html"].exporter() is to_html
    assert page.startswith("<!DOCTYPE html>")
    assert page.endswith("</html>\n")


def test_jinja2_is_imported_only_when_a_page_is_rendered() -> None:
    code = (
        "import sys, leadquiz.exporters as e; e.export('md', __import__('report_fixtures')"
        ".tiny_data()); print('jinja2' in sys.modules)"
    )
    tests = str(Path(__file__).parent)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tests
    )
    assert done.stdout.strip() == "False"


def test_score_markers_and_whiskers_sit_where_the_scores_say() -> None:
    rows = profile_rows(to_html(tiny_data()))
    assert set(rows) == {dim_id for dim_id, _, _, _ in TINY_DIMENSIONS}
    for area, score in TINY_SCORES.items():
        group = rows[area]
        marker = one(group, "circle[@class='mark-self']")
        assert percent(marker.get("cx")) == pytest.approx(score, abs=0.005)
        low, high = expected_interval(score, answered=3)
        whisker = one(group, "line[@class='whisker']")
        assert percent(whisker.get("x1")) == pytest.approx(low, abs=0.051)
        assert percent(whisker.get("x2")) == pytest.approx(high, abs=0.051)
        assert whisker.get("y1") == whisker.get("y2") == marker.get("cy")
    unanswered = rows["trust"]
    assert unanswered.find("circle") is None
    assert unanswered.find("line[@class='whisker']") is None
    assert "not answered" in "".join(unanswered.itertext())


def test_others_and_role_marks_are_drawn_only_when_present() -> None:
    plain = to_html(tiny_data())
    assert "mark-others" not in plain.split("<main>")[1]
    assert "mark-role" not in plain.split("<main>")[1]
    markers = Markers(others={"goals": 40.0, "risk": 61.5}, others_count=4, role={"goals": 75.0})
    page = render_html(tiny_data(), markers)
    rows = profile_rows(page)
    goals = rows["goals"]
    others = one(goals, "use[@class='mark-others']")
    role = one(goals, "use[@class='mark-role']")
    assert percent(others.get("x")) == 40.0
    assert percent(role.get("x")) == 75.0
    assert percent(one(rows["risk"], "use[@class='mark-others']").get("x")) == 61.5
    assert rows["risk"].find("use[@class='mark-role']") is None
    assert "others' average (4 observers)" in page
    assert "what your role asks" in page
    # The numbers table carries them too, and the screen-reader text says them.
    assert "<small>others 40.0</small><small>role 75.0</small></td>" in page
    assert "others' average 40.0; your role asks 75.0" in page


def test_every_chart_is_an_image_with_a_title_and_a_description() -> None:
    page = to_html(tiny_data(with_earlier=True))
    charts = chart_svgs(page)
    assert len(charts) == 2 + len(TINY_DIMENSIONS)  # profile, overall trend, one per area
    for chart in charts:
        assert chart.get("role") == "img"
        title, desc = chart.find("title"), chart.find("desc")
        assert title is not None
        assert desc is not None
        assert (title.text or "").strip()
        assert (desc.text or "").strip()
        assert chart.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_page_is_self_contained() -> None:
    page = to_html(core_data()).lower()
    for needle in (
        "<script",
        "<link",
        "<img",
        "<iframe",
        " src=",
        "url(",
        "@import",
        "http:",
        "https:",
    ):
        assert needle not in page, needle
    assert "@font-face" not in page
    assert "content-security-policy" in page


def test_hostile_text_is_escaped_everywhere() -> None:
    page = to_html(hostile_data(HOSTILE_HTML))
    assert "<script" not in page
    assert "<img" not in page
    assert "<a " not in page
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert "onerror=&#34;window.__pwned = 2&#34;" in page
    assert chart_svgs(page)  # still well-formed XML with the text inside
    rows = profile_rows(page)
    assert "<script>" in "".join(rows["goals"].itertext())


def test_trend_marks_changes_beyond_noise_and_bank_version_changes() -> None:
    bank = tiny_bank()
    middle = {q.id: 3 if q.type == "likert" else "n" for q in bank.questions}
    flat = build(bank, middle, attempt_id=5, day="2024-12-01")
    old = dataclasses.replace(flat.attempt, bank_version="0.0.9")
    data = build(bank, tiny_answers(), earlier=(scored(dataclasses.replace(flat, attempt=old)),))
    page = to_html(data)
    charts = {one(svg, "title").text: svg for svg in chart_svgs(page)}
    overall = charts["Overall score across 2 attempts of this bank"]
    # 50.0 -> 52.5 is within noise; goals 50.0 -> 12.5 is beyond it (threshold 28.0).
    assert overall.find(".//use[@class='mark-change']") is None
    assert len(overall.findall(".//circle[@class='mark-self']")) == 2
    goals = charts["Goals across attempts"]
    changed = goals.findall(".//use[@class='mark-change']")
    assert [use.get("data-attempt") for use in changed] == ["12"]
    assert "2025-03-04: 12.5 (beyond noise)" in (one(goals, "desc").text or "")
    for chart in (overall, goals):
        version = chart.find(".//line[@class='version']")
        assert version is not None
        assert percent(version.get("x1")) == 50.0
    assert "within noise" in page
    assert "new version" in page


def test_a_long_history_draws_a_bounded_number_of_points_and_says_so() -> None:
    data = long_history(tiny_data(), earlier=200, total=9_999)
    page = to_html(data)
    overall = chart_svgs(page)[1]
    points = overall.findall(".//circle") + overall.findall(".//use")
    assert len(points) == TREND_POINTS
    assert f"Showing the newest {TREND_POINTS} of 10,000 attempts of this bank" in page
    assert len(page.encode()) < 120_000


def test_markdown_gains_a_mermaid_trend_from_two_attempts() -> None:
    assert "```mermaid" not in to_markdown(tiny_data())
    text = to_markdown(tiny_data(with_earlier=True))
    block = text.split("```mermaid\n")[1].split("```")[0]
    assert block.startswith("xychart-beta\n")
    assert 'x-axis ["2024-12-01 #5", "2025-03-04 #12"]' in block
    assert "line [50.0, 52.5]" in block
    # The table is the trend; the chart comes after it, an addition for Mermaid renderers.
    assert text.index("| Date | Attempt |") < text.index("```mermaid")


def test_mermaid_block_carries_no_bank_or_user_text() -> None:
    data = hostile_data(HOSTILE_HTML, user="eve")
    data = dataclasses.replace(data, earlier=tiny_data(with_earlier=True).earlier)
    block = to_markdown(data).split("```mermaid\n")[1].split("```")[0]
    assert "eve" not in block
    assert "pwned" not in block


# --- through the CLI ----------------------------------------------------------------------

MINI = Path(__file__).parent / "data" / "mini.yaml"
MINI_ANSWERS = "answers: {goals-kpi: 5, goals-dream: 1, goals-plan: a, risk-safe: 5, risk-bet: a}\n"


def test_cli_writes_a_private_html_file_and_refuses_to_overwrite(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(MINI_ANSWERS, encoding="utf-8")
    assert invoke_clean(["take", "--bank", str(MINI), "--answers", str(answers)]).code == 0
    target = tmp_path / "report.html"
    run = invoke_clean(["export", "--format", "html", "-o", str(target)])
    assert run.code == 0, run.output
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    again = invoke_clean(["export", "--format", "html", "-o", str(target)])
    assert again.code != 0
    assert "--force" in again.stderr
    assert invoke_clean(["export", "-f", "html", "-o", str(target), "--force"]).code == 0
    shown = invoke_clean(["export", "--format", "html", "-o", "-"])
    assert shown.stdout == target.read_text(encoding="utf-8")
    refused = invoke_clean(["export", "--format", "html", "--all"])
    assert refused.code == 2


def test_a_ten_thousand_attempt_history_exports_a_small_page(tmp_path: Path) -> None:
    home = tmp_path / "history"
    load("run").build_history(home, attempts=10_000, sample=12)
    run = invoke_clean(
        ["export", "--format", "html", "--user", "bench"], env={"LEADQUIZ_HOME": str(home)}
    )
    assert run.code == 0, run.stderr
    assert f"Showing the newest {TREND_POINTS} of 10,000 attempts" in run.stdout
    assert len(run.stdout.encode()) < 150_000


def test_each_leaning_area_shows_its_own_strengths_and_risks() -> None:
    from markupsafe import escape

    data = core_data()
    page = to_html(data)
    shown = 0
    for scored_area in data.result.dimensions:
        dimension = data.bank.dimension(scored_area.id)
        if scored_area.score is None or scored_area.score == 50 or dimension is None:
            continue
        pole: Pole = "manager" if scored_area.score < 50 else "leader"
        brings, watch_for = pole_texts(dimension, pole)
        assert brings
        assert watch_for
        assert str(escape(brings)) in page
        assert str(escape(watch_for)) in page
        shown += 1
    assert shown >= 8


def test_the_role_profile_of_a_report_is_drawn_as_the_role_marker() -> None:
    data = tiny_data()
    profile = RoleProfile(
        id=1,
        user="dana",
        bank_id="tiny",
        bank_version="0.1.0",
        bank_digest="d" * 64,
        status="finished",
        started_at="2025-03-01T09:00:00+00:00",
        finished_at="2025-03-01T09:05:00+00:00",
        ratings=(("goals", 5), ("risk", 2)),
        leading_share=40,
    )
    page = to_html(dataclasses.replace(data, role=profile))
    rows = profile_rows(page)
    assert percent(one(rows["goals"], "use[@class='mark-role']").get("x")) == 100.0
    assert percent(one(rows["risk"], "use[@class='mark-role']").get("x")) == 25.0
    assert rows["change"].find("use[@class='mark-role']") is None
    assert "what your role asks" in page
    assert "Beside your role as you described it on 2025-03-01" in page
    # Goals: self 12.5, role 100 is far beyond noise, so it comes first to practise.
    assert "<h3>1. Goals" in page
    assert "leadquiz role" in to_html(data)  # without a profile: how to make one
