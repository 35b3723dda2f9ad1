"""A group's results as files (the CLI writes them): the registry of ``group --format``.

Each exporter takes a :class:`leadquiz.results.group.GroupResults` and returns
a string. :data:`GROUP_FORMATS` is the one list of formats: the CLI's
``--format`` choices and help come from it, and a module is imported only when
its format is asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, NamedTuple, cast

if TYPE_CHECKING:
    from leadquiz.results.group import GroupResults

#: A group exporter: the group's results in, the file's text out.
GroupExporter = Callable[["GroupResults"], str]


class GroupFormat(NamedTuple):
    """One format of ``group``: its name, what it is for, and where its exporter lives."""

    name: str
    description: str
    module: str
    function: str

    def exporter(self) -> GroupExporter:
        """Import and return the exporter function."""
        return cast("GroupExporter", getattr(import_module(self.module), self.function))


_HERE = "leadquiz.exporters.group"

#: The group formats by name, in the order they are offered.
GROUP_FORMATS: dict[str, GroupFormat] = {
    fmt.name: fmt
    for fmt in (
        GroupFormat("md", "a table to share", f"{_HERE}.markdown", "group_markdown"),
        GroupFormat("html", "one page with a plot per area", f"{_HERE}.html", "group_html"),
        GroupFormat("csv", "one row per area", f"{_HERE}.csvfmt", "group_csv"),
        GroupFormat("json", "leadquiz/group/1", f"{_HERE}.jsonfmt", "group_json"),
    )
}


def group_formats_help() -> str:
    """The formats for ``--help``: ``md (a table to share), html (…) … or json (…)``."""
    named = [f"{fmt.name} ({fmt.description})" for fmt in GROUP_FORMATS.values()]
    return ", ".join(named[:-1]) + " or " + named[-1]


def export_group(fmt: str, group: GroupResults) -> str:
    """The group in format ``fmt`` (one of :data:`GROUP_FORMATS`); ValueError otherwise."""
    found = GROUP_FORMATS.get(fmt)
    if found is None:
        raise ValueError(f"unknown group format {fmt!r}; choose one of {', '.join(GROUP_FORMATS)}")
    return found.exporter()(group)
