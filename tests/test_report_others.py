"""The markdown and HTML reports carry every observer section the terminal shows, and "why".

The data are tests/report_observers.py: chosen averages beside the tiny
bank's own scores, so each number the exports show is known. Markdown is
compared whole and parsed with markdown-it; the HTML report is read in
Chromium (tests/browser_pages.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt

from browser_pages import Visit, browser
from leadquiz.exporters.html import to_html
from leadquiz.exporters.markdown import to_markdown
from observer_runs import ok, responses, take
from report_observers import OTHERS, observed_data, pending_data

if TYPE_CHECKING:
    from playwright.sync_api import Browser

__all__ = ["browser"]  # the fixture, imported for pytest

#: The markdown section, by hand: the rows in the report's order (own scores, manager
#: first), the overall row, the gauge of each (● you, ○ others, ◉ both on one cell),
#: the blind spot first, then the hidden strengths largest first.
OTHERS_MD = """\
## How others see you

From 4 observer responses; only averages are shown.

| Area | You | Others (4) | manager | peers (3) | Gap | Beyond noise | Position |
| --- | ---: | ---: | ---: | ---: | ---: | --- | :---: |
| Goals | 12.5 | 5.0 | 10.0 | 3.3 | −7.5 | no | ├○─●┼───┼───┼───┼───┤ |
| Change | 37.5 | 60.0 | 70.0 | 56.7 | +22.5 | yes | ├───┼───●───○───┼───┤ |
| Risk | 50.0 | 50.0 | 50.0 | 50.0 | 0.0 | no | ├───┼───┼─◉─┼───┼───┤ |
| Motivation | 75.0 | 40.0 | 30.0 | 43.3 | −35.0 | yes | ├───┼───○───┼──●┼───┤ |
| Culture | 87.5 | 100.0 | 100.0 | 100.0 | +12.5 | yes | ├───┼───┼───┼───┼─●─○ |
| Trust and control | — | 55.0 | 60.0 | 53.3 | – | no | ├───┼───┼──○┼───┼───┤ |
| Overall | 52.5 | 51.0 |  |  | −1.5 | no | ├───┼───┼─○●┼───┼───┤ |

● you ○ others (their average) ◉ you and others on one point

A group is shown on its own only with at least 3 responses (a manager also alone), and never \
so that the average of one or two people not shown could be worked out.

### Blind spots and hidden strengths

Areas where others place you further toward a pole than you place yourself, by more than \
the noise of the two scores (a 95% test). A blind spot: others see your leaning stronger \
than you do. A hidden strength: others see more of the pole you lean away from.

#### Blind spot: Culture

- Others place you at 100.0, you place yourself at 87.5: 12.5 points further toward the \
leader pole, beyond noise.
- Brings: Culture leader brings.
- Watch for: Culture risk.

#### Hidden strength: Motivation

- Others place you at 40.0, you place yourself at 75.0: 35.0 points further toward the \
manager pole, beyond noise.
- Brings: Motivation manager brings.

#### Hidden strength: Change

- Others place you at 60.0, you place yourself at 37.5: 22.5 points further toward the \
leader pole, beyond noise.
- Watch for: Change leader risk.

"""


def _section(markdown: str, heading: str, until: str) -> str:
    start = markdown.index(heading)
    return markdown[start : markdown.index(until, start)]


def test_markdown_carries_the_whole_observer_section() -> None:
    markdown = to_markdown(observed_data())
    assert _section(markdown, "## How others see you", "## Three areas") == OTHERS_MD


def test_markdown_parses_into_the_tables_and_headings_of_the_section() -> None:
    tokens = MarkdownIt("commonmark").enable("table").parse(to_markdown(observed_data()))
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    start = headings.index("How others see you")
    assert headings[start : start + 5] == [
        "How others see you",
        "Blind spots and hidden strengths",
        "Blind spot: Culture",
        "Hidden strength: Motivation",
        "Hidden strength: Change",
    ]
    assert headings.index("Why these scores") > start
    cells = [t.content for t in tokens if t.type == "inline"]
    overall = cells.index("Overall")
    assert cells[overall : overall + 8] == [
        "Overall",
        "52.5",
        "51.0",
        "",
        "",
        "−1.5",
        "no",
        "├───┼───┼─○●┼───┼───┤",
    ]


def test_markdown_says_how_many_more_are_needed_and_shows_nothing_else() -> None:
    markdown = to_markdown(pending_data())
    section = _section(markdown, "## How others see you", "## Three areas")
    assert section == (
        "## How others see you\n\n2 observer responses have come in. How others see you is "
        "shown from 3 responses on, so that no one's answers can be picked out: 1 more "
        "needed.\n\n"
    )


def test_markdown_why_heads_each_area_as_the_terminal_does() -> None:
    markdown = to_markdown(observed_data())
    why = markdown[markdown.index("## Why these scores") :]
    assert "### Goals (12.5 ± 16.6, strongly manager)\n" in why
    assert "### Trust and control (not answered)\n" in why
    assert (
        "| −16.7 | A leader statement about goals. | Strongly disagree | lean −1.00 toward the "
        "manager pole |" in why
    )


#: What the page's observer table says, row by row (area, you, others and groups, gap).
READ_TABLE = """
() => [...document.querySelectorAll('table.others tr')].map(
  tr => [...tr.children].map(cell => cell.innerText.replace(/\\s+/g, ' ').trim()))
"""


def test_the_html_report_carries_the_observer_section_and_why(
    browser: Browser, tmp_path: Path
) -> None:
    path = tmp_path / "report.html"
    path.write_text(to_html(observed_data()), encoding="utf-8")
    for width in (390, 1280):
        visit = Visit(browser, path, width)
        page = visit.page
        rows = page.evaluate(READ_TABLE)
        assert rows == [
            ["Area", "You", "Others (4) then manager, peers (3)", "Gap others − you"],
            ["Goals", "12.5", "5.0 manager 10.0 peers (3) 3.3", "−7.5 within noise"],
            ["Change", "37.5", "60.0 manager 70.0 peers (3) 56.7", "+22.5 beyond noise"],
            ["Risk", "50.0", "50.0 manager 50.0 peers (3) 50.0", "0.0 within noise"],
            ["Motivation", "75.0", "40.0 manager 30.0 peers (3) 43.3", "−35.0 beyond noise"],
            ["Culture", "87.5", "100.0 manager 100.0 peers (3) 100.0", "+12.5 beyond noise"],
            ["Trust and control", "—", "55.0 manager 60.0 peers (3) 53.3", "—"],
            ["Overall", "52.5", "51.0", "−1.5 within noise"],
        ]
        section = page.locator("section[aria-labelledby=others-heading]")
        assert section.locator("p").first.inner_text() == (
            "From 4 observer responses; only averages are shown."
        )
        cards = section.locator(".card").all_inner_texts()
        assert [card.splitlines()[0] for card in cards] == [
            "Blind spot: Culture",
            "Hidden strength: Motivation",
            "Hidden strength: Change",
        ]
        assert (
            "Others place you at 40.0, you place yourself at 75.0: 35.0 points further "
            "toward the manager pole, beyond noise." in cards[1]
        )
        assert "Brings\nMotivation manager brings." in cards[1]
        assert "Watch for" not in cards[1]
        # The others' marker on the profile chart sits at their average.
        marks = page.evaluate(
            "[...document.querySelectorAll('svg.profile .mark-others')]"
            ".map(m => [m.closest('g').dataset.area, Number(m.dataset.score)])"
        )
        assert sorted((area, score) for area, score in marks) == sorted(
            (area, others) for area, (others, *_rest) in OTHERS.items()
        )
        why = page.locator("section[aria-labelledby=why-heading]")
        assert why.locator("h3").first.inner_text() == "Goals 12.5 ± 16.6, strongly manager"
        first = why.locator("ol.pulls li").first.inner_text()
        assert first.split("\n") == [
            "−16.7",
            "A leader statement about goals.",
            "Answer: Strongly disagree · lean −1.00 toward the manager pole",
        ]
        assert visit.overflow() <= 0
        assert visit.requests == [visit.url]
        assert visit.errors == []
        page.screenshot(path=str(tmp_path / f"others-{width}.png"), full_page=True)
        page.close()


def test_the_html_report_says_how_many_more_are_needed_and_shows_no_table() -> None:
    page = to_html(pending_data())
    assert '<h2 id="others-heading">How others see you</h2>' in page
    assert "2 observer responses have come in." in page
    assert 'table class="others"' not in page
    assert 'mark-others" href' not in page


def test_an_exported_html_report_of_imported_responses_has_every_section(
    tmp_path: Path,
) -> None:
    take(tmp_path)
    files = responses(tmp_path, ["manager", "peer", "peer", "peer"])
    ok("import", *map(str, files))
    page = ok("export", "--format", "html").stdout
    for heading in ("How others see you", "Blind spots and hidden strengths", "Why these scores"):
        assert f">{heading}</h" in page
    assert "Others (4)<small>then manager, peers (3)</small>" in page
