"""The one Jinja2 environment of the HTML pages (reports and observer forms), autoescaped.

Jinja2 is imported when the first page is rendered, never at start-up. Every
value a template shows is escaped by the environment (``autoescape=True``);
nothing untrusted is ever marked safe.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from leadquiz.formatting import format_score

if TYPE_CHECKING:
    from jinja2 import Environment


@functools.cache
def environment() -> Environment:
    """The environment loading ``leadquiz/exporters/templates``, with the reports' filters.

    The filters' modules load when a template first uses one, so an observer form's
    page does not import the report's chart geometry.
    """
    from jinja2 import Environment, PackageLoader, StrictUndefined

    made = Environment(
        loader=PackageLoader("leadquiz.exporters", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    made.filters["pct"] = _pct
    made.filters["score"] = format_score
    return made


def _pct(value: float) -> str:
    from leadquiz.exporters.charts import pct

    return pct(value)
