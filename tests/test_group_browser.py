"""The group's HTML page in Debian's Chromium: nothing loaded, no script run, plots in place."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser

from browser_pages import WIDTHS, Visit, browser
from cli_runs import invoke_clean
from group_fixtures import AREAS, group_exports
from html_pages import HOSTILE_HTML

__all__ = ["browser"]  # the module's browser fixture, shared


def _page(tmp_path: Path, **options: str) -> tuple[Path, dict[str, Any]]:
    group_exports(tmp_path / "exports", 6, **options)  # type: ignore[arg-type]
    page = tmp_path / "group.html"
    run = invoke_clean(["group", str(tmp_path / "exports"), "-f", "html", "-o", str(page)])
    assert run.code == 0, run.stderr
    document = json.loads(invoke_clean(["group", str(tmp_path / "exports"), "--json"]).stdout)
    return page, document


def test_the_page_loads_nothing_and_fits(browser: Browser, tmp_path: Path) -> None:
    page, _ = _page(tmp_path)
    for width in WIDTHS:
        for scheme in ("light", "dark"):
            visit = Visit(browser, page, width, scheme)
            assert visit.requests == [visit.url]
            assert visit.errors == []
            assert visit.overflow() <= 0
            visit.page.screenshot(
                path=str(tmp_path / f"group-{width}-{scheme}.png"), full_page=True
            )
            visit.page.close()


def test_each_box_stands_where_its_figures_say(browser: Browser, tmp_path: Path) -> None:
    page, document = _page(tmp_path)
    visit = Visit(browser, page, 1280)
    plots = visit.page.locator("svg.plot")
    areas = [document["overall"], *document["dimensions"]]
    assert plots.count() == 1 + len(AREAS)
    for index, area in enumerate(areas):
        plot = plots.nth(index)
        box = plot.locator("rect.box")
        q1, q3 = area["quartiles"]
        assert float(box.get_attribute("x") or "nan") == round(q1 * 4, 2)
        assert float(box.get_attribute("width") or "nan") == round(q3 * 4 - q1 * 4, 2)
        median = plot.locator("line.median")
        assert float(median.get_attribute("x1") or "nan") == round(area["median"] * 4, 2)
        # The box is drawn where the browser lays it out: q1 to q3 of the plot's width.
        track = plot.locator("line.track").bounding_box()
        drawn = box.bounding_box()
        assert track is not None
        assert drawn is not None
        assert abs(drawn["x"] - (track["x"] + track["width"] * q1 / 100)) <= 1.5
        assert f"median {area['median']:.1f}" in (plot.get_attribute("aria-label") or "")
    visit.page.close()


def test_hostile_bank_text_runs_nothing_and_shows_literally(
    browser: Browser, tmp_path: Path
) -> None:
    page, _ = _page(tmp_path, title=HOSTILE_HTML, area_title=HOSTILE_HTML)
    visit = Visit(browser, page, 1280)
    assert visit.page.evaluate("typeof window.__pwned") == "undefined"
    assert visit.requests == [visit.url]
    assert "<script>window.__pwned = 1</script>" in visit.page.locator("h1").inner_text()
    assert visit.page.locator("script").count() == 0
    assert visit.page.locator("img").count() == 0
    visit.page.close()
