"""The HTML export in a real browser: Debian's Chromium, driven by Playwright, network off.

No browser is downloaded: Playwright drives the system's ``/usr/bin/chromium``
(``.ci/run`` installs it when missing). On a machine without it these tests
skip and say why; under CI (``CI=true``) a missing browser fails them instead.
Screenshots at each width are saved under the test's temporary directory.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from browser_pages import WIDTHS, Visit, browser
from html_pages import HOSTILE_HTML
from leadquiz.exporters.chartdata import Markers
from leadquiz.exporters.html import render_html, to_html
from report_fixtures import core_bank, hostile_data, tiny_data

if TYPE_CHECKING:
    from playwright.sync_api import Browser

__all__ = ["browser"]  # the fixture, imported for pytest


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def marked_core_page(tmp_path: Path) -> Path:
    """The core report with others' and role marks (synthetic) on every area."""
    ids = [d.id for d in core_bank().dimensions]
    markers = Markers(
        others={area: 20.0 + 5 * n for n, area in enumerate(ids)},
        others_count=5,
        role={area: 90.0 - 6 * n for n, area in enumerate(ids)},
    )
    from report_fixtures import core_data

    return write(tmp_path, "core.html", render_html(core_data(), markers))


@pytest.mark.parametrize("width", WIDTHS)
def test_page_loads_nothing_else_logs_no_error_and_fits_the_width(
    browser: Browser, tmp_path: Path, width: int
) -> None:
    path = write(tmp_path, "report.html", to_html(tiny_data(with_earlier=True)))
    for scheme in ("light", "dark"):
        visit = Visit(browser, path, width, scheme)
        assert visit.requests == [visit.url]
        assert visit.errors == []
        assert visit.overflow() <= 0
        visit.page.screenshot(path=str(tmp_path / f"report-{width}-{scheme}.png"), full_page=True)
        visit.page.close()
    assert (tmp_path / f"report-{width}-light.png").stat().st_size > 0


#: Per area of the profile: where the track runs and where each mark's centre is, in pixels.
MEASURE = """
() => [...document.querySelectorAll('svg.profile g[data-area]')].map(g => {
  const box = el => el ? el.getBoundingClientRect() : null;
  const centre = el => { const b = box(el); return b ? b.left + b.width / 2 : null; };
  const track = box(g.querySelector('.track'));
  const whisker = box(g.querySelector('.whisker'));
  const self = g.querySelector('.mark-self'), others = g.querySelector('.mark-others'),
        role = g.querySelector('.mark-role'), w = g.querySelector('.whisker');
  return {
    area: g.dataset.area, left: track.left, width: track.width,
    self: self && [Number(self.dataset.score), centre(self)],
    others: others && [Number(others.dataset.score), centre(others)],
    role: role && [Number(role.dataset.score), centre(role)],
    whisker: w && [Number(w.dataset.low), Number(w.dataset.high), whisker.left, whisker.right],
  };
})
"""


@pytest.mark.parametrize("width", WIDTHS)
def test_every_mark_sits_where_its_score_says_within_a_pixel(
    browser: Browser, tmp_path: Path, width: int
) -> None:
    visit = Visit(browser, marked_core_page(tmp_path), width)
    rows = visit.page.evaluate(MEASURE)
    assert len(rows) == len(core_bank().dimensions)
    checked = 0
    for row in rows:
        assert row["width"] > 0.8 * min(width, 960) - 40  # the line spans most of the text width

        def at(score: float, row: dict[str, Any] = row) -> float:
            return float(row["left"] + score / 100 * row["width"])

        for mark in ("self", "others", "role"):
            if row[mark] is not None:
                score, centre = row[mark]
                assert abs(centre - at(score)) <= 1, (row["area"], mark, score, centre)
                checked += 1
        if row["whisker"] is not None:
            low, high, left, right = row["whisker"]
            assert abs(left - at(low)) <= 1, (row["area"], low, left)
            assert abs(right - at(high)) <= 1, (row["area"], high, right)
    assert checked >= 3 * (len(rows) - 1)  # one area (culture) is skipped: no own score
    assert visit.overflow() <= 0
    visit.page.screenshot(path=str(tmp_path / f"marks-{width}.png"), full_page=True)
    visit.page.close()


def test_hostile_bank_text_runs_nothing_and_shows_literally(
    browser: Browser, tmp_path: Path
) -> None:
    path = write(tmp_path, "hostile.html", to_html(hostile_data(HOSTILE_HTML, user="eve")))
    visit = Visit(browser, path, 1280)
    page = visit.page
    assert visit.requests == [visit.url]  # an injected <img src=x> would have asked for x
    assert visit.errors == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('script, img, a, iframe').length") == 0
    assert HOSTILE_HTML in page.title()
    assert HOSTILE_HTML in page.inner_text("h1")  # every character shown as typed
    profile = page.text_content("svg.profile") or ""
    assert "<script>window.__pwned = 1</script>" in profile
    page.screenshot(path=str(tmp_path / "hostile.png"), full_page=True)
    page.close()
