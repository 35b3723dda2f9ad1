"""Exports of one attempt as text (the CLI writes the files): the registry of formats.

Each exporter takes a :class:`leadquiz.models.ReportData` and returns a string;
no exporter imports Rich. :data:`EXPORTERS` is the one list of formats: the
CLI's ``--format`` choices and help come from it, and an exporter's module is
imported only when that format is asked for, so the list costs nothing at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, NamedTuple, cast

if TYPE_CHECKING:
    from leadquiz.models import ReportData

#: An exporter: everything about one attempt in, the file's text out.
Exporter = Callable[["ReportData"], str]


class ExportFormat(NamedTuple):
    """One export format: its name, what it is for, and where its exporter lives.

    A named tuple: the registry is read by every command (``--format``'s help), and a
    dataclass would cost start-up time, TAB completion included.
    """

    name: str
    description: str
    module: str
    function: str

    def exporter(self) -> Exporter:
        """Import and return the exporter function."""
        return cast("Exporter", getattr(import_module(self.module), self.function))


#: The export formats by name, in the order they are offered.
EXPORTERS: dict[str, ExportFormat] = {
    fmt.name: fmt
    for fmt in (
        ExportFormat("md", "a report to share", "leadquiz.exporters.markdown", "to_markdown"),
        ExportFormat(
            "json", "the result and the raw answers", "leadquiz.exporters.jsonfmt", "to_json"
        ),
        ExportFormat("csv", "one row per area", "leadquiz.exporters.csvfmt", "to_csv"),
        ExportFormat(
            "html", "one page with charts, to open or print", "leadquiz.exporters.html", "to_html"
        ),
    )
}

#: The names of the export formats, in the order they are offered.
FORMATS: tuple[str, ...] = tuple(EXPORTERS)


def formats_help() -> str:
    """The formats for ``--help``: ``md (a report to share), json (…) or csv (…)``."""
    named = [f"{fmt.name} ({fmt.description})" for fmt in EXPORTERS.values()]
    return ", ".join(named[:-1]) + " or " + named[-1]


def export(fmt: str, data: ReportData) -> str:
    """Export one attempt in format ``fmt`` (one of :data:`FORMATS`); raise ValueError otherwise."""
    found = EXPORTERS.get(fmt)
    if found is None:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return found.exporter()(data)
