"""Exports of one attempt as text: Markdown, JSON or CSV (the CLI writes the files).

Each exporter takes a :class:`leadquiz.models.ReportData` and returns a string.
No exporter imports Rich.
"""

from __future__ import annotations

from collections.abc import Callable

from leadquiz.exporters.csvfmt import csv_rows_for_many, to_csv
from leadquiz.exporters.jsonfmt import to_json
from leadquiz.exporters.markdown import md_escape, to_markdown
from leadquiz.models import ReportData
from leadquiz.results.document import result_document

#: An exporter: everything about one attempt in, the file's text out.
Exporter = Callable[[ReportData], str]

#: The export formats by name, as given to ``export --format``.
EXPORTERS: dict[str, Exporter] = {"md": to_markdown, "json": to_json, "csv": to_csv}

#: The names of the export formats, in the order they are offered.
FORMATS: tuple[str, ...] = tuple(EXPORTERS)

__all__ = [
    "EXPORTERS",
    "FORMATS",
    "Exporter",
    "csv_rows_for_many",
    "export",
    "md_escape",
    "result_document",
    "to_csv",
    "to_json",
    "to_markdown",
]


def export(fmt: str, data: ReportData) -> str:
    """Export one attempt in format ``fmt`` (one of :data:`FORMATS`); raise ValueError otherwise."""
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return exporter(data)
