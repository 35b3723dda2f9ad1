"""Helpers for the HTML export tests: sample pages and their charts as XML elements."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET

from leadquiz.models import ReportData, ScoredAttempt
from leadquiz.results import precision

#: Text that must stay text in every part of a page: a script, an event handler, a URL scheme.
HOSTILE_HTML = (
    '<script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2"> '
    '<a href="javascript:window.__pwned = 3">click</a> \' " &amp;'
)

_SVG_TAG = re.compile(r"<svg\b|</svg>")


def chart_svgs(page: str) -> list[ET.Element]:
    """Every ``<svg class="chart …">`` of a page, parsed as XML (they must be well-formed)."""
    charts: list[ET.Element] = []
    start = page.find('<svg class="chart')
    while start != -1:
        depth = 0
        for tag in _SVG_TAG.finditer(page, start):
            depth += 1 if tag.group() == "<svg" else -1
            if depth == 0:
                charts.append(ET.fromstring(page[start : tag.end()]))
                break
        start = page.find('<svg class="chart', start + 1)
    return charts


def percent(value: str | None) -> float:
    """``37.5%`` → 37.5."""
    assert value is not None
    assert value.endswith("%"), value
    return float(value[:-1])


def expected_interval(score: float, answered: int, sigma: float = 0.35) -> tuple[float, float]:
    """The 90% interval of an area of equal weights, straight from the rule's formula."""
    se = 50 * sigma * (answered**0.5) / answered
    low, high = max(0.0, score - 1.645 * se), min(100.0, score + 1.645 * se)
    assert (round(low, 1), round(high, 1)) == pytest_round(precision.interval(score, se))
    return low, high


def pytest_round(pair: tuple[float, float]) -> tuple[float, float]:
    """A pair rounded to one decimal (to compare the rule's output with the formula's)."""
    return round(pair[0], 1), round(pair[1], 1)


def long_history(data: ReportData, earlier: int, total: int) -> ReportData:
    """``data`` with ``earlier`` copies of itself as earlier attempts, of ``total`` in all."""
    copies = tuple(
        ScoredAttempt(dataclasses.replace(data.attempt, id=index + 1), data.result)
        for index in range(earlier)
    )
    return dataclasses.replace(data, earlier=copies, earlier_total=total)
